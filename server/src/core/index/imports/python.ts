import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { isPythonStdlibModule } from './pythonModuleToDistribution';
import type { ImportBinding } from '../../model/symbolFacts';
import { captured, childOfType, namedChildren, rangeOf } from './syntaxWalk';

/** Whether a file is Python source read by the import index (`.pyi` stubs only describe types). */
export function isPythonSource(path: string): boolean {
  return path.endsWith('.py');
}

/** Files whose folder is where a Python project's absolute imports start (its `sys.path` entry). */
const projectRootMarkers = /^(?:pyproject\.toml|setup\.py|setup\.cfg|manage\.py|Pipfile|requirements[\w.-]*\.(?:txt|in))$/;

/**
 * Whether an import in a file of the workspace loads one of the workspace's own top-level modules rather than a
 * distribution, as Python finds them on `sys.path`: `M.py` or a folder `M/` holding Python files directly in a
 * source root. Source roots are the repository root, each folder with a project file (pyproject.toml, setup.py,
 * manage.py, requirements.txt…) and its `src/`, and, for each importing file, the nearest folder above it that is
 * not a package (no `__init__.py`): where a script, a test runner or `python -m` starts resolving. A module deeper
 * inside a package (`saleor/core/jwt.py`) is not importable as `jwt`: that import is PyJWT's.
 */
export function pythonLocalModules(paths: readonly string[]): (importingPath: string, topLevel: string) => boolean {
  const childModules = new Map<string, Set<string>>();
  const packages = new Set<string>();
  const roots = new Set<string>(['']);
  for (const path of paths) {
    const segments = path.split('/');
    const name = segments.pop()!;
    const folder = segments.join('/');
    if (projectRootMarkers.test(name)) {
      roots.add(folder);
      roots.add(folder === '' ? 'src' : `${folder}/src`);
    }
    if (!isPythonSource(path)) {
      continue;
    }
    if (name === '__init__.py') {
      packages.add(folder);
    }
    // The file is a module of its folder, and each folder on its way is a (possibly namespace) package of its parent.
    addModule(childModules, folder, name.slice(0, -'.py'.length));
    for (let depth = segments.length; depth > 0; depth--) {
      addModule(childModules, segments.slice(0, depth - 1).join('/'), segments[depth - 1]!);
    }
  }
  const rootModules = new Set([...roots].flatMap((root) => [...(childModules.get(root) ?? [])]));
  const startOf = new Map<string, string>();
  const importStart = (folder: string): string => {
    let start = startOf.get(folder);
    if (start === undefined) {
      start = packages.has(folder) && folder !== '' ? importStart(parentFolder(folder)) : folder;
      startOf.set(folder, start);
    }
    return start;
  };
  return (importingPath, topLevel) => rootModules.has(topLevel) || childModules.get(importStart(parentFolder(importingPath)))?.has(topLevel) === true;
}

function addModule(childModules: Map<string, Set<string>>, folder: string, module: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(module) || module === '__init__') {
    return;
  }
  let modules = childModules.get(folder);
  if (!modules) {
    modules = new Set();
    childModules.set(folder, modules);
  }
  modules.add(module);
}

function parentFolder(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/**
 * Query source for Python imports (shared/tree-sitter.md §3.3). Captures: `@import` (one match per imported
 * module, `@module` and optional `@alias`) or `@from` (one match per absolute `from … import` statement, `@module`).
 * Relative imports (`from . import x`) have a `relative_import` module and do not match.
 */
export const pythonImportQuery = `
(import_statement name: (dotted_name) @module) @import
(import_statement name: (aliased_import name: (dotted_name) @module alias: (identifier) @alias)) @import
(import_from_statement module_name: (dotted_name) @module) @from
`;

/**
 * Import facts of third-party modules: one per imported module (`import a, b` gives two), with `specifier` the
 * dotted module as written and `packageName` its top-level module (`a.b.c` → `a`; mapping to a distribution is
 * {@link distributionForModule}'s job). Standard-library and relative imports are left out. Bindings:
 * `import a.b.c` → `a.b.c` = `*` (calls reach it as `a.b.c.f()`), `import a as b` → `b` = `*`,
 * `from a.b import c as d` → `d` = `c`, `from a import *` → `*` = `*`. Imports under `if TYPE_CHECKING:` are
 * type-only.
 */
export function pythonImportsFromMatches(path: string, matches: readonly QueryMatch[]): ImportFact[] {
  const facts: ImportFact[] = [];
  for (const match of matches) {
    const module = captured(match, 'module');
    const statement = captured(match, 'import') ?? captured(match, 'from');
    if (!module || !statement) {
      continue;
    }
    const specifier = dottedName(module);
    const packageName = specifier?.split('.')[0];
    if (specifier === undefined || packageName === undefined || isPythonStdlibModule(packageName)) {
      continue;
    }
    const alias = captured(match, 'alias');
    const bindings = statement.type === 'import_from_statement' ? fromBindings(statement) : [{ local: alias?.text ?? specifier, imported: '*' }];
    facts.push({ specifier, packageName, kind: 'import', isTypeOnly: isUnderTypeChecking(statement), path, range: rangeOf(module), bindings });
  }
  return facts;
}

/** The names after `import` in `from m import a, b as c` (or `*`). */
function fromBindings(statement: SyntaxNode): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  const names = statement.children.slice(statement.children.findIndex((child) => child?.type === 'import') + 1);
  for (const name of names) {
    if (name?.type === 'dotted_name') {
      bindings.push({ local: name.text, imported: name.text });
    } else if (name?.type === 'aliased_import') {
      const [imported, local] = namedChildren(name);
      if (imported && local) {
        bindings.push({ local: local.text, imported: imported.text });
      }
    } else if (name?.type === 'wildcard_import') {
      bindings.push({ local: '*', imported: '*' });
    }
  }
  return bindings;
}

/** `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` bodies run only under a type checker. */
function isUnderTypeChecking(statement: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = statement; node?.parent; node = node.parent) {
    const parent: SyntaxNode = node.parent;
    if (node.type === 'block' && parent.type === 'if_statement' && childOfType(parent, 'block')?.startIndex === node.startIndex) {
      const condition = namedChildren(parent)[0];
      if (condition && /^(?:[A-Za-z_]\w*\.)?TYPE_CHECKING$/.test(condition.text)) {
        return true;
      }
    }
  }
  return false;
}

/** `a.b.c` from a `dotted_name`, `identifier` or chain of `attribute`s; undefined for any other expression. */
function dottedName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') {
    return node.text;
  }
  if (node.type === 'dotted_name') {
    const parts = namedChildren(node);
    return parts.every((part) => part.type === 'identifier') ? parts.map((part) => part.text).join('.') : undefined;
  }
  if (node.type === 'attribute') {
    const [object, attribute] = namedChildren(node);
    const base = object ? dottedName(object) : undefined;
    return base !== undefined && attribute?.type === 'identifier' ? `${base}.${attribute.text}` : undefined;
  }
  return undefined;
}
