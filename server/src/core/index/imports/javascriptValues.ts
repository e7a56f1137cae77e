import type { Position, Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from './importFact';
import type { JavaScriptGrammar } from './javascript';
import { NestedSpans } from './scopedNames';
import { unboundRequireLocal } from './javascriptSymbols';
import type { CallFact } from './symbolFacts';
import { captured, namedChildren, rangeOf } from './syntaxWalk';

/**
 * What a name holds, as far as a JavaScript-family file tells: relative to another name `binding` (an import
 * binding, or a name resolved further), with an optional `member` path (`lib.Sanitizer`, `y.load`).
 */
export type JsValue =
  /** An instance: `new Sanitizer()`, `new lib.Sanitizer()`, or a TypeScript annotation `: Sanitizer`. */
  | { kind: 'instance'; binding: string; member?: string }
  /** The same thing under another name: `const y2 = yaml`, `const f = y.load`, `const { load } = y`. */
  | { kind: 'alias'; binding: string; member?: string }
  /** What a call returns: `lib.create()`, `create()`. */
  | { kind: 'result'; binding: string; member?: string }
  /** Known not to come from a package (a literal, a function, a first-party class, a built-in type). */
  | { kind: 'other' }
  /** Bound by an import or `require` (the import facts say which package, if a third-party one). */
  | { kind: 'module' }
  | { kind: 'unknown' };

/**
 * A declaration of a name, from one statement (open documents keep them per top-level statement): `name` is the
 * local name, or `this.field` for a class field; `scope` the function or class body holding it (absent: the file).
 * Ranges rather than indices, so that facts move with edits like every other fact.
 */
export interface ValueFact {
  name: string;
  value: JsValue;
  scope?: Range;
  range: Range;
}

/** The receiver of a call as written, before it is resolved against the file's imports and values. */
export type ReceiverShape =
  | { kind: 'name'; name: string }
  | { kind: 'this'; field: string }
  | { kind: 'value'; value: JsValue; text: string }
  | { kind: 'required'; specifier: string }
  | { kind: 'opaque'; text: string };

/** A call as written: `name` is the member or function; `receiver` absent for a plain call. */
export interface CallCandidate {
  name: string;
  receiver?: ReceiverShape;
  written: string;
  isNew: boolean;
  path: string;
  range: Range;
}

// Expressions that denote the same value as their operand.
const wrapperTypes = new Set(['parenthesized_expression', 'await_expression', 'non_null_expression', 'satisfies_expression']);

/** Globals and built-ins whose methods are never a package's: calls on them are not counted as unknown. */
const builtinObjects = new Set([
  'console', 'JSON', 'Math', 'Object', 'Array', 'Promise', 'Number', 'String', 'Boolean', 'Date', 'Reflect', 'Symbol',
  'BigInt', 'Intl', 'Error', 'Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'URL', 'URLSearchParams', 'Buffer', 'process',
  'globalThis', 'window', 'document', 'module', 'exports', 'require', 'this', 'super', 'Atomics', 'Proxy', 'performance',
]);

const commonPatterns = `
(function_declaration) @scope
(generator_function_declaration) @scope
(function_expression) @scope
(generator_function) @scope
(arrow_function) @scope
(method_definition) @scope
(class_body) @scope @class
(import_clause (identifier) @imported)
(namespace_import (identifier) @imported)
(import_specifier name: (_) @imported !alias)
(import_specifier alias: (identifier) @imported)
(function_declaration name: (identifier) @local)
(class_declaration name: (_) @local)
(variable_declarator name: (identifier) @var value: (_) @value)
(variable_declarator name: (object_pattern) @pattern value: (_) @value)
(assignment_expression left: (identifier) @var right: (_) @value)
(assignment_expression left: (member_expression object: (this) property: (property_identifier) @field) right: (_) @value)
(call_expression function: (identifier) @name @callee)
(call_expression function: (member_expression object: (_) @object property: (property_identifier) @name) @callee)
(new_expression constructor: (identifier) @name @callee) @new
(new_expression constructor: (member_expression object: (identifier) @object property: (property_identifier) @name) @callee) @new
(call_expression
  function: (call_expression function: (identifier) @_req arguments: (arguments . (string (string_fragment) @required))) @callee
  (#eq? @_req "require"))
`;

const javascriptPatterns = `
(field_definition property: (property_identifier) @field value: (_) @value)
(formal_parameters (identifier) @opaque)
`;

// The javascript grammar has no types; compiling these against it would fail.
const typescriptPatterns = `
(variable_declarator name: (identifier) @var type: (type_annotation) @type)
(import_require_clause (identifier) @imported)
(required_parameter pattern: (identifier) @var type: (type_annotation) @type)
(optional_parameter pattern: (identifier) @var type: (type_annotation) @type)
(required_parameter pattern: (identifier) @opaque !type)
(optional_parameter pattern: (identifier) @opaque !type)
(required_parameter (accessibility_modifier) pattern: (identifier) @field type: (type_annotation) @type)
(public_field_definition name: (property_identifier) @field type: (type_annotation) @type)
(public_field_definition name: (property_identifier) @field value: (_) @value)
`;

/**
 * Query source for the call sites of a JavaScript-family file and the declarations that tell what their receivers
 * hold. Captures: `@scope` (functions, class bodies; `@class` too for class bodies), `@var`/`@field`/`@pattern`
 * with `@value` or `@type`, `@opaque` (parameters without a type), `@local` (first-party functions and classes),
 * and calls: `@callee` with `@name`, optional `@object`, `@new`, or `@required` for `require('x')(…)`.
 */
export function javascriptSymbolQuery(grammar: JavaScriptGrammar): string {
  return commonPatterns + (grammar === 'javascript' ? javascriptPatterns : typescriptPatterns);
}

/** The calls and declarations of some matches (a file, or one top-level statement of an open document). */
export function readJavascriptSymbols(path: string, matches: readonly QueryMatch[]): { candidates: CallCandidate[]; values: ValueFact[] } {
  const scopeNodes = matches.map((match) => captured(match, 'scope')).filter((node): node is SyntaxNode => node !== undefined);
  const classNodes = matches.map((match) => captured(match, 'class')).filter((node): node is SyntaxNode => node !== undefined);
  const scopes = new NestedSpans(scopeNodes);
  const classes = new NestedSpans(classNodes);
  const scopeOf = (node: SyntaxNode, spans: NestedSpans<SyntaxNode> = scopes): Range | undefined => {
    const span = spans.at(node.startIndex);
    return span ? rangeOf(span) : undefined;
  };
  const values: ValueFact[] = [];
  const declare = (name: string, node: SyntaxNode, value: JsValue, scope = scopeOf(node)): void => {
    values.push({ name, value, range: rangeOf(node), ...(scope ? { scope } : {}) });
  };
  const candidates: CallCandidate[] = [];
  for (const match of matches) {
    const variable = captured(match, 'var');
    const field = captured(match, 'field');
    const pattern = captured(match, 'pattern');
    const value = captured(match, 'value');
    const type = captured(match, 'type');
    const callee = captured(match, 'callee');
    if (variable || field) {
      const read = type ? typeValue(type) : value ? (isModuleLoad(value) ? { kind: 'module' as const } : expressionValue(value)) : { kind: 'unknown' as const };
      if (variable) {
        declare(variable.text, variable, read);
      } else if (field) {
        declare(`this.${field.text}`, field, read, scopeOf(field, classes));
      }
    } else if (pattern && value) {
      const source = isModuleLoad(value) ? { kind: 'module' as const } : expressionValue(value);
      for (const { local, key } of patternNames(pattern)) {
        declare(local.text, local, source.kind === 'alias' && source.member === undefined ? { kind: 'alias', binding: source.binding, member: key } : source.kind === 'module' ? source : { kind: 'unknown' });
      }
    } else if (captured(match, 'imported')) {
      const imported = captured(match, 'imported')!;
      declare(imported.text, imported, { kind: 'module' }, undefined);
    } else if (captured(match, 'opaque')) {
      const opaque = captured(match, 'opaque')!;
      declare(opaque.text, opaque, { kind: 'unknown' });
    } else if (captured(match, 'local')) {
      const local = captured(match, 'local')!;
      declare(local.text, local, { kind: 'other' });
    } else if (callee) {
      candidates.push(candidateOf(path, match, callee));
    }
  }
  return { candidates, values };
}

/** `require('x')`, `await import('x')`, `require('x').y`: an import, which binds names itself. */
function isModuleLoad(value: SyntaxNode): boolean {
  return /^(?:await\s+)?(?:require|import)\s*\(/.test(unwrap(value).text);
}

function candidateOf(path: string, match: QueryMatch, callee: SyntaxNode): CallCandidate {
  const name = captured(match, 'name');
  const object = captured(match, 'object');
  const required = captured(match, 'required');
  const base = { written: callee.text, isNew: captured(match, 'new') !== undefined, path, range: rangeOf(callee) };
  if (required) {
    return { ...base, name: unboundRequireLocal(required.text) }; // require('debug')('app'): a call of the module
  }
  if (!object) {
    return { ...base, name: name?.text ?? callee.text };
  }
  return { ...base, name: name?.text ?? '', receiver: receiverShape(object) };
}

function receiverShape(node: SyntaxNode): ReceiverShape {
  const inner = unwrap(node);
  if (inner.type === 'identifier') {
    return { kind: 'name', name: inner.text };
  }
  if (inner.type === 'member_expression') {
    const [object, property] = namedChildren(inner);
    if (object?.type === 'this' && property?.type === 'property_identifier') {
      return { kind: 'this', field: property.text };
    }
    const path = memberPath(inner);
    return path ? { kind: 'name', name: path } : { kind: 'opaque', text: inner.text };
  }
  if (inner.type === 'call_expression') {
    const [callee, args] = namedChildren(inner);
    const first = args ? namedChildren(args)[0] : undefined;
    if (callee?.type === 'identifier' && callee.text === 'require' && first?.type === 'string') {
      return { kind: 'required', specifier: stringValue(first) };
    }
    if (callee?.type === 'import') {
      return { kind: 'value', value: { kind: 'other' }, text: inner.text }; // `import('x').then(…)`: a promise
    }
  }
  const value = expressionValue(node);
  return value.kind === 'unknown' ? { kind: 'opaque', text: node.text } : { kind: 'value', value, text: node.text };
}

/** `a.b.c` for a chain of names; undefined otherwise. */
function memberPath(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') {
    return node.text;
  }
  if (node.type !== 'member_expression') {
    return undefined;
  }
  const [object, property] = namedChildren(node);
  const head = object ? memberPath(object) : undefined;
  return head !== undefined && property?.type === 'property_identifier' ? `${head}.${property.text}` : undefined;
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let depth = 0; depth < 16 && wrapperTypes.has(current.type); depth++) {
    const inner = namedChildren(current)[0];
    if (!inner) {
      break;
    }
    current = inner;
  }
  return current;
}

