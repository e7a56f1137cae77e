import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { isJavaPlatformPackage } from './javaPlatform';
import type { CallFact } from '../../model/symbolFacts';
import { ScopedNames, type Span } from './scopedNames';
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
 * Query source for what Java call sites need: scopes (`@scope`: class bodies, methods, constructors, lambdas),
 * declarations that give a variable a type (`@type`, `@var`, optional `@value`), names whose type is not written
 * (`@opaque`: lambda parameters), classes extending another (`@class`, `@super`, `@body`), method invocations
 * (`@call` with `@name` and optional `@object`) and instance creations (`@new` with `@type`).
 */
export const javaCallQuery = `
(class_body) @scope
(method_declaration) @scope
(constructor_declaration) @scope
(lambda_expression) @scope
(class_declaration name: (identifier) @class superclass: (superclass (_) @super) body: (class_body) @body)
(field_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(constant_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(local_variable_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @var value: (_)? @value))
(formal_parameter type: (_) @type name: (identifier) @var)
(catch_formal_parameter (catch_type) @type name: (identifier) @var)
(enhanced_for_statement type: (_) @type name: (identifier) @var)
(resource type: (_) @type name: (identifier) @var value: (_) @value)
(lambda_expression parameters: (identifier) @opaque)
(inferred_parameters (identifier) @opaque)
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
 * class (`XStream x = new XStream(); x.fromXML(…)`, `this.mapper.readValue(…)`, `var y = new XStream()`, a cast
 * `((XStream) o).fromXML(…)`), on a fresh instance (`new Yaml().load(…)`), on what a static factory returns
 * (`XStream.getInstance().fromXML(…)`, type not written), and calls a first-party subclass of an imported class
 * makes on itself (`super.fromXML(…)`, `fromXML(…)`) or that are made on its instances. `new XStream(…)` is
 * recorded as the plain call `XStream`, and a call of a statically imported method (`isBlank(…)`) as the plain call
 * `isBlank`. Names are scoped by class body, method and lambda; a receiver whose type the file does not tell
 * (a chained call, an inherited field) gives one `unknown` fact per method name. Classes reached through wildcard
 * imports are not tracked.
 */
export function javaCallsFromMatches(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[]): CallFact[] {
  return callsOf(
    path,
    matches,
    imports.map((fact) => ({ fact, isClass: (fact.bindings ?? []).some((binding) => binding.local !== '*' && /^[A-Z]/.test(binding.local)) })),
  );
}

/** What a Java name or expression is known to hold. */
type JavaValue = { kind: 'typed'; type: string; line: number; via?: string } | { kind: 'result'; type: string; of: string; line: number } | { kind: 'other' } | { kind: 'unknown' };

function callsOf(path: string, matches: readonly QueryMatch[], imports: readonly JavaImport[]): CallFact[] {
  const values = new JavaFileValues(matches, imports);
  const calls: CallFact[] = [];
  const unknownByName = new Map<string, { receiver: { count: number } }>();
  for (const match of matches) {
    const call = captured(match, 'call');
    const name = captured(match, 'name');
    const fact = call && name ? methodCallFact(path, match, call, name, values, unknownByName) : constructorCallFact(path, match, values);
    if (fact) {
      calls.push(fact);
    }
  }
  return calls;
}

/**
 * The fact of a method call, or undefined when it cannot reach an imported class (or, for a receiver of unknown
 * type, when a fact for the method name exists already: its count goes up instead).
 */
function methodCallFact(path: string, match: QueryMatch, call: SyntaxNode, name: SyntaxNode, values: JavaFileValues, unknownByName: Map<string, { receiver: { count: number } }>): CallFact | undefined {
  const object = captured(match, 'object');
  const range = object ? rangeBetween(object, name) : rangeOf(name);
  if (!object) {
    if (values.staticMembers.has(name.text)) {
      return { name: name.text, path, range };
    }
    const self = values.selfAt(call.startIndex, 'this');
    return self.kind === 'typed' ? { object: self.type, name: name.text, receiver: { how: 'typed', text: 'this', line: self.line }, path, range } : undefined;
  }
  if (object.type === 'identifier' && values.isImportedClassName(object)) {
    return { object: object.text, name: name.text, path, range };
  }
  const value = values.valueOf(object);
  const written = `${object.text}.${name.text}`;
  if (value.kind === 'typed') {
    return { object: value.type, name: name.text, written, receiver: { how: 'typed', text: value.via !== undefined && value.via !== object.text ? `${object.text} (a ${value.via})` : object.text, line: value.line }, path, range };
  }
  if (value.kind === 'result') {
    return { object: value.type, name: name.text, written, receiver: { how: 'result', text: object.text, of: value.of, line: value.line }, path, range };
  }
  if (value.kind === 'unknown') {
    const known = unknownByName.get(name.text);
    if (known) {
      known.receiver.count++;
      return undefined;
    }
    const fact: CallFact & { receiver: { how: 'unknown'; text: string; count: number } } = { name: name.text, written, receiver: { how: 'unknown', text: object.text, count: 1 }, path, range };
    unknownByName.set(name.text, fact);
    return fact;
  }
  return undefined;
}

/** `new XStream(…)` as the plain call `XStream`; `new SafeXStream()` of a first-party subclass runs XStream's constructor too. */
function constructorCallFact(path: string, match: QueryMatch, values: JavaFileValues): CallFact | undefined {
  const created = captured(match, 'new');
  const type = captured(match, 'type');
  const createdValue = created ? values.valueOf(created) : undefined;
  if (!created || !type || createdValue?.kind !== 'typed') {
    return undefined;
  }
  const written = createdValue.via !== undefined ? { written: `new ${createdValue.via}` } : {};
  return { name: createdValue.type, ...written, path, range: rangeBetween(created, type) };
}

/** What the names and expressions of one Java file hold, as far as imported classes are concerned. */
class JavaFileValues {
  /** Simple names of the imported classes. */
  private readonly classes = new Set<string>();
  /** Statically imported members (`isBlank` of `import static …StringUtils.isBlank`). */
  readonly staticMembers = new Set<string>();
  /** First-party classes of this file that extend an imported class: their instances are instances of it too. */
  private readonly subclasses = new Map<string, { type: string; body: Span; line: number }>();
  private readonly names: ScopedNames<JavaValue>;

  constructor(matches: readonly QueryMatch[], imports: readonly JavaImport[]) {
    for (const { fact, isClass } of imports) {
      for (const binding of fact.bindings ?? []) {
        if (binding.local !== '*') {
          (isClass ? this.classes : this.staticMembers).add(binding.local);
        }
      }
    }
    for (const match of matches) {
      const name = captured(match, 'class');
      const superType = captured(match, 'super');
      const body = captured(match, 'body');
      const type = superType ? className(superType) : undefined;
      if (name && body && type !== undefined && this.classes.has(type)) {
        this.subclasses.set(name.text, { type, body, line: name.startPosition.row });
      }
    }
    this.names = new ScopedNames<JavaValue>(matches.map((match) => captured(match, 'scope')).filter((node): node is SyntaxNode => node !== undefined));
    this.declareNames(matches);
  }

  /** Variables, parameters and fields with their declared types (`var`: the value's); other bindings hide outer names. */
  private declareNames(matches: readonly QueryMatch[]): void {
    for (const match of matches) {
      const variable = captured(match, 'var');
      const type = captured(match, 'type');
      const opaque = captured(match, 'opaque');
      if (variable && type) {
        const line = variable.startPosition.row;
        this.names.declare(variable.text, variable, type.text === 'var' ? this.valueOf(captured(match, 'value')) : this.typeOf(type.type === 'catch_type' ? namedChildren(type)[0] : type, line));
      } else if (opaque) {
        this.names.declare(opaque.text, opaque, { kind: 'unknown' });
      }
    }
  }

  /** Whether an identifier names an imported class (not a local name that shadows it). */
  isImportedClassName(identifier: SyntaxNode): boolean {
    return this.classes.has(identifier.text) && this.names.lookup(identifier.text, identifier.startIndex) === undefined;
  }

  /** `this` inside a first-party subclass of an imported class is an instance of that class. */
  selfAt(index: number, text: string): JavaValue {
    const holder = [...this.subclasses.values()].find((sub) => sub.body.startIndex <= index && index < sub.body.endIndex);
    return holder ? { kind: 'typed', type: holder.type, line: holder.line, via: text } : { kind: 'other' };
  }

  private typeOf(type: SyntaxNode | undefined, line: number): JavaValue {
    const name = type ? className(type) : undefined;
    if (name === undefined) {
      return { kind: 'other' };
    }
    if (this.classes.has(name)) {
      return { kind: 'typed', type: name, line };
    }
    const sub = this.subclasses.get(name);
    return sub ? { kind: 'typed', type: sub.type, line, via: name } : { kind: 'other' };
  }

  valueOf(node: SyntaxNode | undefined): JavaValue {
    if (!node) {
      return { kind: 'unknown' };
    }
    const line = node.startPosition.row;
    switch (node.type) {
      case 'object_creation_expression':
        return this.typeOf(namedChildren(node).find((child) => child.type.endsWith('type_identifier') || child.type === 'generic_type'), line);
      case 'parenthesized_expression':
        return this.valueOf(namedChildren(node)[0]);
      case 'cast_expression':
        return this.typeOf(namedChildren(node)[0], line);
      case 'this':
      case 'super':
        return this.selfAt(node.startIndex, node.text);
      case 'identifier':
        return this.names.lookup(node.text, node.startIndex) ?? (this.classes.has(node.text) || /^[A-Z]/.test(node.text) ? { kind: 'other' } : { kind: 'unknown' });
      case 'field_access': {
        const [target, field] = namedChildren(node);
        return target?.type === 'this' && field ? (this.names.lookup(field.text, node.startIndex) ?? { kind: 'unknown' }) : { kind: 'unknown' };
      }
      case 'method_invocation':
        return this.factoryResultOf(node, line);
      default:
        return { kind: 'unknown' };
    }
  }

  /** A static factory of an imported class (`XStream.getInstance()`): its result's type is not written. */
  private factoryResultOf(node: SyntaxNode, line: number): JavaValue {
    const parts = namedChildren(node);
    const callee = parts.filter((part) => part.type === 'identifier').at(-1);
    const target = parts[0] !== callee ? parts[0] : undefined;
    if (callee && target?.type === 'identifier' && this.isImportedClassName(target)) {
      return { kind: 'result', type: target.text, of: callee.text, line };
    }
    return { kind: 'unknown' };
  }
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
