import { parseSyml } from '@yarnpkg/parsers';
import type { Parsed } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { LockedPackage, ResolvedLockfile } from './npmGraph';

/** A parsed `yarn.lock`: classic (v1, entries keyed by `name@range`) or berry (v2+, `__metadata`, `name@npm:range`). */
export interface YarnLockfile extends ResolvedLockfile {
  flavor: 'classic' | 'berry';
  /** `1` for classic; `__metadata.version` for berry (e.g. 6 from Yarn 3, 8 and 10 from Yarn 4). */
  lockfileVersion: number;
}

type Entry = Record<string, unknown>;

/**
 * Parses a `yarn.lock` of either flavor into resolved edges. Classic lockfiles record no workspaces, so their
 * importers are left to the root manifest's `workspaces` globs; berry records every workspace as a
 * `name@workspace:<folder>` entry, which becomes an importer. Never throws.
 */
export function parseYarnLockfile(text: string, path: string): Parsed<YarnLockfile> {
  let document: Record<string, unknown>;
  try {
    document = parseSyml(text);
  } catch (error) {
    return { problems: [{ path, message: `Cannot read ${path}: ${firstLine((error as Error).message)}`, range: errorRange(error) }] };
  }
  const metadata = document.__metadata;
  const entries = Object.entries(document).filter((pair): pair is [string, Entry] => pair[0] !== '__metadata' && isObject(pair[1]) && typeof pair[1].version === 'string');
  if (entries.length === 0 && Object.keys(document).length > 0 && !isObject(metadata)) {
    return { problems: [{ path, message: `Cannot read ${path}: no package entries; not a yarn lockfile` }] };
  }
  return isObject(metadata) ? { value: readBerry(path, metadata, entries), problems: [] } : { value: readClassic(path, entries), problems: [] };
}

function readClassic(path: string, entries: [string, Entry][]): YarnLockfile {
  // The classic parser splits `a@1, a@^1` into one key per descriptor, all sharing the entry object.
  const idOf = new Map<Entry, string>();
  const descriptors = new Map<string, string>();
  for (const [key, entry] of entries) {
    for (const descriptor of splitDescriptors(key)) {
      const id = idOf.get(entry) ?? descriptor;
      idOf.set(entry, id);
      descriptors.set(descriptor, id);
    }
  }
  const packages = new Map<string, LockedPackage>();
  for (const [entry, id] of idOf) {
    packages.set(id, {
      name: classicName(id),
      version: entry.version as string,
      dependencies: [entry.dependencies, entry.optionalDependencies].flatMap((section) => edges(section, descriptors, (name, range) => `${name}@${range}`)),
      ...(typeof entry.integrity === 'string' ? { integrity: entry.integrity } : {}),
    });
  }
  return { path, flavor: 'classic', lockfileVersion: 1, packages, descriptors };
}

function readBerry(path: string, metadata: Entry, entries: [string, Entry][]): YarnLockfile {
  const descriptors = new Map<string, string>();
  for (const [key, entry] of entries) {
    const id = typeof entry.resolution === 'string' ? entry.resolution : key;
    for (const descriptor of splitDescriptors(key)) {
      descriptors.set(descriptor, id);
      // Declarations in package.json leave out the default `npm:` protocol.
      const bare = descriptor.replace(/^(@?[^@]+)@npm:([^@]*)$/, '$1@$2');
      if (!descriptors.has(bare)) {
        descriptors.set(bare, id);
      }
    }
  }
  const toDescriptor = (name: string, range: string) => `${name}@${/^[a-z][a-z0-9+.-]*:/i.test(range) ? range : `npm:${range}`}`;
  const packages = new Map<string, LockedPackage>();
  const importers = new Map<string, Map<string, string>>();
  for (const [key, entry] of entries) {
    const id = typeof entry.resolution === 'string' ? entry.resolution : key;
    const workspaceDir = workspaceDirOf(id);
    packages.set(id, {
      name: berryName(id),
      version: entry.version as string,
      dependencies: [entry.dependencies, entry.optionalDependencies].flatMap((section) => edges(section, descriptors, toDescriptor)),
      workspaceDir,
    });
    if (workspaceDir !== undefined) {
      const declared = new Map<string, string>();
      for (const [name, range] of Object.entries(isObject(entry.dependencies) ? entry.dependencies : {})) {
        const target = typeof range === 'string' ? descriptors.get(toDescriptor(name, range)) : undefined;
        if (target !== undefined) {
          declared.set(name, target);
        }
      }
      importers.set(workspaceDir, declared);
    }
  }
  const version = Number(metadata.version);
  return { path, flavor: 'berry', lockfileVersion: Number.isFinite(version) ? version : 0, packages, importers, descriptors };
}

/** Ids of the entries a `dependencies` section names, skipping ranges the lockfile has no entry for. */
function edges(section: unknown, descriptors: ReadonlyMap<string, string>, toDescriptor: (name: string, range: string) => string): string[] {
  if (!isObject(section)) {
    return [];
  }
  return Object.entries(section).flatMap(([name, range]) => {
    const id = typeof range === 'string' ? descriptors.get(toDescriptor(name, range)) : undefined;
    return id === undefined ? [] : [id];
  });
}

/** `a@1, "a@^1"` → `["a@1", "a@^1"]`. */
function splitDescriptors(key: string): string[] {
  return key
    .split(',')
    .map((part) => part.trim().replace(/^"(.*)"$/, '$1'))
    .filter((part) => part !== '');
}

/** `name@range` → name; an alias `alias@npm:real@range` installs `real`. */
function classicName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  const name = at < 0 ? descriptor : descriptor.slice(0, at);
  const range = at < 0 ? '' : descriptor.slice(at + 1);
  if (range.startsWith('npm:')) {
    const real = range.slice('npm:'.length);
    const realAt = real.indexOf('@', 1);
    return realAt < 0 ? real : real.slice(0, realAt);
  }
  return name;
}

/** The name of a berry resolution `name@protocol:…`; for aliases the resolution already names the real package. */
function berryName(resolution: string): string {
  const at = resolution.indexOf('@', 1);
  return at < 0 ? resolution : resolution.slice(0, at);
}

/** `name@workspace:packages/a` → `packages/a`; `.` → `""`. */
function workspaceDirOf(resolution: string): string | undefined {
  const marker = resolution.indexOf('@workspace:', 1);
  if (marker < 0) {
    return undefined;
  }
  return resolution
    .slice(marker + '@workspace:'.length)
    .replace(/^\.(\/|$)/, '')
    .replace(/\/$/, '');
}

/** The place the classic (PEG) or berry (YAML) parser stopped at, when it says. */
function errorRange(error: unknown): Range | undefined {
  const peg = (error as { location?: { start?: { line?: unknown; column?: unknown } } }).location?.start;
  if (typeof peg?.line === 'number' && typeof peg.column === 'number') {
    return point(peg.line - 1, peg.column - 1);
  }
  const yaml = (error as { mark?: { line?: unknown; column?: unknown } }).mark;
  if (typeof yaml?.line === 'number' && typeof yaml.column === 'number') {
    return point(yaml.line, yaml.column);
  }
  return undefined;
}

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
