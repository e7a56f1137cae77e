import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import { shiftIndex, shiftRangesIn, type TextSplice } from '../textSplice';
import type { ExportBinding, FileRoutes, ImportBinding } from '../../model/fileRoutes';
import { callParts, childOfType, declaredFunctionName, isFunction, memberParts, namedChildren, propertyName, stringValue, unwrapExpression } from './jsSyntax';

// Capture names start with `mod.` so these patterns can share one query with the framework patterns.
const commonPatterns = `
(import_statement source: (string) @mod.source) @mod.import
(call_expression function: (identifier) @_mod.require arguments: (arguments . (string) @mod.source) (#eq? @_mod.require "require")) @mod.require
(call_expression function: (import) arguments: (arguments . (string) @mod.source)) @mod.dynamic
(export_statement) @mod.export
(assignment_expression left: (member_expression) @mod.target (#match? @mod.target "^(module\\\\.)?exports\\\\b")) @mod.assign
`;

// The javascript grammar has no import_require_clause; compiling this pattern against it would fail.
const typescriptPatterns = `
(import_statement (import_require_clause (identifier) @mod.local source: (string) @mod.source)) @mod.import-equals
`;

/** Query patterns for the module bindings of a file (imports, requires, exports). Captures are prefixed `mod.`. */
export function moduleBindingPatterns(grammar: JavaScriptGrammar): string {
  return grammar === 'javascript' ? commonPatterns : commonPatterns + typescriptPatterns;
}

/** A binding of any module, package or relative: `local` names what `specifier` exports as `imported`. */
export interface ModuleImport extends ImportBinding {
  node: SyntaxNode;
}

/** What the module bindings of one file say. */
export interface ModuleFacts {
  /** Every module the file loads (imports, requires, dynamic imports), type-only imports included. */
  loadedModules: Set<string>;
  /** Bindings by local name, packages included (router factories are recognised through them). */
  imports: Map<string, ModuleImport>;
  exports: ExportBinding[];
}

/** Name under which anonymous default-exported functions are keyed (never a valid identifier). */
export const defaultExportKey = '*default*';

/** Whether a specifier points into the repository relative to the importing file. */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** Reads the module bindings from matches of {@link moduleBindingPatterns}. Other captures are ignored. */
export function moduleFactsFromMatches(matches: readonly QueryMatch[]): ModuleFacts {
  const facts: ModuleFacts = { loadedModules: new Set(), imports: new Map(), exports: [] };
  const seenExports = new Set<number>();
  for (const match of matches) {
    const capture = (name: string): SyntaxNode | undefined => match.captures.find((item) => item.name === name)?.node;
    const specifier = stringValue(capture('mod.source'));
    if (specifier !== undefined) {
      facts.loadedModules.add(specifier);
    }
    const statement = capture('mod.import');
    if (statement && specifier !== undefined) {
      addImportClause(facts, statement, specifier);
    }
    const equals = capture('mod.import-equals');
    const equalsLocal = capture('mod.local');
    if (equals && equalsLocal && specifier !== undefined) {
      addImport(facts, equalsLocal.text, specifier, 'default', equals);
    }
    const required = capture('mod.require');
    if (required && specifier !== undefined) {
      addRequire(facts, required, specifier);
    }
    const exported = capture('mod.export');
    if (exported && !seenExports.has(exported.startIndex)) {
      seenExports.add(exported.startIndex);
      addExportStatement(facts, exported);
    }
    const assignment = capture('mod.assign');
    const target = capture('mod.target');
    if (assignment && target) {
      addExportAssignment(facts, target, assignment);
    }
  }
  return facts;
}

function addImport(facts: ModuleFacts, local: string, specifier: string, imported: string, node: SyntaxNode): void {
  facts.imports.set(local, { local, specifier, imported, node });
}

/** `import a, { b as c, type d } from 'x'`, `import * as ns from 'x'`. */
function addImportClause(facts: ModuleFacts, statement: SyntaxNode, specifier: string): void {
  const clause = childOfType(statement, 'import_clause');
  if (!clause) {
    return;
  }
  for (const part of namedChildren(clause)) {
    if (part.type === 'identifier') {
      addImport(facts, part.text, specifier, 'default', statement);
    } else if (part.type === 'namespace_import') {
      const local = childOfType(part, 'identifier');
      if (local) {
        addImport(facts, local.text, specifier, '*', statement);
      }
    } else if (part.type === 'named_imports') {
      for (const item of namedChildren(part).filter((child) => child.type === 'import_specifier')) {
        const [name, alias] = namedChildren(item).filter((child) => child.type !== 'type');
        const imported = name ? propertyName(name) : undefined;
        if (imported !== undefined) {
          addImport(facts, alias?.text ?? imported, specifier, imported, statement);
        }
      }
    }
  }
}