/** What an expression evaluates to, relative to the names it uses. */
function expressionValue(node: SyntaxNode): JsValue {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'new_expression': {
      const target = namedChildren(inner)[0];
      const path = target ? memberPath(target) : undefined;
      return path ? relative('instance', path) : { kind: 'unknown' };
    }
    case 'call_expression': {
      const target = namedChildren(inner)[0];
      const path = target ? memberPath(target) : undefined;
      return path && path !== 'require' ? relative('result', path) : { kind: 'unknown' };
    }
    case 'identifier':
    case 'member_expression': {
      const path = memberPath(inner);
      return path ? relative('alias', path) : { kind: 'unknown' };
    }
    case 'as_expression': {
      const type = namedChildren(inner)[1];
      return type ? typeValue(type) : { kind: 'unknown' };
    }
    case 'string':
    case 'template_string':
    case 'number':
    case 'true':
    case 'false':
    case 'null':
    case 'undefined':
    case 'object':
    case 'array':
    case 'arrow_function':
    case 'function_expression':
    case 'class':
      return { kind: 'other' };
    default:
      return { kind: 'unknown' };
  }
}

function relative(kind: 'instance' | 'alias' | 'result', path: string): JsValue {
  const dot = path.indexOf('.');
  return dot < 0 ? { kind, binding: path } : { kind, binding: path.slice(0, dot), member: path.slice(dot + 1) };
}

