import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { isPythonStdlibModule } from './pythonModuleToDistribution';
import type { ImportBinding } from '../../model/symbolFacts';
import { captured, childOfType, namedChildren, rangeOf } from './syntaxWalk';

/** Whether a file is Python source read by the import index (`.pyi` stubs only describe types). */
export function isPythonSource(path: string): boolean {
  return path.endsWith('.py');
}

/**
 * Top-level module names the workspace itself provides, from its repository-relative file paths: every folder on
 * the way to a `.py` file and the file's own name (`src/shop/app.py` → `src`, `shop`, `app`), since any of them
 * may be a source root's package. An import whose `packageName` is one of them is first-party, not a distribution
 * (an over-approximation when a workspace folder shares a distribution's module name).
 */
export function pythonLocalModules(paths: readonly string[]): Set<string> {
  const modules = new Set<string>();
  for (const path of paths) {
    if (!isPythonSource(path)) {
      continue;
    }
    const segments = path.split('/');
    segments[segments.length - 1] = segments.at(-1)?.slice(0, -'.py'.length) ?? '';
    for (const segment of segments) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) && segment !== '__init__') {
        modules.add(segment);
      }
    }
  }
  return modules;
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