/** `const a = require('x')`, `const { b, c: d } = require('x')`, `const e = require('x').f`. */
function addRequire(facts: ModuleFacts, call: SyntaxNode, specifier: string): void {
  let value = call;
  let imported = 'default';
  const parent = call.parent;
  if (parent?.type === 'member_expression' && namedChildren(parent)[0] === call) {
    imported = memberParts(parent)?.property ?? 'default';
    value = parent;
  }
  const declarator = value.parent?.type === 'variable_declarator' ? value.parent : undefined;
  const name = declarator ? namedChildren(declarator)[0] : undefined;
  if (!name) {
    return;
  }
  if (name.type === 'identifier') {
    addImport(facts, name.text, specifier, imported, call);
  } else if (name.type === 'object_pattern' && imported === 'default') {
    for (const item of namedChildren(name)) {
      if (item.type === 'shorthand_property_identifier_pattern') {
        addImport(facts, item.text, specifier, item.text, call);
      } else if (item.type === 'pair_pattern') {
        const [key, local] = namedChildren(item);
        const exportName = key ? propertyName(key) : undefined;
        if (exportName !== undefined && local?.type === 'identifier') {
          addImport(facts, local.text, specifier, exportName, call);
        }
      }
    }
  }
}

/** Every form of `export`: declarations, `export default`, `export { a as b }`, re-exports. */
function addExportStatement(facts: ModuleFacts, statement: SyntaxNode): void {
  const source = childOfType(statement, 'string');
  const specifier = stringValue(source);
  const clause = childOfType(statement, 'export_clause');
  if (clause) {
    for (const item of namedChildren(clause).filter((child) => child.type === 'export_specifier')) {
      const [name, alias] = namedChildren(item);
      const local = name ? propertyName(name) : undefined;
      if (local === undefined) {
        continue;
      }
      const exported = (alias ? propertyName(alias) : undefined) ?? local;
      facts.exports.push(specifier !== undefined ? { exported, from: { specifier, imported: local } } : { exported, local });
    }
    return;
  }
  if (specifier !== undefined) {
    // `export * from './x'` (a namespace re-export `export * as ns from` exports one name).
    const namespace = childOfType(statement, 'namespace_export');
    const alias = namespace ? namedChildren(namespace)[0] : undefined;
    facts.exports.push(alias ? { exported: alias.text, from: { specifier, imported: '*' } } : { exported: '*', from: { specifier, imported: '*' } });
    return;
  }
  const isDefault = statement.children.some((child) => child?.type === 'default');
  const declaration = namedChildren(statement).find((child) => child.type !== 'decorator');
  if (!declaration) {
    return;
  }
  if (isDefault) {
    addDefaultExport(facts, declaration);
    return;
  }
  for (const name of declaredNames(declaration)) {
    facts.exports.push({ exported: name, local: name });
  }
}

function declaredNames(declaration: SyntaxNode): string[] {
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    const names: string[] = []; // a loop, not map().filter().map(): see namedChildren in syntaxWalk
    for (const declarator of namedChildren(declaration)) {
      const name = namedChildren(declarator)[0];
      if (name?.type === 'identifier') {
        names.push(name.text);
      }
    }
    return names;
  }
  const name = namedChildren(declaration).find((child) => child.type === 'identifier' || child.type === 'type_identifier');
  return name ? [name.text] : [];
}

/** `export default x` / `module.exports = x`: what the module's default export denotes. */
function addDefaultExport(facts: ModuleFacts, value: SyntaxNode): void {
  const target = exportedTarget(value);
  if (target.kind === 'local') {
    facts.exports.push({ exported: 'default', local: target.name });
  } else if (target.kind === 'module') {
    facts.exports.push({ exported: 'default', from: { specifier: target.specifier, imported: target.exportName } });
  } else if (target.kind === 'object') {
    for (const member of namedChildren(target.node)) {
      if (member.type === 'shorthand_property_identifier') {
        facts.exports.push({ exported: member.text, local: member.text });
      } else if (member.type === 'pair') {
        const [key, item] = namedChildren(member);
        const exported = key ? propertyName(key) : undefined;
        const inner = item ? exportedTarget(item) : undefined;
        if (exported !== undefined && inner?.kind === 'local') {
          facts.exports.push({ exported, local: inner.name });
        }
      }
    }
  }
}

