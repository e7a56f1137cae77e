import type { Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';
import { normalizePypiName, parsePep508 } from './pep508';
import type { PypiLock, PypiLockEdge, PypiLockPackage } from './pypiGraph';

const metadataPathPattern = /^(?:(.*)\/)?([^/]+)\/(?:lib\/(?:python|pypy)[^/]*|Lib)\/site-packages\/[^/]+\.dist-info\/METADATA$/;

/**
 * Where an installed distribution's `METADATA` sits: the virtualenv folder (`.venv`), the folder that holds it (the
 * project it serves, `""` at the root) and its `site-packages` folder. Undefined for any other path.
 */
export function virtualenvOfMetadata(path: string): { virtualenv: string; ownerDir: string; sitePackages: string } | undefined {
  const match = metadataPathPattern.exec(path);
  if (!match) {
    return undefined;
  }
  const ownerDir = match[1] ?? '';
  return { virtualenv: ownerDir === '' ? match[2]! : `${ownerDir}/${match[2]}`, ownerDir, sitePackages: path.slice(0, path.lastIndexOf('/site-packages/') + '/site-packages'.length) };
}

/**
 * Reads the headers of an installed distribution's core metadata (`*.dist-info/METADATA`, RFC 822 style, ending at
 * the first blank line): `Name`, `Version` and each `Requires-Dist` as an edge. A requirement whose marker names an
 * extra (`PySocks>=1.5.6; extra == "socks"`) belongs to that extra; other markers (`python_version < "3.8"`) are not
 * evaluated: an edge counts only when its target is installed in the same environment, which stands for the
 * evaluated markers. Never throws.
 */
export function parseDistMetadata(text: string, path: string): Parsed<PypiLockPackage> {
  const headers: { name: string; value: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') {
      break;
    }
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim(), line: index });
    }
  }
  const nameHeader = headers.find((header) => header.name === 'name');
  if (!nameHeader || nameHeader.value === '') {
    return { problems: [{ path, message: 'Installed package metadata has no Name header' }] };
  }
  const dependencies: PypiLockEdge[] = [];
  const extras = new Map<string, PypiLockEdge[]>();
  for (const header of headers.filter((item) => item.name === 'requires-dist')) {
    const requirement = parsePep508(header.value);
    if (!requirement) {
      continue;
    }
    const edge: PypiLockEdge = { name: requirement.normalizedName, extras: requirement.extras };
    const extra = requirement.marker === undefined ? undefined : /\bextra\s*==\s*["']([^"']+)["']/.exec(requirement.marker)?.[1];
    if (extra === undefined) {
      dependencies.push(edge);
    } else {
      const key = normalizePypiName(extra);
      extras.set(key, [...(extras.get(key) ?? []), edge]);
    }
  }
  return {
    value: {
      name: normalizePypiName(nameHeader.value),
      version: headers.find((header) => header.name === 'version')?.value || undefined,
      dependencies,
      extras,
      isFirstParty: false,
      range: lineRange(nameHeader.line),
    },
    problems: [],
  };
}

/**
 * The distributions installed in each virtualenv of the workspace, from their `METADATA` files, as a lock with edges
 * per virtualenv folder (the key is the folder that holds the virtualenv). The first virtualenv of a folder wins.
 */
export function installedEnvironments(files: ReadonlyMap<string, string>): { byOwnerDir: Map<string, PypiLock>; problems: Parsed<unknown>['problems'] } {
  const bySitePackages = new Map<string, { ownerDir: string; lock: PypiLock }>();
  const problems: Parsed<unknown>['problems'] = [];
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const place = virtualenvOfMetadata(path);
    if (!place) {
      continue;
    }
    const parsed = parseDistMetadata(text, path);
    problems.push(...parsed.problems);
    if (!parsed.value) {
      continue;
    }
    let environment = bySitePackages.get(place.sitePackages);
    if (!environment) {
      environment = { ownerDir: place.ownerDir, lock: { path: place.sitePackages, packages: [], hasEdges: true, isInstalledEnvironment: true } };
      bySitePackages.set(place.sitePackages, environment);
    }
    environment.lock.packages.push(parsed.value);
  }
  const byOwnerDir = new Map<string, PypiLock>();
  for (const { ownerDir, lock } of bySitePackages.values()) {
    if (!byOwnerDir.has(ownerDir)) {
      byOwnerDir.set(ownerDir, lock);
    }
  }
  return { byOwnerDir, problems };
}

/** The environment that serves a project folder: the one held by the folder itself or by its nearest ancestor. */
export function environmentFor(rootDir: string, byOwnerDir: ReadonlyMap<string, PypiLock>): PypiLock | undefined {
  for (let dir = rootDir; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    const found = byOwnerDir.get(dir);
    if (found || dir === '') {
      return found;
    }
  }
}

/**
 * A lockfile without edges (Pipfile.lock) completed with the edges of the installed distributions of the same name.
 * `isComplete` is false when some locked package is not installed: its requirements, and so the dependants of other
 * packages, are then not all known.
 */
export function withInstalledEdges(lock: PypiLock, installed: PypiLock): { lock: PypiLock; isComplete: boolean } {
  const byName = new Map(installed.packages.map((entry) => [entry.name, entry]));
  let isComplete = true;
  const packages = lock.packages.map((entry) => {
    const match = byName.get(entry.name);
    if (!match) {
      isComplete = false;
      return entry;
    }
    return { ...entry, dependencies: match.dependencies, extras: match.extras };
  });
  return { lock: { ...lock, packages, hasEdges: true, edgesFrom: installed.path }, isComplete };
}
