import { anonymousFunctionKeys } from '../core/index/routes/jsModules';
import { compareRouteFacts, resolveRoutes } from '../core/index/routes/resolveRoutes';
import type { FileRoutes } from '../core/model/fileRoutes';
import type { Range } from '../core/model/location';
import type { RouteFact } from '../core/model/routeFact';

/**
 * The routing facts of every file and the routes they resolve to, kept across edits. Resolving joins every file
 * (mount chains cross files), which on a large workspace costs milliseconds per keystroke; but most edits of a file
 * with routes only move them (a line typed above a route). When every file that changed since the last resolution
 * has the same routing facts but for their positions, the kept routes get the new positions instead: the same
 * routes, in the same order, that resolving again gives.
 */
export class RouteIndex {
  private readonly files = new Map<string, FileRoutes>();
  private resolved?: { routes: RouteFact[]; filesRevision: number };
  /** Files whose routing facts only moved since the last resolution: each old range (as a key) → its new range. */
  private readonly moved = new Map<string, Map<string, Range>>();
  private isStale = true;

  /** A file's routing facts changed (undefined: it has none any more). */
  update(path: string, routes: FileRoutes | undefined): void {
    const before = this.files.get(path);
    if (routes) {
      this.files.set(path, routes);
    } else {
      this.files.delete(path);
    }
    if (this.isStale) {
      return;
    }
    // A file moved twice before the routes were asked for is resolved again rather than its moves composed.
    const moves = before && routes && !this.moved.has(path) ? rangeMoves(before, routes) : undefined;
    if (moves) {
      this.moved.set(path, moves);
    } else {
      this.isStale = true;
    }
  }

  /** The resolved routes; `filesRevision` moves with the list of workspace files (mount targets resolve against it). */
  routes(knownPaths: ReadonlySet<string>, filesRevision: number): RouteFact[] {
    const kept = this.resolved;
    let routes = kept && !this.isStale && kept.filesRevision === filesRevision ? (this.moved.size === 0 ? kept.routes : this.withMoves(kept.routes)) : undefined;
    routes ??= resolveRoutes(this.files, { knownPaths });
    this.moved.clear();
    this.isStale = false;
    this.resolved = { routes, filesRevision };
    return routes;
  }

  /** The kept routes at their new positions; undefined when a range has no known move or the order would change. */
  private withMoves(routes: readonly RouteFact[]): RouteFact[] | undefined {
    const moved: RouteFact[] = [];
    for (const route of routes) {
      const moves = this.moved.get(route.location.path);
      if (!moves) {
        moved.push(route);
        continue;
      }
      const range = moves.get(rangeKey(route.location.range));
      const handlerRange = route.handlerRange && moves.get(rangeKey(route.handlerRange));
      if (!range || (route.handlerRange && !handlerRange)) {
        return undefined;
      }
      const next: RouteFact = { ...route, location: { path: route.location.path, range } };
      if (handlerRange) {
        next.handlerRange = handlerRange;
      }
      if (moved.length > 0 && compareRouteFacts(moved[moved.length - 1]!, next) > 0) {
        return undefined;
      }
      moved.push(next);
    }
    return moved;
  }
}

function isRange(value: unknown): value is Range {
  const range = value as Partial<Range> | null;
  return typeof range === 'object' && range !== null && typeof range.start?.line === 'number' && typeof range.end?.line === 'number';
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
}

/**
 * How the ranges of a file's routing facts moved, when nothing else about them changed: each old range → its new
 * range. Undefined when anything but positions differs, or when two ranges (or two starts, which tell routes apart)
 * would become one. Anonymous functions' router keys are made of offsets: they may move too, as long as two keys
 * never become one (resolution only compares keys; routes do not carry them).
 */
function rangeMoves(before: FileRoutes, after: FileRoutes): Map<string, Range> | undefined {
  const shape = (routes: FileRoutes): string =>
    JSON.stringify(routes, (_key, value: unknown) => (isRange(value) ? 0 : typeof value === 'string' && value.includes('*fn@') ? value.replace(anonymousFunctionKeys, '*fn*') : value));
  if (shape(before) !== shape(after)) {
    return undefined;
  }
  const moves = new Map<string, Range>();
  const sources = new Map<string, string>();
  const starts = new Map<string, string>();
  const startSources = new Map<string, string>();
  const keys = new Map<string, string>();
  const keySources = new Map<string, string>();
  const agrees = <K, V>(map: Map<K, V>, key: K, value: V): boolean => {
    const known = map.get(key);
    map.set(key, value);
    return known === undefined || known === value;
  };
  const walk = (old: unknown, next: unknown): boolean => {
    if (isRange(old) && isRange(next)) {
      const from = rangeKey(old);
      const to = rangeKey(next);
      const fromStart = `${old.start.line}:${old.start.character}`;
      const toStart = `${next.start.line}:${next.start.character}`;
      if (!agrees(sources, to, from) || !agrees(starts, fromStart, toStart) || !agrees(startSources, toStart, fromStart)) {
        return false;
      }
      const known = moves.get(from);
      moves.set(from, next);
      return known === undefined || rangeKey(known) === to;
    }
    if (typeof old === 'string' && typeof next === 'string' && old.includes('*fn@')) {
      const from = old.match(anonymousFunctionKeys) ?? [];
      const to = next.match(anonymousFunctionKeys) ?? [];
      return from.every((key, at) => agrees(keys, key, to[at]!) && agrees(keySources, to[at]!, key));
    }
    if (typeof old !== 'object' || old === null || typeof next !== 'object' || next === null) {
      return true; // equal shapes: the same value
    }
    return Object.keys(old).every((key) => walk((old as Record<string, unknown>)[key], (next as Record<string, unknown>)[key]));
  };
  return walk(before, after) ? moves : undefined;
}
