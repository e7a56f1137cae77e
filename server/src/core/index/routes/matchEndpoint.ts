import { match, parse } from 'path-to-regexp';
import type { Token } from 'path-to-regexp';
import type { RouteFact } from '../../model/routeFact';
import { joinRoutePath, normalizeRequestPath } from './routePath';

/** An HTTP endpoint as a scanner reports it (a DAST finding, a runtime observation). */
export interface Endpoint {
  method: string;
  /** Request path or URL; the query string, fragment, origin and trailing slash are ignored. */
  path: string;
}

/** Finds the routes that answer an endpoint, best first; see {@link createEndpointMatcher}. */
export function matchEndpoint(routes: readonly RouteFact[], endpoint: Endpoint): readonly RouteFact[] {
  return createEndpointMatcher(routes)(endpoint);
}

interface CompiledRoute {
  route: RouteFact;
  index: number;
  matches: (path: string) => boolean;
  specificity: number[];
}

/**
 * Compiles route paths once and returns a function that finds the routes answering an endpoint, best first:
 * exact method before `HEAD`→`GET` before `ALL`, then static segments before parameters before optional segments
 * before wildcards, then declaration order. Paths use path-to-regexp 8 (Express 5) syntax; the older syntax of
 * Express 4, Koa, Fastify and Nest (`:id?`, `:id(\d+)`, `*`, `(.*)`) is translated first. Matching ignores case,
 * query strings and trailing slashes. A pattern that still can't be compiled is skipped, never thrown.
 */
export function createEndpointMatcher(routes: readonly RouteFact[]): (endpoint: Endpoint) => readonly RouteFact[] {
  const compiled: CompiledRoute[] = [];
  routes.forEach((route, index) => {
    const pattern = compiledPattern(toPathToRegexp(joinRoutePath(route.path)));
    if (pattern) {
      compiled.push({ route, index, ...pattern });
    }
  });
  // Endpoints that differ only in their query string or case are matched once (DAST reports name them by the hundred).
  const matched = new Map<string, RouteFact[]>();
  return (endpoint) => {
    const method = endpoint.method.trim().toUpperCase();
    const path = normalizeRequestPath(endpoint.path);
    const key = `${method} ${path}`;
    const known = matched.get(key);
    if (known) {
      return known;
    }
    const candidates: { compiled: CompiledRoute; methodRank: number }[] = [];
    for (const item of compiled) {
      const methodRank = rankMethod(item.route.method.toUpperCase(), method);
      if (methodRank !== undefined && safeMatch(item, path)) {
        candidates.push({ compiled: item, methodRank });
      }
    }
    candidates.sort((a, b) => a.methodRank - b.methodRank || compareSpecificity(a.compiled.specificity, b.compiled.specificity) || a.compiled.index - b.compiled.index);
    const routesFound = candidates.map((candidate) => candidate.compiled.route);
    matched.set(key, routesFound);
    return routesFound;
  };
}

/** Compiled patterns by source: routes are matched again after every edit, and their paths rarely change. */
const patternCache = new Map<string, Pick<CompiledRoute, 'matches' | 'specificity'> | null>();
const maxCachedPatterns = 20_000;

