import type { Parsed } from '../../model/dependency';
import { resolveRelative } from '../../model/paths';

/** One entry of `package-lock.json` `packages`, keyed by its install path (`node_modules/a/node_modules/b`). */
export interface NpmLockEntry {
  name: string;
  version?: string;
  isDev: boolean;
  isOptional: boolean;
  /** Workspace link: the install path of the linked folder (e.g. `packages/a`). */
  linkTarget?: string;
  /** Names of everything this package depends on at runtime (prod, optional and peer). */
  dependencies: string[];
  /** Subresource Integrity of the installed tarball (`sha512-…`). */
  integrity?: string;
}

/**
 * A parsed npm lockfile, v1 (npm 5 and 6, nested `dependencies`) read into the v2/v3 `packages` layout: entries keyed
 * by install path. Importers are `""` (root) and workspace folders.
 */
export interface NpmLockfile {
  path: string;
  lockfileVersion: number;
  entries: Map<string, NpmLockEntry>;
}

/** Parses `package-lock.json` / `npm-shrinkwrap.json` v1, v2 or v3. Never throws. */
export function parseNpmLockfile(text: string, path: string): Parsed<NpmLockfile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [{ path, message: `Invalid JSON: ${(error as Error).message}` }] };
  }
  if (!isObject(json)) {
    return { problems: [{ path, message: 'lockfile is not a JSON object' }] };
  }
  const lockfileVersion = typeof json.lockfileVersion === 'number' ? json.lockfileVersion : 0;
  if (isObject(json.packages)) {
    return { value: { path, lockfileVersion, entries: packagesEntries(json.packages) }, problems: [] };
  }
  if (lockfileVersion === 1 && (json.dependencies === undefined || isObject(json.dependencies))) {
    return { value: { path, lockfileVersion, entries: nestedEntries(json) }, problems: [] };
  }
  const hint = lockfileVersion === 1 ? '"dependencies" is not an object' : 'no "packages" section';
  return { problems: [{ path, message: `Cannot read ${path}: ${hint}` }] };
}

function packagesEntries(packages: Record<string, unknown>): Map<string, NpmLockEntry> {
  const entries = new Map<string, NpmLockEntry>();
  for (const [installPath, raw] of Object.entries(packages)) {
    if (!isObject(raw)) {
      continue;
    }
    entries.set(installPath, {
      name: typeof raw.name === 'string' ? raw.name : nameFromInstallPath(installPath),
      version: typeof raw.version === 'string' ? raw.version : undefined,
      isDev: raw.dev === true,
      isOptional: raw.optional === true || raw.devOptional === true,
      linkTarget: raw.link === true && typeof raw.resolved === 'string' ? raw.resolved : undefined,
      dependencies: [raw.dependencies, raw.optionalDependencies, raw.peerDependencies].flatMap((section) =>
        isObject(section) ? Object.keys(section) : [],
      ),
      ...(typeof raw.integrity === 'string' ? { integrity: raw.integrity } : {}),
    });
  }
  return entries;
}

/**
 * Lockfile v1: each package's own copies nest under its `dependencies`, what it needs is listed in `requires`, and
 * the root's declarations live only in package.json (the root entry has no edges). A `file:` version of a folder
 * (no `integrity`) is a link, as npm 6 installs it.
 */
function nestedEntries(json: Record<string, unknown>): Map<string, NpmLockEntry> {
  const entries = new Map<string, NpmLockEntry>();
  entries.set('', { name: typeof json.name === 'string' ? json.name : '', version: typeof json.version === 'string' ? json.version : undefined, isDev: false, isOptional: false, dependencies: [] });
  // Iterative, so that a deeply nested (or hostile) lockfile cannot exhaust the stack.
  const pending: { dir: string; dependencies: Record<string, unknown> }[] = [{ dir: '', dependencies: isObject(json.dependencies) ? json.dependencies : {} }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const [name, raw] of Object.entries(next.dependencies)) {
      if (!isObject(raw)) {
        continue;
      }
      const installPath = `${next.dir === '' ? '' : `${next.dir}/`}node_modules/${name}`;
      const version = typeof raw.version === 'string' ? raw.version : undefined;
      const linked = version?.startsWith('file:') && raw.integrity === undefined ? resolveRelative('', version.slice('file:'.length)) : undefined;
      entries.set(installPath, {
        name,
        version: linked === undefined ? version : undefined,
        isDev: raw.dev === true,
        isOptional: raw.optional === true,
        linkTarget: linked,
        dependencies: isObject(raw.requires) ? Object.keys(raw.requires) : [],
      });
      if (isObject(raw.dependencies)) {
        pending.push({ dir: installPath, dependencies: raw.dependencies });
      }
    }
  }
  return entries;
}

/** `node_modules/@a/b/node_modules/c` → `c`; a workspace folder → its last segment. */
export function nameFromInstallPath(installPath: string): string {
  const marker = installPath.lastIndexOf('node_modules/');
  return marker < 0 ? installPath.split('/').pop() ?? installPath : installPath.slice(marker + 'node_modules/'.length);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
