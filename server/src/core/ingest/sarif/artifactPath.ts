import type { ArtifactLocation, Run } from 'sarif';
import { asObject, asString, elementAt, ownValue } from './json';

/** What an artifact location names: a repository file, a web URL (DAST), or something refused, with why. */
export type ArtifactTarget = { path: string } | { url: string } | { problem: string };

/** The run-level facts needed to resolve artifact locations. */
export interface UriContext {
  /** `run.originalUriBaseIds`: base id → artifact location. */
  baseIds: unknown;
  /** `run.artifacts`, for locations that give only an `index`. */
  artifacts: unknown;
  /** `file://` URI of the repository root on this machine, when known. */
  repoRootUri?: string;
}

/** Base ids may chain (`SRCROOT` → `REPOROOT`); deeper chains are malformed or cyclic. */
const maxBaseDepth = 8;

/**
 * Resolves a SARIF artifact location to a repository-relative path (`/` separators, no `.` or `..`). Relative URIs
 * are taken relative to the repository root, after their `uriBaseId` prefix when that base is itself relative (an
 * absolute base is the scanner's checkout, i.e. the root). Absolute `file://` URIs are made relative to
 * `repoRootUri`, else to an absolute base the run declares. Anything that stays absolute or escapes the repository
 * with `..` is refused: report paths are never trusted. Undefined when the location names no artifact at all.
 */
export function resolveArtifact(value: unknown, context: UriContext): ArtifactTarget | undefined {
  let location = asObject<ArtifactLocation>(value);
  if (location && asString(location.uri) === undefined) {
    location = asObject<ArtifactLocation>(asObject<{ location: unknown }>(elementAt(context.artifacts, location.index))?.location);
  }
  const uri = asString(location?.uri);
  if (!location || uri === undefined) {
    return undefined;
  }
  if (/^https?:\/\//i.test(uri)) {
    return { url: uri };
  }
  if (/^file:/i.test(uri)) {
    return relativeToKnownRoot(uri, context);
  }
  if (hasScheme(uri)) {
    return { problem: `location ${quote(uri)} is not a file; dropped` };
  }
  const base = baseOf(asString(location.uriBaseId), context);
  const relative = decode(uri);
  if (isAbsolutePath(relative)) {
    return { problem: `location ${quote(uri)} is an absolute path; dropped` };
  }
  const insideRoot = base.absolute && context.repoRootUri && isInside(base.absolute, context.repoRootUri) ? relativeTo(base.absolute, context.repoRootUri) : '';
  return toRepositoryPath(joinPath(joinPath(insideRoot, base.relative), relative), uri);
}

/**
 * Normalizes a decoded path to a repository path: `/` separators, no empty, `.` or `..` segments. Refuses absolute
 * paths, `..` escapes and control characters, naming `shown` (the URI as the report wrote it) in the problem.
 */
function toRepositoryPath(path: string, shown = path): ArtifactTarget {
  const slashed = path.replace(/\\/g, '/');
  if (/[\u0000-\u001f\u007f]/.test(slashed)) {
    return { problem: `location ${quote(shown)} contains control characters; dropped` };
  }
  if (isAbsolutePath(slashed)) {
    return { problem: `location ${quote(shown)} is an absolute path; dropped` };
  }
  const segments: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '..') {
      if (segments.pop() === undefined) {
        return { problem: `location ${quote(shown)} points outside the repository; dropped` };
      }
    } else if (segment !== '' && segment !== '.') {
      segments.push(segment);
    }
  }
  return segments.length > 0 ? { path: segments.join('/') } : { problem: `location ${quote(shown)} names no file; dropped` };
}

function relativeToKnownRoot(uri: string, context: UriContext): ArtifactTarget {
  const roots = [context.repoRootUri, ...absoluteBases(context)].filter((root): root is string => root !== undefined);
  const root = roots.find((candidate) => isInside(uri, candidate));
  return root !== undefined
    ? toRepositoryPath(relativeTo(uri, root), uri)
    : { problem: `location ${quote(uri)} is an absolute path outside the repository; dropped` };
}

/**
 * What a `uriBaseId` stands for: the absolute `file:` URI at the top of its chain, if any, and the relative path
 * the chain adds below it (`''` when the id is unknown: SARIF leaves such bases to the consumer, and here they are the
 * repository root).
 */
function baseOf(id: string | undefined, context: UriContext, depth = 0): { absolute?: string; relative: string } {
  const base = id !== undefined && depth < maxBaseDepth ? asObject<ArtifactLocation>(ownValue(context.baseIds, id)) : undefined;
  const uri = asString(base?.uri);
  if (!base || uri === undefined || (hasScheme(uri) && !/^file:/i.test(uri))) {
    return { relative: '' };
  }
  if (/^file:/i.test(uri)) {
    return { absolute: uri, relative: '' };
  }
  const parent = baseOf(asString(base.uriBaseId), context, depth + 1);
  return { absolute: parent.absolute, relative: joinPath(parent.relative, decode(uri)) };
}

function absoluteBases(context: UriContext): string[] {
  const ids = Object.keys(asObject<Run['originalUriBaseIds']>(context.baseIds) ?? {});
  return ids.flatMap((id) => {
    const base = baseOf(id, context);
    return base.absolute !== undefined ? [joinUri(base.absolute, base.relative)] : [];
  });
}

function isInside(uri: string, rootUri: string): boolean {
  return filePath(uri).startsWith(directory(filePath(rootUri)));
}

function relativeTo(uri: string, rootUri: string): string {
  return filePath(uri).slice(directory(filePath(rootUri)).length);
}

/** The decoded path of a `file:` URI, without host `localhost`, with a lower-case drive letter. */
function filePath(uri: string): string {
  const path = decode(uri.replace(/^file:(\/\/(localhost(?=\/))?)?/i, '')).replace(/\\/g, '/');
  return path.replace(/^\/?([a-z]):/i, (_, drive: string) => `/${drive.toLowerCase()}:`);
}

function directory(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function joinUri(base: string, relative: string): string {
  return `${directory(base)}${relative.replace(/^\.?\//, '')}`;
}

function joinPath(prefix: string, path: string): string {
  return prefix === '' ? path : `${prefix.replace(/\/+$/, '')}/${path}`;
}

function isAbsolutePath(path: string): boolean {
  return /^([\\/]|[a-z]:)/i.test(path);
}

function hasScheme(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(uri);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