/** The compiled form of a path-to-regexp pattern; null for one that does not parse (a regex route, a typo). */
function compiledPattern(pattern: string): Pick<CompiledRoute, 'matches' | 'specificity'> | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      const test = match(pattern, { decode: false, end: true, trailing: true, sensitive: false });
      compiled = { matches: (path) => test(path) !== false, specificity: specificityOf(parse(pattern).tokens) };
    } catch {
      compiled = null; // it simply answers nothing
    }
    if (patternCache.size >= maxCachedPatterns) {
      patternCache.clear();
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

function safeMatch(item: CompiledRoute, path: string): boolean {
  try {
    return item.matches(path);
  } catch {
    return false;
  }
}

/** 0 exact, 1 a GET route answering HEAD, 2 an ALL route; undefined when the route doesn't answer the method. */
function rankMethod(routeMethod: string, method: string): number | undefined {
  if (method === '' || method === '*' || routeMethod === method) {
    return 0;
  }
  if (method === 'HEAD' && routeMethod === 'GET') {
    return 1; // Express and Fastify answer HEAD with the GET handler
  }
  return routeMethod === 'ALL' ? 2 : undefined;
}

/** Segment scores: static 4, static with parameter 3, parameter 2, optional group 1, wildcard 0. */
function specificityOf(tokens: readonly Token[]): number[] {
  const scores: number[] = [];
  let segment: { hasText: boolean; hasParam: boolean; hasWildcard: boolean } | undefined;
  const close = (): void => {
    if (segment) {
      scores.push(segment.hasWildcard ? 0 : segment.hasParam ? (segment.hasText ? 3 : 2) : 4);
    }
    segment = undefined;
  };
  const open = (): { hasText: boolean; hasParam: boolean; hasWildcard: boolean } => (segment ??= { hasText: false, hasParam: false, hasWildcard: false });
  for (const token of tokens) {
    if (token.type === 'text') {
      token.value.split('/').forEach((piece, index) => {
        if (index > 0) {
          close();
        }
        if (piece !== '') {
          open().hasText = true;
        }
      });
    } else if (token.type === 'param') {
      open().hasParam = true;
    } else if (token.type === 'wildcard') {
      open().hasWildcard = true;
    } else {
      close();
      scores.push(token.tokens.some((inner) => inner.type === 'wildcard') ? 0 : 1);
    }
  }
  close();
  return scores;
}

/** Higher segment scores first, left to right; when one is a prefix of the other, the shorter (no extra optional part) wins. */
function compareSpecificity(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return (b[i] ?? 0) - (a[i] ?? 0);
    }
  }
  return a.length - b.length;
}

/**
 * Translates older route syntax to path-to-regexp 8: `:id(\d+)` → `:id`, `:id?` → `{/:id}`, `:p*` → `{/*p}`,
 * `:p+` → `/*p`, `(.*)` and a bare `*` → a named wildcard, lookarounds `(?!x)` dropped, any other `(regex)` → a
 * parameter; remaining reserved characters are escaped. Patterns already in the new syntax (`{/:id}`, `*name`) pass unchanged.
 */
export function toPathToRegexp(path: string): string {
  let out = '';
  let generated = 0;
  const optional = (token: string): void => {
    out = out.endsWith('/') ? `${out.slice(0, -1)}{/${token}}` : `${out}{${token}}`;
  };
  for (let i = 0; i < path.length; ) {
    const char = path.charAt(i);
    if (char === '\\') {
      out += path.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === ':') {
      const name = /^:([A-Za-z_$][\w$]*)/.exec(path.slice(i));
      if (!name) {
        out += '\\:'; // Fastify's `::` is a literal colon
        i += path.charAt(i + 1) === ':' ? 2 : 1;
        continue;
      }
      i += name[0].length;
      if (path.charAt(i) === '(') {
        i = closingParenthesis(path, i) + 1; // the constraint narrows the match; any value is fine for locating code
      }
      const modifier = path.charAt(i);
      const token = modifier === '*' || modifier === '+' ? `*${name[1]}` : `:${name[1]}`;
      if (modifier === '?' || modifier === '*') {
        optional(token);
        i++;
      } else {
        out += token;
        i += modifier === '+' ? 1 : 0;
      }
      continue;
    }
    if (char === '(') {
      const end = closingParenthesis(path, i);
      const body = path.slice(i + 1, end);
      i = end + 1;
      if (/^\?<?[=!]/.test(body)) {
        continue; // a lookahead or lookbehind matches no characters: `/ftp(?!/quarantine)/:file` → `/ftp/:file`
      }
      const token = /^\.[*+]\??$/.test(body) ? `*wild${generated++}` : `:param${generated++}`;
      if (path.charAt(i) === '?' || path.charAt(i) === '*') {
        optional(token);
        i++;
      } else {
        out += token;
      }
      continue;
    }
    if (char === '*') {
      const isNamed = /[A-Za-z_$]/.test(path.charAt(i + 1));
      out += isNamed ? '*' : `*wild${generated++}`;
      i++;
      continue;
    }
    if (char === '?' && out.endsWith('}')) {
      i++; // path-to-regexp 6 `{...}?`: groups are optional already
      continue;
    }
    out += '?+!()[]'.includes(char) ? `\\${char}` : char;
    i++;
  }
  return out;
}

/** Index of the parenthesis closing the one at `open` (nested groups and escapes skipped); the end when unbalanced. */
function closingParenthesis(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    const char = path.charAt(i);
    if (char === '\\') {
      i++;
    } else if (char === '(') {
      depth++;
    } else if (char === ')' && --depth === 0) {
      return i;
    }
  }
  return path.length;
}
