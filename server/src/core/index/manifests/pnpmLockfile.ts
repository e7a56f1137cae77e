import { parseSyml } from '@yarnpkg/parsers';
import { parseDocument } from 'yaml';
import type { Parsed, ParseProblem } from '../../model/dependency';
import { resolveRelative } from '../../model/paths';
import type { LockedPackage, ResolvedLockfile } from './npmGraph';

/** A parsed `pnpm-lock.yaml`. */
export interface PnpmLockfile extends ResolvedLockfile {
  /** As written: `5.4`, `6.0`, `9.0`. */
  lockfileVersion: string;
}

type YamlMap = Record<string, unknown>;

const importerSections = ['dependencies', 'optionalDependencies', 'devDependencies'];

/**
 * Parses `pnpm-lock.yaml` v5 to v9 into resolved edges. Importers are the root (`.`) and every workspace folder;
 * packages are keyed as the lockfile keys them (`/name/1.0.0_peer` in v5, `/name@1.0.0(peer@1)` in v6,
 * `name@1.0.0(peer@1)` in v9, whose edges live under `snapshots`). `link:` versions point at workspace folders. A
 * lockfile with YAML errors is reported and still read as far as it parsed. Never throws.
 *
 * Scalars stay strings (YAML failsafe schema), so `lockfileVersion: 5.4` and versions such as `1.10` are read as
 * written.
 */
export function parsePnpmLockfile(text: string, path: string): Parsed<PnpmLockfile> {
  const problems: ParseProblem[] = [];
  let root: unknown;
  try {
    // js-yaml's failsafe schema (behind parseSyml) reads large lockfiles about 20 times faster than `yaml`.
    root = parseSyml(text);
  } catch {
    // `yaml` says where the error is and keeps what parsed before it.
    try {
      const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
      for (const error of document.errors.slice(0, 1)) {
        const [start] = error.linePos ?? [];
        const at = start ? { line: start.line - 1, character: start.col - 1 } : undefined;
        problems.push({ path, message: `Invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, range: at && { start: at, end: at } });
      }
      root = document.toJS();
    } catch (error) {
      return { problems: [{ path, message: `Cannot read ${path}: ${(error as Error).message.split('\n')[0]}` }] };
    }
  }
  if (!isMap(root)) {
    return { problems: [...problems, { path, message: `Cannot read ${path}: not a YAML mapping; not a pnpm lockfile` }] };
  }
  const lockfileVersion = typeof root.lockfileVersion === 'string' ? root.lockfileVersion : '';
  const major = Number.parseFloat(lockfileVersion);
  if (!Number.isFinite(major)) {
    return { problems: [...problems, { path, message: `Cannot read ${path}: no lockfileVersion; not a pnpm lockfile` }] };
  }
  if (major < 5) {
    return { problems: [...problems, { path, message: `Cannot read ${path}: lockfileVersion ${lockfileVersion} is not a pnpm lockfile version this reads (5.x to 9.x)` }] };
  }
  return { value: readLockfile(path, root, lockfileVersion, major < 6), problems };
}

function readLockfile(path: string, root: YamlMap, lockfileVersion: string, isV5: boolean): PnpmLockfile {
  // v9 splits each package into metadata (`packages`, by name@version) and edges (`snapshots`, with peer suffixes).
  const metadata = isMap(root.packages) ? root.packages : {};
  const withEdges = isMap(root.snapshots) ? root.snapshots : metadata;
  const packages = new Map<string, LockedPackage>();
  const pending: [string, YamlMap][] = [];
  for (const [key, raw] of Object.entries(withEdges)) {
    const entry = isMap(raw) ? raw : {};
    const info = isMap(metadata[withoutPeers(key)]) ? (metadata[withoutPeers(key)] as YamlMap) : entry;
    const parsed = parseKey(key, isV5);
    const integrity = isMap(info.resolution) ? info.resolution.integrity : undefined;
    packages.set(key, {
      name: typeof info.name === 'string' ? info.name : parsed.name,
      version: typeof info.version === 'string' ? info.version : parsed.version,
      dependencies: [],
      ...(typeof integrity === 'string' ? { integrity } : {}),
    });
    pending.push([key, entry]);
  }
  const resolve = (name: string, ref: string, fromDir: string): string | undefined => {
    if (ref.startsWith('link:')) {
      const dir = resolveRelative(fromDir, ref.slice('link:'.length));
      if (dir === undefined) {
        return undefined;
      }
      const id = `link:${dir}`;
      if (!packages.has(id)) {
        packages.set(id, { name, dependencies: [], workspaceDir: dir });
      }
      return id;
    }
    return [ref, `${name}@${ref}`, `/${name}@${ref}`, `/${name}/${ref}`, `/${ref}`].find((candidate) => packages.has(candidate) && !candidate.startsWith('link:'));
  };
  for (const [key, entry] of pending) {
    const node = packages.get(key)!;
    for (const section of [entry.dependencies, entry.optionalDependencies]) {
      for (const [name, ref] of Object.entries(isMap(section) ? section : {})) {
        const id = typeof ref === 'string' ? resolve(name, ref, '') : undefined;
        if (id !== undefined) {
          node.dependencies.push(id);
        }
      }
    }
  }
  // Single-project lockfiles before v9 keep the root importer's sections at the top level.
  const importerEntries = isMap(root.importers) ? Object.entries(root.importers) : [['.', root] as [string, unknown]];
  const importers = new Map<string, Map<string, string>>();
  for (const [folder, raw] of importerEntries) {
    const dir = resolveRelative('', folder);
    if (dir === undefined || !isMap(raw)) {
      continue;
    }
    const declared = new Map<string, string>();
    for (const section of importerSections) {
      const members = raw[section];
      for (const [name, value] of Object.entries(isMap(members) ? members : {})) {
        // v6+ writes `{ specifier, version }`, v5 the version alone.
        const ref = isMap(value) ? value.version : value;
        const id = typeof ref === 'string' ? resolve(name, ref, dir) : undefined;
        if (id !== undefined) {
          declared.set(name, id);
        }
      }
    }
    importers.set(dir, declared);
  }
  return { path, lockfileVersion, packages, importers, descriptors: new Map() };
}

/** `/@a/b@1.0.0(react@18)` (v6), `@a/b@1.0.0(react@18)` (v9), `/@a/b/1.0.0_react@18` (v5) → name and version. */
function parseKey(key: string, isV5: boolean): { name: string; version?: string } {
  const bare = withoutPeers(key.replace(/^\//, ''));
  if (isV5) {
    const slash = bare.lastIndexOf('/');
    const version = slash < 0 ? undefined : bare.slice(slash + 1).split('_')[0];
    return { name: slash < 0 ? bare : bare.slice(0, slash), version };
  }
  const at = bare.indexOf('@', 1);
  return at < 0 ? { name: bare } : { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

function withoutPeers(key: string): string {
  const paren = key.indexOf('(');
  return paren < 0 ? key : key.slice(0, paren);
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
