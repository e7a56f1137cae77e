import { normalizeDistributionName } from './pythonModuleToDistribution';

/** The importable modules one installed distribution provides. */
export interface DistributionModules {
  /** PEP 503-normalized distribution name. */
  distribution: string;
  /** Top-level modules (`yaml`, `_yaml`), or dotted ones for namespace packages (`google.protobuf`). */
  modules: string[];
}

const modulePattern = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads an installed distribution's `top_level.txt` (one top-level module per line). The distribution is named by
 * the `Name:` header of its `METADATA` (or `PKG-INFO`) when given, else by its folder: `PyYAML-6.0.1.dist-info`,
 * `python_dateutil-2.8.2-py3.11.egg-info`, `mypkg.egg-info`. Undefined when neither names it; lines that are not
 * module names are skipped.
 */
export function parseTopLevel(distInfoName: string, text: string, metadataText?: string): DistributionModules | undefined {
  const name = (metadataText !== undefined ? metadataName(metadataText) : undefined) ?? distributionOfFolder(distInfoName);
  if (name === undefined) {
    return undefined;
  }
  const modules = text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/[/\\]/g, '.'))
    .filter((line) => modulePattern.test(line));
  return { distribution: normalizeDistributionName(name), modules: [...new Set(modules)] };
}

/** The distribution a `*.dist-info` / `*.egg-info` folder belongs to (the part before the first `-`). */
export function distributionOfFolder(folderName: string): string | undefined {
  const match = /^([^-]+)(?:-[^/\\]*)?\.(?:dist|egg)-info$/.exec(folderName);
  return match?.[1];
}

/** The `Name:` header of core metadata (`METADATA`, `PKG-INFO`); headers end at the first blank line. */
export function metadataName(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      return undefined;
    }
    const match = /^Name:\s*(\S.*?)\s*$/i.exec(line);
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

/**
 * The modules a distribution installs, from its `RECORD` (CSV whose first column is an installed path), for
 * wheels built without `top_level.txt`. A folder with `__init__.py` is a package; a folder without one is a
 * namespace package, so the modules are looked for one level deeper (`google/protobuf/__init__.py` →
 * `google.protobuf`). Scripts, metadata folders and caches are skipped.
 */
export function modulesFromRecord(text: string): string[] {
  const paths = text
    .split(/\r?\n/)
    .map(firstCsvField)
    .filter((path) => path !== '' && !path.startsWith('../') && !path.startsWith('/') && !path.includes('__pycache__/') && !/^[^/]+\.(?:dist-info|egg-info|data)\//.test(path));
  const files = new Set(paths);
  const modules = new Set<string>();
  for (const path of paths) {
    const module = moduleOfPath(path.split('/'), files);
    if (module !== undefined && modulePattern.test(module)) {
      modules.add(module);
    }
  }
  return [...modules].filter((module) => ![...modules].some((other) => module.startsWith(`${other}.`))).sort();
}

/** The shallowest package (folder with `__init__.py`) or module file a path belongs to. */
function moduleOfPath(segments: readonly string[], files: ReadonlySet<string>): string | undefined {
  for (let depth = 1; depth < segments.length; depth++) {
    const folder = segments.slice(0, depth).join('/');
    if (files.has(`${folder}/__init__.py`) || files.has(`${folder}/__init__.pyi`)) {
      return segments.slice(0, depth).join('.');
    }
  }
  const file = segments.at(-1) ?? '';
  const stem = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.[^.]+)*\.(?:py|pyd|so)$/.exec(file)?.[1];
  return stem === undefined ? undefined : [...segments.slice(0, -1), stem].join('.');
}

function firstCsvField(line: string): string {
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    return end < 0 ? '' : line.slice(1, end);
  }
  const comma = line.indexOf(',');
  return (comma < 0 ? line : line.slice(0, comma)).trim();
}

/**
 * A module → distribution index over what a virtualenv has installed, for {@link distributionForModule}. A module
 * that several distributions claim (the `google` root of namespace packages listed in `top_level.txt`) says
 * nothing about any of them, so it is left out.
 */
export function buildTopLevelIndex(distributions: readonly DistributionModules[]): Map<string, string> {
  const index = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const { distribution, modules } of distributions) {
    for (const module of modules) {
      const claimed = index.get(module);
      if (claimed !== undefined && claimed !== distribution) {
        ambiguous.add(module);
      }
      index.set(module, distribution);
    }
  }
  for (const module of ambiguous) {
    index.delete(module);
  }
  return index;
}
