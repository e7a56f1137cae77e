import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { javascriptGrammarFor } from '../core/index/imports/javascript';
import type { FileRoutes } from '../core/model/fileRoutes';
import type { QueryMatch } from '../core/model/syntax';
import type { RouteFact } from '../core/model/routeFact';
import { resolveRoutes } from '../core/index/routes/resolveRoutes';
import { indexFileRoutes } from '../host/indexers/routesIndexer';
import { TreeSitterHost } from '../host/treeSitterHost';
import { wasmLocator } from '../host/wasmLocator';
import { fixturePath } from './fixtures';

let host: Promise<TreeSitterHost> | undefined;

/** One real tree-sitter host shared by the route tests, so grammars load once. */
export function routeTestHost(): Promise<TreeSitterHost> {
  host ??= TreeSitterHost.create(wasmLocator(__dirname));
  return host;
}

/** What the annotations of a fixture file expect on one declaration line. */
export interface LineExpectation {
  /** `METHOD /path` after resolving the whole fixture, sorted. */
  resolved: string[];
  /** `METHOD /path` from the file alone (defaults to `resolved`), sorted. */
  local: string[];
  /** Routes annotated `(no handler)`: their handler body is not in the file. */
  withoutHandler: Set<string>;
}

/**
 * Reads `// expect-route: GET /x`, `// expect-local: GET /x` and `// expect-route: none` comments; stacked comments
 * apply to the next code line. Keys are 0-based line numbers of the declarations.
 */
export function routeExpectations(text: string): Map<number, LineExpectation> {
  const expected = new Map<number, LineExpectation>();
  let pending: { resolved: string[]; local: string[]; hasLocal: boolean; withoutHandler: Set<string> } | undefined;
  text.split('\n').forEach((line, index) => {
    const annotation = /^\s*\/\/ expect-(route|local): (.+)$/.exec(line);
    if (annotation) {
      pending ??= { resolved: [], local: [], hasLocal: false, withoutHandler: new Set() };
      pending.hasLocal ||= annotation[1] === 'local';
      const value = annotation[2]!.trim();
      const route = value.replace(/\s*\(no handler\)$/, '');
      if (route !== value) {
        pending.withoutHandler.add(route);
      }
      if (route !== 'none') {
        (annotation[1] === 'route' ? pending.resolved : pending.local).push(route);
      }
      return;
    }
    if (pending) {
      const local = pending.hasLocal ? pending.local : pending.resolved;
      expected.set(index, { resolved: [...pending.resolved].sort(), local: [...local].sort(), withoutHandler: pending.withoutHandler });
      pending = undefined;
    }
  });
  return expected;
}

/** Routes of one file as `METHOD /path` lists by 0-based declaration line. */
export function routesByLine(routes: readonly RouteFact[], file: string): Map<number, string[]> {
  const byLine = new Map<number, string[]>();
  for (const route of routes.filter((item) => item.location.path === file)) {
    const line = route.location.range.start.line;
    byLine.set(line, [...(byLine.get(line) ?? []), `${route.method} ${route.path}`].sort());
  }
  return byLine;
}

/**
 * Asserts that the routes found in `file` are exactly the annotated ones (`kind` picks the resolved or the local
 * expectations), and that each has a handler range unless annotated `(no handler)`.
 */
export function assertAnnotatedRoutes(text: string, file: string, routes: readonly RouteFact[], kind: 'resolved' | 'local'): void {
  const expectations = routeExpectations(text);
  const actual = routesByLine(routes, file);
  const lines = text.split('\n');
  for (const [line, expected] of expectations) {
    assert.deepEqual(actual.get(line) ?? [], expected[kind], `${file}:${line + 1}: ${lines[line]?.trim()}`);
  }
  const unexpected = [...actual.keys()].filter((line) => !expectations.has(line)).map((line) => `${file}:${line + 1}: ${actual.get(line)?.join(', ')}`);
  assert.deepEqual(unexpected, [], 'every route is annotated');
  for (const route of routes.filter((item) => item.location.path === file)) {
    const isWithout = expectations.get(route.location.range.start.line)?.withoutHandler.has(`${route.method} ${route.path}`) ?? false;
    assert.equal(route.handlerRange === undefined, isWithout, `${file}:${route.location.range.start.line + 1}: ${route.method} ${route.path} handler range`);
  }
}

/** Repository-relative paths and texts of the JavaScript-family files below a folder of test-fixtures/. */
export function fixtureSources(...segments: string[]): Map<string, string> {
  const root = fixturePath(...segments);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') {
        walk(full);
      } else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name)) {
        files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

/** Every route of a fixture folder, resolved across its files with all its paths known, as the engine would. */
export async function resolveFixture(sources: ReadonlyMap<string, string>): Promise<RouteFact[]> {
  return resolveRoutes(await fixtureFileRoutes(sources), { knownPaths: new Set(sources.keys()) });
}

/** The routing facts of every file of a fixture folder, as the engine would collect them. */
export async function fixtureFileRoutes(sources: ReadonlyMap<string, string>): Promise<Map<string, FileRoutes>> {
  const treeSitter = await routeTestHost();
  const files = new Map<string, FileRoutes>();
  for (const [file, text] of sources) {
    const routes = await indexFileRoutes(treeSitter, file, text);
    if (routes) {
      files.set(file, routes);
    }
  }
  return files;
}

/**
 * Runs one framework module on a text with the real tree-sitter: its query for the file's grammar, then its
 * `routesFromMatches`.
 */
export async function moduleFileRoutes(
  file: string,
  text: string,
  module: { query: (grammar: 'javascript' | 'typescript' | 'tsx') => string; routesFromMatches: (path: string, matches: readonly QueryMatch[]) => FileRoutes },
): Promise<FileRoutes> {
  const grammar = javascriptGrammarFor(file);
  assert.ok(grammar, `${file} is a JavaScript-family file`);
  return (await routeTestHost()).withMatches(grammar, text, [module.query(grammar)], ([matches]) => module.routesFromMatches(file, matches ?? []));
}

/** `METHOD /path` of routes, sorted. */
export function describeRoutes(routes: readonly RouteFact[]): string[] {
  return routes.map((route) => `${route.method} ${route.path}`).sort();
}