type ExportedTarget = { kind: 'local'; name: string } | { kind: 'module'; specifier: string; exportName: string } | { kind: 'object'; node: SyntaxNode } | { kind: 'none' };

/**
 * What an exported expression denotes, for mounts: a local name, a function (keyed by its own name or
 * {@link defaultExportKey}), a re-exported `require('./x')`, or an object of named exports. Koa's
 * `router.routes()` and wrappers such as `fp(plugin)` stand for the router or plugin they wrap.
 */
function exportedTarget(node: SyntaxNode): ExportedTarget {
  const value = unwrapExpression(node);
  if (value.type === 'identifier') {
    return { kind: 'local', name: value.text };
  }
  if (isFunction(value)) {
    return { kind: 'local', name: functionKey(value) };
  }
  if (value.type === 'class_declaration' || value.type === 'class') {
    const name = childOfType(value, 'identifier', 'type_identifier')?.text;
    return name ? { kind: 'local', name } : { kind: 'none' };
  }
  if (value.type === 'object') {
    return { kind: 'object', node: value };
  }
  const call = callParts(value);
  if (call) {
    const required = requiredSpecifier(value);
    if (required !== undefined) {
      return { kind: 'module', specifier: required, exportName: 'default' };
    }
    const member = memberParts(call.callee);
    if (member && (member.property === 'routes' || member.property === 'middleware')) {
      return exportedTarget(member.object);
    }
    const wrapped = call.args.find((arg) => isFunction(unwrapExpression(arg)) || unwrapExpression(arg).type === 'identifier');
    return wrapped ? exportedTarget(wrapped) : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** `module.exports = x`, `module.exports.a = x`, `exports.a = x`. */
function addExportAssignment(facts: ModuleFacts, target: SyntaxNode, assignment: SyntaxNode): void {
  const parts = namedChildren(assignment);
  const value = parts[parts.length - 1];
  if (!value || value === target) {
    return;
  }
  if (target.text.replace(/\s/g, '') === 'module.exports') {
    addDefaultExport(facts, value);
    return;
  }
  const member = memberParts(target);
  const owner = member?.object.text.replace(/\s/g, '');
  if (!member || (owner !== 'exports' && owner !== 'module.exports')) {
    return;
  }
  const inner = exportedTarget(value);
  if (inner.kind === 'local') {
    facts.exports.push({ exported: member.property, local: inner.name });
  } else if (inner.kind === 'module') {
    facts.exports.push({ exported: member.property, from: { specifier: inner.specifier, imported: inner.exportName } });
  }
}

const transparentParents = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'await_expression']);

/**
 * The file-local key of a function that routes may hang on (a plugin or route installer). Declarations and
 * functions assigned to a variable use that name; a function exported as default, directly or through a wrapper
 * such as `fp(...)`, is {@link defaultExportKey}; `exports.x = function` is `x`; any other anonymous function gets
 * a key from its offset. Export bindings use the same keys, so mounts of imported plugins resolve.
 */
export function functionKey(fn: SyntaxNode): string {
  if (fn.type === 'function_declaration' || fn.type === 'generator_function_declaration') {
    return declaredFunctionName(fn) ?? anonymousFunctionKey(fn.startIndex);
  }
  let node = fn;
  for (let parent = node.parent; parent; node = parent, parent = node.parent) {
    if (transparentParents.has(parent.type)) {
      continue;
    }
    if (parent.type === 'arguments' && parent.parent?.type === 'call_expression' && isWrapperCall(parent.parent)) {
      parent = parent.parent;
      continue;
    }
    if (parent.type === 'variable_declarator') {
      const name = namedChildren(parent)[0];
      return name?.type === 'identifier' ? name.text : anonymousFunctionKey(fn.startIndex);
    }
    if (parent.type === 'export_statement') {
      return defaultExportKey;
    }
    if (parent.type === 'assignment_expression') {
      const target = namedChildren(parent)[0];
      const text = target?.text.replace(/\s/g, '') ?? '';
      if (text === 'module.exports') {
        return defaultExportKey;
      }
      const member = target ? memberParts(target) : undefined;
      const owner = member?.object.text.replace(/\s/g, '');
      if (member && (owner === 'exports' || owner === 'module.exports')) {
        return member.property;
      }
    }
    break;
  }
  return anonymousFunctionKey(fn.startIndex);
}

