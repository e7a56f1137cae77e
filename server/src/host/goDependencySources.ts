import { readdir, readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { goResultTypeQuery, goResultTypesFromMatches } from '../core/index/imports/goSignatures';
import type { TreeSitterHost } from './treeSitterHost';

/** A Go module of a workspace graph: where go.mod is, and the module as the build selects it. */
export interface GoModuleRef {
  /** Repository-relative folder of the go.mod. */
  rootDir: string;
  name: string;
  version?: string;
  /** The module's own import path when it replaces another (`replace a => b`): code imports `a/...`. */
  replacedModule?: string;
}

/** Source files read per package at most, and their size: a dependency's package, not a generated monster. */
const maxFilesPerPackage = 200;
const maxFileBytes = 1_000_000;

/**
 * The module cache as `go env GOMODCACHE` would say without running go: `$GOMODCACHE`, else the first `$GOPATH`
 * entry's `pkg/mod`, else `~/go/pkg/mod`. Read only; undefined when absent.
 */
export async function goModuleCache(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const gopath = env.GOPATH?.split(path.delimiter).find((entry) => entry !== '');
  const dir = env.GOMODCACHE || (gopath ? path.join(gopath, 'pkg', 'mod') : path.join(env.HOME || os.homedir(), 'go', 'pkg', 'mod'));
  return (await stat(dir).catch(() => undefined))?.isDirectory() ? dir : undefined;
}

/** The module cache's case encoding: `github.com/BurntSushi/toml` → `github.com/!burnt!sushi/toml`. */
export function escapeModulePath(modulePath: string): string {
  return modulePath.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);
}

/** Whether a repository-relative path is a Go module's `vendor/modules.txt` (what `readVendorModules` reads). */
export function isVendorModulesPath(relativePath: string): boolean {
  return relativePath === 'vendor/modules.txt' || relativePath.endsWith('/vendor/modules.txt');
}

/**
 * `vendor/modules.txt` of each go.mod folder that has one, by repository-relative path (the walker never enters
 * `vendor/`).
 */
export async function readVendorModules(repoRoot: string, goModDirs: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of new Set(goModDirs)) {
    const relative = dir === '' ? 'vendor/modules.txt' : `${dir}/vendor/modules.txt`;
    const text = await readFile(path.join(repoRoot, relative), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      found.set(relative, text);
    }
  }
  return found;
}

/**
 * What the exported functions and methods of each imported dependency package return (see `goResultTypesFromMatches`),
 * by import path: parsed with tree-sitter-go from the package's folder under the go.mod's `vendor/`, else from the
 * module cache at the selected version. Packages found in neither are left out.
 */
export async function readGoResultTypes(host: TreeSitterHost, repoRoot: string, modules: readonly GoModuleRef[], importPaths: readonly string[], moduleCache?: string): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  for (const importPath of new Set(importPaths)) {
    const module = modules
      .filter((candidate) => {
        const imported = candidate.replacedModule ?? candidate.name;
        return importPath === imported || importPath.startsWith(`${imported}/`);
      })
      .sort((a, b) => (b.replacedModule ?? b.name).length - (a.replacedModule ?? a.name).length)[0];
    if (!module) {
      continue;
    }
    const subpath = importPath.slice((module.replacedModule ?? module.name).length);
    const folders = [path.join(repoRoot, module.rootDir, 'vendor', importPath)];
    if (moduleCache && module.version) {
      folders.push(path.join(moduleCache, `${escapeModulePath(module.name)}@${escapeModulePath(module.version)}`, subpath));
    }
    for (const folder of folders) {
      const types = await readPackageResultTypes(host, folder);
      if (types) {
        result.set(importPath, types);
        break;
      }
    }
  }
  return result;
}

async function readPackageResultTypes(host: TreeSitterHost, folder: string): Promise<Map<string, string> | undefined> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
  const files = (entries ?? []).filter((entry) => entry.isFile() && entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')).slice(0, maxFilesPerPackage);
  if (files.length === 0) {
    return undefined;
  }
  const types = new Map<string, string>();
  for (const file of files) {
    const full = path.join(folder, file.name);
    if (((await stat(full).catch(() => undefined))?.size ?? Infinity) > maxFileBytes) {
      continue;
    }
    const text = await readFile(full, 'utf8').catch(() => undefined);
    if (text === undefined) {
      continue;
    }
    const found = await host.withMatches('go', text, [goResultTypeQuery], ([matches]) => goResultTypesFromMatches(matches ?? []));
    for (const [key, type] of found) {
      if (!types.has(key)) {
        types.set(key, type);
      }
    }
  }
  return types;
}
