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
  const classes = new Set<string>();
  const staticMembers = new Set<string>();
  for (const { fact, isClass } of imports) {
    for (const binding of fact.bindings ?? []) {
      if (binding.local !== '*') {
        (isClass ? classes : staticMembers).add(binding.local);
      }
    }
  }
  // First-party classes of this file that extend an imported class: their instances are instances of it too.
  const subclasses = new Map<string, { type: string; body: Span; line: number }>();
  for (const match of matches) {
    const name = captured(match, 'class');
    const superType = captured(match, 'super');
    const body = captured(match, 'body');
    const type = superType ? className(superType) : undefined;
    if (name && body && type !== undefined && classes.has(type)) {
      subclasses.set(name.text, { type, body, line: name.startPosition.row });
    }
  }
  /** `this` inside a first-party subclass of an imported class is an instance of that class. */
  const selfAt = (index: number, text: string): JavaValue => {
    const holder = [...subclasses.values()].find((sub) => sub.body.startIndex <= index && index < sub.body.endIndex);
    return holder ? { kind: 'typed', type: holder.type, line: holder.line, via: text } : { kind: 'other' };
  };
  const names = new ScopedNames<JavaValue>(matches.map((match) => captured(match, 'scope')).filter((node): node is SyntaxNode => node !== undefined));
  const typeOf = (type: SyntaxNode | undefined, line: number): JavaValue => {
    const name = type ? className(type) : undefined;
    if (name === undefined) {
      return { kind: 'other' };
    }
    if (classes.has(name)) {
      return { kind: 'typed', type: name, line };
    }
    const sub = subclasses.get(name);
    return sub ? { kind: 'typed', type: sub.type, line, via: name } : { kind: 'other' };
  };
  const valueOf = (node: SyntaxNode | undefined): JavaValue => {
    if (!node) {
      return { kind: 'unknown' };
    }
    const line = node.startPosition.row;
    switch (node.type) {
      case 'object_creation_expression':
        return typeOf(namedChildren(node).find((child) => child.type.endsWith('type_identifier') || child.type === 'generic_type'), line);
      case 'parenthesized_expression':
        return valueOf(namedChildren(node)[0]);
      case 'cast_expression':
        return typeOf(namedChildren(node)[0], line);
      case 'this':
      case 'super':
        return selfAt(node.startIndex, node.text);
      case 'identifier': {
        const declared = names.lookup(node.text, node.startIndex);
        if (declared) {
          return declared;
        }
        return classes.has(node.text) || /^[A-Z]/.test(node.text) ? { kind: 'other' } : { kind: 'unknown' };
      }
      case 'field_access': {
        const [target, field] = namedChildren(node);
        return target?.type === 'this' && field ? (names.lookup(field.text, node.startIndex) ?? { kind: 'unknown' }) : { kind: 'unknown' };
      }
      case 'method_invocation': {
        // A static factory of an imported class (`XStream.getInstance()`): its result's type is not written.
        const parts = namedChildren(node);
        const callee = parts.filter((part) => part.type === 'identifier').at(-1);
        const target = parts[0] !== callee ? parts[0] : undefined;
        if (callee && target?.type === 'identifier' && classes.has(target.text) && names.lookup(target.text, target.startIndex) === undefined) {
          return { kind: 'result', type: target.text, of: callee.text, line };
        }
        return { kind: 'unknown' };
      }
      default:
        return { kind: 'unknown' };
    }
  };
  for (const match of matches) {
    const variable = captured(match, 'var');
    const type = captured(match, 'type');
    const opaque = captured(match, 'opaque');
    if (variable && type) {
      const line = variable.startPosition.row;
      names.declare(variable.text, variable, type.text === 'var' ? valueOf(captured(match, 'value')) : typeOf(type.type === 'catch_type' ? namedChildren(type)[0] : type, line));
    } else if (opaque) {
      names.declare(opaque.text, opaque, { kind: 'unknown' });
    }
  }
  const calls: CallFact[] = [];
  const unknownByName = new Map<string, { receiver: { count: number } }>();
  for (const match of matches) {
    const call = captured(match, 'call');
    const name = captured(match, 'name');
    if (call && name) {
      const object = captured(match, 'object');
      const range = object ? rangeBetween(object, name) : rangeOf(name);
      if (!object) {
        if (staticMembers.has(name.text)) {
          calls.push({ name: name.text, path, range });
        } else {
          const self = selfAt(call.startIndex, 'this');
          if (self.kind === 'typed') {
            calls.push({ object: self.type, name: name.text, receiver: { how: 'typed', text: 'this', line: self.line }, path, range });
          }
        }
        continue;
      }
      if (object.type === 'identifier' && classes.has(object.text) && names.lookup(object.text, object.startIndex) === undefined) {
        calls.push({ object: object.text, name: name.text, path, range });
        continue;
      }
      const value = valueOf(object);
      const written = `${object.text}.${name.text}`;
      if (value.kind === 'typed') {
        calls.push({ object: value.type, name: name.text, written, receiver: { how: 'typed', text: value.via !== undefined && value.via !== object.text ? `${object.text} (a ${value.via})` : object.text, line: value.line }, path, range });
      } else if (value.kind === 'result') {
        calls.push({ object: value.type, name: name.text, written, receiver: { how: 'result', text: object.text, of: value.of, line: value.line }, path, range });
      } else if (value.kind === 'unknown') {
        const known = unknownByName.get(name.text);
        if (known) {
          known.receiver.count++;
        } else {
          const fact: CallFact & { receiver: { how: 'unknown'; text: string; count: number } } = { name: name.text, written, receiver: { how: 'unknown', text: object.text, count: 1 }, path, range };
          unknownByName.set(name.text, fact);
          calls.push(fact);
        }
      }
      continue;
    }
    const created = captured(match, 'new');
    const type = captured(match, 'type');
    const createdValue = created ? valueOf(created) : undefined;
    if (created && type && createdValue?.kind === 'typed') {
      // `new SafeXStream()` of a first-party subclass runs XStream's constructor too.
      const written = createdValue.via !== undefined ? { written: `new ${createdValue.via}` } : {};
      calls.push({ name: createdValue.type, ...written, path, range: rangeBetween(created, type) });
    }
  }
  return calls;
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