/** The instance a TypeScript type denotes: `Sanitizer`, `lib.Sanitizer`, `Sanitizer<T>`, `Sanitizer | undefined`. */
function typeValue(node: SyntaxNode): JsValue {
  switch (node.type) {
    case 'type_annotation':
    case 'parenthesized_type':
    case 'generic_type': {
      const inner = namedChildren(node)[0];
      return inner ? typeValue(inner) : { kind: 'unknown' };
    }
    case 'type_identifier':
      return { kind: 'instance', binding: node.text };
    case 'nested_type_identifier': {
      const text = node.text.replace(/\s+/g, '');
      return relative('instance', text);
    }
    case 'union_type': {
      const members = namedChildren(node).map(typeValue).filter((value) => value.kind !== 'other');
      return members.length === 1 ? members[0]! : { kind: 'other' };
    }
    default:
      return { kind: 'other' }; // predefined types, literals, object types, functions
  }
}

/** `{ a, b: c, d = 1, 'e-f': g }` → the local names with the keys they take. */
function patternNames(pattern: SyntaxNode): { local: SyntaxNode; key: string }[] {
  const names: { local: SyntaxNode; key: string }[] = [];
  for (const item of namedChildren(pattern)) {
    if (item.type === 'shorthand_property_identifier_pattern') {
      names.push({ local: item, key: item.text });
    } else if (item.type === 'object_assignment_pattern') {
      const local = namedChildren(item)[0];
      if (local?.type === 'shorthand_property_identifier_pattern') {
        names.push({ local, key: local.text });
      }
    } else if (item.type === 'pair_pattern') {
      const [key, value] = namedChildren(item);
      const local = value?.type === 'assignment_pattern' ? namedChildren(value)[0] : value;
      const keyText = key?.type === 'string' ? stringValue(key) : key?.text;
      if (keyText !== undefined && local?.type === 'identifier') {
        names.push({ local, key: keyText });
      }
    }
  }
  return names;
}

