import type { Parsed } from '../../model/dependency';

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

/** A parsed npm lockfile (v2/v3 `packages` layout). Importers are `""` (root) and workspace folders. */
export interface NpmLockfile {
  path: string;
  lockfileVersion: number;
  entries: Map<string, NpmLockEntry>;
}

/** Parses `package-lock.json` / `npm-shrinkwrap.json` v2 or v3. Never throws. */
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
  if (!isObject(json.packages)) {
    const hint = lockfileVersion === 1 ? 'lockfile v1 is not supported; run `npm install` with npm 7+ to upgrade it' : 'no "packages" section';
    return { problems: [{ path, message: `Cannot read ${path}: ${hint}` }] };
  }
  const entries = new Map<string, NpmLockEntry>();
  for (const [installPath, raw] of Object.entries(json.packages)) {
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
  return { value: { path, lockfileVersion, entries }, problems: [] };
}

/** `node_modules/@a/b/node_modules/c` → `c`; a workspace folder → its last segment. */
export function nameFromInstallPath(installPath: string): string {
  const marker = installPath.lastIndexOf('node_modules/');
  return marker < 0 ? installPath.split('/').pop() ?? installPath : installPath.slice(marker + 'node_modules/'.length);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
