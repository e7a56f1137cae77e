import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { isJavaPlatformPackage } from './javaPlatform';
import type { CallFact } from '../../model/symbolFacts';
import { captured, namedChildren, rangeBetween, rangeOf } from './syntaxWalk';

/** Whether a file is Java source read by the import index. */
export function isJavaSource(path: string): boolean {
  return path.endsWith('.java');
}

/** Query source for Java imports (shared/tree-sitter.md §3.5). Captures: `@import`, `@name`, `@static?`, `@wildcard?`. */
export const javaImportQuery = `
(import_declaration "static"? @static [(scoped_identifier) (identifier)] @name (asterisk)? @wildcard) @import
`;

/**
 * Query source for what Java call sites need: declarations that give a variable a type (`@type`, `@var`, optional
 * `@value`), method invocations (`@call` with `@name` and optional `@object`) and instance creations (`@new` with
 * `@type`).
 */
export const javaCallQuery = `
(field_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(constant_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(local_variable_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(formal_parameter type: (_) @type name: (identifier) @var)
(enhanced_for_statement type: (_) @type name: (identifier) @var)
(resource type: (_) @type name: (identifier) @var value: (_) @value)
(method_invocation object: (_)? @object name: (identifier) @name) @call
(object_creation_expression type: (_) @type) @new
`;

/** How one import reads: which package, which class, which static member. */
interface JavaImport {
  fact: ImportFact;
  /** Binds a class name (`XStream`), as opposed to a static member (`isBlank`) or nothing (`*`). */
  isClass: boolean;
}

/**
 * Import facts of third-party classes, one per import declaration. `specifier` is the imported name
 * (`com.thoughtworks.xstream.XStream`, `com.x.io.*`), `packageName` its Java package (`com.thoughtworks.xstream`:
 * the segments before the first capitalised one), platform packages (`java.*`, JDK `javax.*`) left out. Bindings:
 * a class import binds its simple name (`XStream` = `XStream`, `Entry` = `Map.Entry`); a static import binds the
 * member (`isBlank` = `StringUtils.isBlank`); wildcards bind `*` (= `*`, or `Math.*` for a static wildcard).
 */
export function javaImportsFromMatches(path: string, matches: readonly QueryMatch[]): ImportFact[] {
  return readImports(path, matches).map((item) => item.fact);
}

function readImports(path: string, matches: readonly QueryMatch[]): JavaImport[] {
  const imports: JavaImport[] = [];
  for (const match of matches) {
    const nameNode = captured(match, 'name');
    if (!nameNode || !captured(match, 'import')) {
      continue;
    }
    const segments = nameNode.text.replace(/\s+/g, '').split('.');
    const isStatic = captured(match, 'static') !== undefined;
    const isWildcard = captured(match, 'wildcard') !== undefined;
    const shape = importShape(segments, isStatic, isWildcard);
    if (!shape || isJavaPlatformPackage(shape.javaPackage)) {
      continue;
    }
    const specifier = segments.join('.') + (isWildcard ? '.*' : '');
    imports.push({
      fact: { specifier, packageName: shape.javaPackage, kind: 'import', isTypeOnly: false, path, range: rangeOf(nameNode), bindings: [shape.binding] },
      isClass: !isStatic && !isWildcard,
    });
  }
  return imports;
}

function importShape(segments: readonly string[], isStatic: boolean, isWildcard: boolean): { javaPackage: string; binding: { local: string; imported: string } } | undefined {
  // The package ends before the first capitalised segment; without one, the last segment is taken for the class
  // (or, for a static import, the last two for class and member).
  const memberCount = isStatic && !isWildcard ? 1 : 0;
  let classStart = segments.findIndex((segment) => /^[A-Z]/.test(segment));
  if (classStart < 0 || classStart > segments.length - memberCount - (isWildcard ? 0 : 1)) {
    classStart = isWildcard && !isStatic ? segments.length : segments.length - memberCount - 1;
  }
  if (classStart < 1 || segments.some((segment) => segment === '')) {
    return undefined;
  }
  const javaPackage = segments.slice(0, classStart).join('.');
  const inPackage = segments.slice(classStart).join('.');
  if (isWildcard) {
    return { javaPackage, binding: { local: '*', imported: inPackage === '' ? '*' : `${inPackage}.*` } };
  }
  return { javaPackage, binding: { local: segments.at(-1) ?? inPackage, imported: inPackage } };
}