function stringValue(node: SyntaxNode): string {
  return node.children
    .filter((child) => child?.type === 'string_fragment')
    .map((child) => child?.text ?? '')
    .join('');
}

/** Values chained through at most this many names (`a = b; b = c; …`). */
const maxAliasSteps = 8;

/**
 * Resolves the call candidates of a file against its import bindings and value declarations: a call through a
 * binding (`_.template(…)`, `template(…)`, `new Client(…)`, `require('y').fn(…)`) keeps its shape; a call on a
 * value is recorded on the binding the value comes from, with its receiver (`s.clean()` after
 * `const s = new Sanitizer()` → `Sanitizer.clean`, typed; `f()` after `const f = y.load` → `y.load` via `f`;
 * `c.clean()` after `const c = lib.create()` → a result of `lib.create`). Method calls on names the file does not
 * tell (parameters, globals left aside) give one `unknown` fact per method name. Names are scoped by function and
 * class body; within one scope, the last declaration before the call wins.
 */
export function resolveJavascriptCalls(candidates: readonly CallCandidate[], values: readonly ValueFact[], imports: readonly ImportFact[]): CallFact[] {
  const bindings = new Set(imports.flatMap((fact) => fact.bindings ?? []).map((binding) => binding.local));
  if (bindings.size === 0) {
    return [];
  }
  const scope = new ValueScope(values);
  const calls: CallFact[] = [];
  const unknownByName = new Map<string, { receiver: { count: number } }>();
  const at = (candidate: CallCandidate): Position => candidate.range.start;
  /** A binding (with a member path) that a name stands for at a position, through aliases. */
  const bindingOf = (name: string, position: Position, member?: string): { binding: string; member?: string } | undefined => {
    let current = { binding: name, member, position };
    for (let step = 0; step < maxAliasSteps; step++) {
      const root = current.binding.split('.')[0]!;
      const rest = current.binding.includes('.') ? current.binding.slice(root.length + 1) : undefined;
      const fact = scope.lookup(root, current.position);
      if (!fact || fact.value.kind === 'module') {
        return bindings.has(root) ? { binding: root, member: joinMembers(rest, current.member) } : bindings.has(current.binding) ? { binding: current.binding, member: current.member } : undefined;
      }
      if (fact.value.kind !== 'alias') {
        return undefined;
      }
      current = { binding: fact.value.binding, member: joinMembers(fact.value.member, joinMembers(rest, current.member)), position: fact.range.start };
    }
    return undefined;
  };
  const noteUnknown = (candidate: CallCandidate, text: string): void => {
    const known = unknownByName.get(candidate.name);
    if (known) {
      known.receiver.count++;
      return;
    }
    const fact = { name: candidate.name, written: candidate.written, receiver: { how: 'unknown' as const, text, count: 1 }, path: candidate.path, range: candidate.range };
    unknownByName.set(candidate.name, fact);
    calls.push(fact);
  };
  const onValue = (candidate: CallCandidate, value: JsValue, text: string, line: number, position: Position): void => {
    if (value.kind === 'other' || value.kind === 'module') {
      return;
    }
    if (value.kind === 'unknown') {
      noteUnknown(candidate, text);
      return;
    }
    const bound = bindingOf(value.binding, position, value.member);
    if (!bound) {
      if (value.kind !== 'instance') {
        noteUnknown(candidate, text); // what a first-party function returns, or an alias of a parameter
      }
      return; // an instance of a first-party class
    }
    const written = candidate.written;
    if (value.kind === 'instance') {
      calls.push({ object: bound.binding, name: candidate.name, written, receiver: { how: 'typed', text, ...(bound.member ? { type: bound.member } : {}), line }, path: candidate.path, range: candidate.range });
    } else if (value.kind === 'result') {
      calls.push({ object: bound.binding, name: candidate.name, written, receiver: { how: 'result', text, of: bound.member ?? bound.binding, line }, path: candidate.path, range: candidate.range });
    } else {
      const object = bound.member ? `${bound.binding}.${bound.member}` : bound.binding;
      calls.push({ object, name: candidate.name, written, receiver: { how: 'alias', text, line }, path: candidate.path, range: candidate.range });
    }
  };
  for (const candidate of candidates) {
    const receiver = candidate.receiver;
    const position = at(candidate);
    if (!receiver) {
      // A plain call: of a binding, or of a name that stands for one (`f()` after `const f = y.load`).
      const fact = unlessModule(scope.lookup(candidate.name, position));
      if (!fact && bindings.has(candidate.name)) {
        calls.push({ name: candidate.name, path: candidate.path, range: candidate.range });
      } else if (fact?.value.kind === 'alias') {
        const bound = bindingOf(fact.value.binding, fact.range.start, fact.value.member);
        if (bound) {
          const path = bound.member ? `${bound.binding}.${bound.member}` : bound.binding;
          const cut = path.lastIndexOf('.');
          const callee = cut < 0 ? { name: path } : { object: path.slice(0, cut), name: path.slice(cut + 1) };
          calls.push({ ...callee, written: candidate.written, receiver: { how: 'alias', text: candidate.name, line: fact.range.start.line }, path: candidate.path, range: candidate.range });
        }
      }
      continue;
    }
    switch (receiver.kind) {
      case 'required':
        calls.push({ object: unboundRequireLocal(receiver.specifier), name: candidate.name, path: candidate.path, range: candidate.range });
        break;
      case 'name': {
        const root = receiver.name.split('.')[0]!;
        const found = scope.lookup(root, position);
        const fact = unlessModule(found);
        if (!fact && bindings.has(root)) {
          calls.push({ object: receiver.name, name: candidate.name, path: candidate.path, range: candidate.range });
        } else if (fact) {
          const value: JsValue = receiver.name === root ? fact.value : fact.value.kind === 'alias' ? { kind: 'alias', binding: fact.value.binding, member: joinMembers(fact.value.member, receiver.name.slice(root.length + 1)) } : { kind: 'unknown' };
          onValue(candidate, value, receiver.name, fact.range.start.line, fact.range.start);
        } else if (!found && !candidate.isNew && !builtinObjects.has(root)) {
          noteUnknown(candidate, receiver.name); // a parameter or a global: its type is not told
        }
        break;
      }
      case 'this': {
        const fact = scope.lookup(`this.${receiver.field}`, position);
        if (fact) {
          onValue(candidate, fact.value, `this.${receiver.field}`, fact.range.start.line, fact.range.start);
        } else {
          noteUnknown(candidate, `this.${receiver.field}`);
        }
        break;
      }
      case 'value':
        onValue(candidate, receiver.value, receiver.text, candidate.range.start.line, position);
        break;
      default:
        noteUnknown(candidate, receiver.text);
    }
  }
  return calls;
}

