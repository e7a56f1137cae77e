import type { QueryMatch } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { captured, rangeOf } from './syntaxWalk';

/** Whether a file is Go source read by the import index. */
export function isGoSource(path: string): boolean {
  return path.endsWith('.go');
}

/**
 * Query source for Go imports (shared/tree-sitter.md §3.4): one match per import spec, single or in a `( … )`
 * list. Captures: `@path` (the string content), optional `@alias` (a name, `_` or `.`).
 */
export const goImportQuery = `
(import_spec
  name: (_)? @alias
  path: [(interpreted_string_literal (interpreted_string_literal_content) @path)
         (raw_string_literal (raw_string_literal_content) @path)])
`;

/** Standard-library packages have no dot in their first path element (`net/http`, `C` for cgo). */
export function isGoStdlibPath(importPath: string): boolean {
  return !(importPath.split('/')[0] ?? '').includes('.');
}

/**
 * The package name an import path is assumed to declare, as goimports assumes it: the last element, skipping a
 * major-version element (`github.com/x/y/v2` → `y`), without a `go-` prefix, cut at the first character that
 * cannot be in an identifier (`gopkg.in/yaml.v3` → `yaml`, `github.com/mattn/go-sqlite3` → `sqlite3`). Packages
 * that declare another name (`github.com/json-iterator/go` is `jsoniter`) are missed by calls through it.
 */
export function assumedGoPackageName(importPath: string): string {
  const elements = importPath.split('/');
  let base = elements.at(-1) ?? importPath;
  if (/^v\d+$/.test(base) && elements.length > 1) {
    base = elements.at(-2) ?? base;
  }
  base = base.replace(/^go-/, '');
  const cut = base.search(/[^\p{L}\p{N}_]/u);
  return cut < 0 ? base : base.slice(0, cut);
}

/**
 * Import facts of third-party packages, one per import spec: `specifier` and `packageName` are the import path
 * (mapping to a module is {@link moduleForImportPath}'s job); standard-library paths are left out. Each has one
 * binding `{ local, imported: '*' }`: the alias or the assumed package name, `_` for a side-effect import (its
 * `init` runs), `.` for a dot import (its names are used unqualified and cannot be told from local ones, so calls
 * through it are not tracked).
 */
export function goImportsFromMatches(path: string, matches: readonly QueryMatch[]): ImportFact[] {
  const facts: ImportFact[] = [];
  for (const match of matches) {
    const importPath = captured(match, 'path');
    if (!importPath || importPath.text === '' || isGoStdlibPath(importPath.text)) {
      continue;
    }
    const local = captured(match, 'alias')?.text ?? assumedGoPackageName(importPath.text);
    facts.push({
      specifier: importPath.text,
      packageName: importPath.text,
      kind: 'import',
      isTypeOnly: false,
      path,
      range: rangeOf(importPath),
      bindings: [{ local, imported: '*' }],
    });
  }
  return facts;
}

/**
 * Every name the file's imports bind, standard library included (`http`, `strings`): calls through them are calls
 * on a package, never on a value.
 */
export function goImportedNames(matches: readonly QueryMatch[]): Set<string> {
  const names = new Set<string>();
  for (const match of matches) {
    const importPath = captured(match, 'path');
    if (importPath && importPath.text !== '') {
      names.add(captured(match, 'alias')?.text ?? assumedGoPackageName(importPath.text));
    }
  }
  return names;
}

/**
 * The module (of `modules`, e.g. the go.mod requirements) that provides an import path: the longest module path
 * that equals the import path or is a prefix of it on `/` boundaries. A major-version element right after the
 * prefix (`github.com/x/y` for `github.com/x/y/v2/z`) names another module, so it does not match. Undefined when
 * no module provides it.
 */
export function moduleForImportPath(importPath: string, modules: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const module of modules) {
    if (module === '' || (best !== undefined && module.length <= best.length)) {
      continue;
    }
    if (importPath === module || (importPath.startsWith(`${module}/`) && !/^v([2-9]|[1-9]\d+)(?:\/|$)/.test(importPath.slice(module.length + 1)))) {
      best = module;
    }
  }
  return best;
}