/** What {@link unwrapExpression} strips, for {@link namesFunction}: `topLevelFunction` looks through these too. */
const unwrappedTypes = new Set([...transparentParents, 'type_assertion']);

/**
 * Whether routing may know a function (or class) by the name a variable declarator gives it: its value is one, or
 * wraps one in what {@link functionKey} and `topLevelFunction` look through (parentheses, `await`, `as`, wrapper
 * calls such as `fp(plugin)`). These are the only readers of a declarator's name outside routers and module
 * bindings, so renaming a variable whose value only passes a callback on (`items.map((item) => …)`) keeps every key.
 */
export function namesFunction(declarator: SyntaxNode): boolean {
  const holdsFunction = (node: SyntaxNode): boolean => {
    if (isFunction(node) || node.type === 'class' || node.type === 'class_declaration') {
      return true;
    }
    if (unwrappedTypes.has(node.type)) {
      return namedChildren(node).some(holdsFunction);
    }
    const args = node.type === 'call_expression' && isWrapperCall(node) ? childOfType(node, 'arguments') : undefined;
    return args !== undefined && namedChildren(args).some(holdsFunction);
  };
  return namedChildren(declarator).slice(1).some(holdsFunction);
}

/** `fp(plugin)`, `withAuth(handler)`: a plain function call wrapping a function, not a method call such as `app.register(...)`. */
function isWrapperCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  return parts !== undefined && parts.callee.type === 'identifier' && parts.callee.text !== 'require';
}

/** The specifier of `require('x')` or `import('x')`, else undefined. */
export function requiredSpecifier(node: SyntaxNode): string | undefined {
  const call = callParts(unwrapExpression(node));
  if (!call) {
    return undefined;
  }
  const isRequire = call.callee.type === 'identifier' && call.callee.text === 'require';
  return isRequire || call.callee.type === 'import' ? stringValue(call.args[0]) : undefined;
}

/**
 * Which module export a callee denotes: `express` → (express, default), `express.Router` → (express, Router),
 * `require('express')` → (express, default), `Router` imported by name → (express, Router).
 */
export function calleeOrigin(node: SyntaxNode, facts: ModuleFacts): { module: string; name: string } | undefined {
  const callee = unwrapExpression(node);
  if (callee.type === 'identifier') {
    const binding = facts.imports.get(callee.text);
    return binding ? { module: binding.specifier, name: binding.imported === '*' ? 'default' : binding.imported } : undefined;
  }
  const required = requiredSpecifier(callee);
  if (required !== undefined) {
    return { module: required, name: 'default' };
  }
  const member = memberParts(callee);
  if (member) {
    const base = calleeOrigin(member.object, facts);
    return base && base.name === 'default' ? { module: base.module, name: member.property } : undefined;
  }
  return undefined;
}

/** The relative bindings of a file, as stored in `FileRoutes.imports`. */
export function relativeImports(facts: ModuleFacts): ImportBinding[] {
  return [...facts.imports.values()].filter((binding) => isRelativeSpecifier(binding.specifier)).map(({ local, specifier, imported }) => ({ local, specifier, imported }));
}

/** The file-local key of an anonymous function that routes hang on: made of its offset, unique in the file. */
function anonymousFunctionKey(offset: number): string {
  return `*fn@${offset}*`;
}

/** Anonymous-function keys, alone or inside scoped keys (`app@*fn@12*`). */
export const anonymousFunctionKeys = /\*fn@(\d+)\*/g;

/** Routing facts moved with an edit of their file: ranges, and the offsets anonymous-function keys are made of. */
export function shiftFileRoutes(routes: FileRoutes, splice: TextSplice): FileRoutes {
  return shiftRangesIn(routes, splice, (text) =>
    text.includes('*fn@') ? text.replace(anonymousFunctionKeys, (_key, offset: string) => anonymousFunctionKey(shiftIndex(Number(offset), splice))) : text,
  );
}