/** A name bound by an import stands for the import's binding (or for a module of no interest): not a value. */
function unlessModule(fact: ValueFact | undefined): ValueFact | undefined {
  return fact?.value.kind === 'module' ? undefined : fact;
}

function joinMembers(a: string | undefined, b: string | undefined): string | undefined {
  return a && b ? `${a}.${b}` : (a ?? b) || undefined;
}

/** Value declarations by name, looked up at a position: innermost scope first, then the last before it. */
class ValueScope {
  private readonly byName = new Map<string, ValueFact[]>();

  constructor(values: readonly ValueFact[]) {
    for (const value of values) {
      const list = this.byName.get(value.name);
      if (list) {
        list.push(value);
      } else {
        this.byName.set(value.name, [value]);
      }
    }
  }

  lookup(name: string, position: Position): ValueFact | undefined {
    const visible = (this.byName.get(name) ?? []).filter((fact) => !fact.scope || contains(fact.scope, position));
    if (visible.length === 0) {
      return undefined;
    }
    const innermost = visible.reduce((best, fact) => (compare(scopeStart(fact), scopeStart(best)) > 0 ? fact : best));
    const sameScope = visible.filter((fact) => compare(scopeStart(fact), scopeStart(innermost)) === 0);
    const before = sameScope.filter((fact) => compare(fact.range.start, position) <= 0);
    return (before.length > 0 ? before : sameScope).reduce((last, fact) => (compare(fact.range.start, last.range.start) >= 0 ? fact : last));
  }
}

function scopeStart(fact: ValueFact): Position {
  return fact.scope?.start ?? { line: -1, character: 0 };
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) < 0;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** The calls of a file that may reach an imported symbol (see {@link readJavascriptSymbols}, {@link resolveJavascriptCalls}). */
export function javascriptCallsFromMatches(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[]): CallFact[] {
  const { candidates, values } = readJavascriptSymbols(path, matches);
  return resolveJavascriptCalls(candidates, values, imports);
}