/** Imports and calls of one file: {@link javaImportsFromMatches} and {@link javaCallsFromMatches} in one pass. */
export function javaFactsFromMatches(path: string, importMatches: readonly QueryMatch[], callMatches: readonly QueryMatch[]): { imports: ImportFact[]; calls: CallFact[] } {
  const imports = readImports(path, importMatches);
  return { imports: imports.map((item) => item.fact), calls: callsOf(path, callMatches, imports) };
}

/**
 * Calls that may reach an imported class, recorded with `object` = the class's simple name: static calls
 * (`XStream.setupDefaultSecurity(…)`), calls on a variable, parameter or field whose declared type is an imported
 * class (`XStream x = new XStream(); x.fromXML(…)`, `this.mapper.readValue(…)`, `var y = new XStream()`), and calls
 * on a fresh instance (`new Yaml().load(…)`). `new XStream(…)` is recorded as the plain call `XStream`, and a call
 * of a statically imported method (`isBlank(…)`) as the plain call `isBlank`. Variable types are collected over
 * the whole file, not per scope, and classes reached through wildcard imports are not tracked.
 */
export function javaCallsFromMatches(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[]): CallFact[] {
  return callsOf(
    path,
    matches,
    imports.map((fact) => ({ fact, isClass: (fact.bindings ?? []).some((binding) => binding.local !== '*' && /^[A-Z]/.test(binding.local)) })),
  );
}

function callsOf(path: string, matches: readonly QueryMatch[], imports: readonly JavaImport[]): CallFact[] {
  const classes = new Set<string>();
  const staticMembers = new Set<string>();
  for (const { fact, isClass } of imports) {
    for (const binding of fact.bindings ?? []) {
      if (binding.local !== '*') {
        (isClass ? classes : staticMembers).add(binding.local);
      }
    }
  }
  const variableTypes = new Map<string, Set<string>>();
  for (const match of matches) {
    const variable = captured(match, 'var');
    const type = captured(match, 'type');
    const declared = type ? (type.text === 'var' ? createdClass(captured(match, 'value')) : className(type)) : undefined;
    if (variable && declared !== undefined && classes.has(declared)) {
      variableTypes.set(variable.text, (variableTypes.get(variable.text) ?? new Set()).add(declared));
    }
  }
  const calls: CallFact[] = [];
  for (const match of matches) {
    const call = captured(match, 'call');
    const name = captured(match, 'name');
    if (call && name) {
      const object = captured(match, 'object');
      const range = object ? rangeBetween(object, name) : rangeOf(name);
      if (!object) {
        if (staticMembers.has(name.text)) {
          calls.push({ name: name.text, path, range });
        }
        continue;
      }
      for (const receiver of receiverClasses(object, classes, variableTypes)) {
        calls.push({ object: receiver, name: name.text, path, range });
      }
      continue;
    }
    const created = captured(match, 'new');
    const createdType = created ? createdClass(created) : undefined;
    const type = captured(match, 'type');
    if (created && type && createdType !== undefined && classes.has(createdType)) {
      calls.push({ name: createdType, path, range: rangeBetween(created, type) });
    }
  }
  return calls;
}

/** The imported classes a receiver expression may be an instance (or, for a class name, the class) of. */
function receiverClasses(object: SyntaxNode, classes: ReadonlySet<string>, variableTypes: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  if (object.type === 'identifier') {
    return classes.has(object.text) ? [object.text] : [...(variableTypes.get(object.text) ?? [])];
  }
  if (object.type === 'field_access') {
    const [target, field] = namedChildren(object);
    return target?.type === 'this' && field ? [...(variableTypes.get(field.text) ?? [])] : [];
  }
  if (object.type === 'object_creation_expression' || object.type === 'parenthesized_expression') {
    const created = object.type === 'parenthesized_expression' ? namedChildren(object)[0] : object;
    const type = created ? createdClass(created) : undefined;
    return type !== undefined && classes.has(type) ? [type] : [];
  }
  return [];
}

/** The class `new T(…)` creates, or undefined for anything else. */
function createdClass(node: SyntaxNode | undefined): string | undefined {
  if (node?.type !== 'object_creation_expression') {
    return undefined;
  }
  const type = namedChildren(node).find((child) => child.type.endsWith('type_identifier') || child.type === 'generic_type');
  return type ? className(type) : undefined;
}

/**
 * The simple class name a type denotes for matching against imports: `XStream`, `List<X>` → `List`,
 * `Map.Entry` → `Map` (the imported outer class); undefined for primitives and arrays.
 */
function className(type: SyntaxNode): string | undefined {
  if (type.type === 'type_identifier') {
    return type.text;
  }
  if (type.type === 'generic_type' || type.type === 'scoped_type_identifier') {
    const first = namedChildren(type)[0];
    return first ? className(first) : undefined;
  }
  return undefined;
}
