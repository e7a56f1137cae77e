import type { Position, Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import { originAt, resolveCallsOnValues, type CallCandidate, type ReceiverShape, type ValueFact, type ValueOrigin } from './callsOnValues';
import type { ImportFact } from '../../model/importFact';
import type { JavaScriptGrammar } from './javascript';
import { NestedSpans } from './scopedNames';
import { unboundRequireLocal } from './javascriptSymbols';
import type { CallFact } from '../../model/symbolFacts';
import { captured, namedChildren, namePath, rangeOf } from './syntaxWalk';

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
(call_expression function: (identifier) @callee)
(call_expression function: (member_expression object: (_) @object property: (property_identifier) @name) @callee)
(new_expression constructor: (identifier) @callee) @new
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
 * and calls: `@callee` (the name itself for a plain call) with `@object` and `@name` for a method, optional `@new`,
 * or `@required` for `require('x')(…)`.
 */
export function javascriptSymbolQuery(grammar: JavaScriptGrammar): string {
  return commonPatterns + (grammar === 'javascript' ? javascriptPatterns : typescriptPatterns);
}

/**
 * The calls and declarations of some matches (a file, or one top-level statement of an open document). With
 * `isLazy`, what each declared name holds, its range and its scope are read from the tree only when a lookup asks
 * (about one declaration in ten is ever looked at): the tree must then outlive the resolution of the calls.
 */
export function readJavascriptSymbols(path: string, matches: readonly QueryMatch[], options: { isLazy?: boolean } = {}): { candidates: CallCandidate[]; values: ValueFact[] } {
  // Plain loops rather than map().filter(): an array built by a builtin inlined in optimized code has another
  // elements kind than the builtin's own, and each such array read deoptimized this function once more.
  const scopeNodes: SyntaxNode[] = [];
  const classNodes: SyntaxNode[] = [];
  for (const match of matches) {
    const scope = captured(match, 'scope');
    if (scope) {
      scopeNodes.push(scope);
    }
    const declaredClass = captured(match, 'class');
    if (declaredClass) {
      classNodes.push(declaredClass);
    }
  }
  const scopes = new NestedSpans(scopeNodes);
  const classes = new NestedSpans(classNodes);
  const scopeOf = (node: SyntaxNode, spans: NestedSpans<SyntaxNode> = scopes): Range | undefined => {
    const span = spans.at(node.startIndex);
    return span ? rangeOf(span) : undefined;
  };
  const values: ValueFact[] = [];
  const declare = (name: string, node: SyntaxNode, value: () => ValueOrigin, scope: () => Range | undefined = () => scopeOf(node)): void => {
    values.push(options.isLazy ? new LazyValueFact(name, node, value, scope) : valueFact(name, node, value(), scope()));
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
      const read = (): ValueOrigin => (type ? typeValue(type) : value ? (isModuleLoad(value) ? { kind: 'module' as const } : expressionValue(value)) : { kind: 'unknown' as const });
      if (variable) {
        declare(variable.text, variable, read);
      } else if (field) {
        declare(`this.${field.text}`, field, read, () => scopeOf(field, classes));
      }
    } else if (pattern && value) {
      let source: ValueOrigin | undefined;
      const read = (): ValueOrigin => (source ??= isModuleLoad(value) ? { kind: 'module' as const } : expressionValue(value));
      for (const { local, key } of patternNames(pattern)) {
        declare(local.text, local, () => {
          const origin = read();
          return origin.kind === 'alias' && origin.member === undefined ? { kind: 'alias', binding: origin.binding, member: key } : origin.kind === 'module' ? origin : { kind: 'unknown' };
        });
      }
    } else if (captured(match, 'imported')) {
      const imported = captured(match, 'imported')!;
      declare(imported.text, imported, () => ({ kind: 'module' }));
    } else if (captured(match, 'opaque')) {
      const opaque = captured(match, 'opaque')!;
      declare(opaque.text, opaque, () => ({ kind: 'unknown' }));
    } else if (captured(match, 'local')) {
      const local = captured(match, 'local')!;
      declare(local.text, local, () => ({ kind: 'other' }));
    } else if (callee) {
      candidates.push(candidateOf(path, match, callee, options.isLazy === true));
    }
  }
  return { candidates, values };
}

function valueFact(name: string, node: SyntaxNode, value: ValueOrigin, scope: Range | undefined): ValueFact {
  return { name, value, range: rangeOf(node), ...(scope ? { scope } : {}) };
}

/** A declaration whose value, range and scope are read on first use (see {@link readJavascriptSymbols}). */
class LazyValueFact implements ValueFact {
  private knownValue?: ValueOrigin;
  private knownRange?: Range;
  private knownScope?: { scope: Range | undefined };

  constructor(
    readonly name: string,
    private readonly node: SyntaxNode,
    private readonly readValue: () => ValueOrigin,
    private readonly readScope: () => Range | undefined,
  ) {}

  get value(): ValueOrigin {
    return (this.knownValue ??= this.readValue());
  }

  get range(): Range {
    return (this.knownRange ??= rangeOf(this.node));
  }

  get scope(): Range | undefined {
    return (this.knownScope ??= { scope: this.readScope() }).scope;
  }
}

/** `require('x')`, `await import('x')`, `require('x').y`: an import, which binds names itself. */
function isModuleLoad(value: SyntaxNode): boolean {
  return /^(?:await\s+)?(?:require|import)\s*\(/.test(unwrap(value).text);
}

function candidateOf(path: string, match: QueryMatch, callee: SyntaxNode, isLazy: boolean): CallCandidate {
  const name = captured(match, 'name');
  const object = captured(match, 'object');
  const required = captured(match, 'required');
  const isNew = captured(match, 'new') !== undefined;
  const candidate = (called: string, receiver?: ReceiverShape, written?: string): CallCandidate => {
    if (isLazy) {
      return new LazyCallCandidate(called, receiver, isNew, path, callee, written);
    }
    const base = { written: written ?? callee.text, isNew, path, range: rangeOf(callee) };
    return receiver ? { ...base, name: called, receiver } : { ...base, name: called };
  };
  if (required) {
    return candidate(unboundRequireLocal(required.text)); // require('debug')('app'): a call of the module
  }
  if (!object) {
    const written = callee.text;
    return candidate(name?.text ?? written, undefined, written); // a plain call: the callee is the name
  }
  return candidate(name?.text ?? '', receiverShape(object));
}

/** A call whose text and range are read from the tree only when it makes a fact (see {@link readJavascriptSymbols}). */
class LazyCallCandidate implements CallCandidate {
  readonly start: Position;
  private knownRange?: Range;

  constructor(
    readonly name: string,
    readonly receiver: ReceiverShape | undefined,
    readonly isNew: boolean,
    readonly path: string,
    private readonly callee: SyntaxNode,
    private knownWritten?: string,
  ) {
    this.start = { line: callee.startPosition.row, character: callee.startPosition.column };
  }

  get written(): string {
    return (this.knownWritten ??= this.callee.text);
  }

  get range(): Range {
    return (this.knownRange ??= rangeOf(this.callee));
  }
}

function receiverShape(node: SyntaxNode): ReceiverShape {
  const inner = unwrap(node);
  const type = inner.type;
  if (type === 'identifier') {
    return { kind: 'name', name: inner.text };
  }
  if (type === 'member_expression') {
    const [object, property] = namedChildren(inner);
    if (object?.type === 'this' && property?.type === 'property_identifier') {
      return { kind: 'this', field: property.text, text: inner.text };
    }
    const path = memberPath(inner);
    return path ? { kind: 'name', name: path } : { kind: 'opaque', text: inner.text };
  }
  if (type === 'call_expression') {
    const [callee, args] = namedChildren(inner);
    const first = args ? namedChildren(args)[0] : undefined;
    if (callee?.type === 'identifier' && callee.text === 'require' && first?.type === 'string') {
      return { kind: 'binding', local: unboundRequireLocal(stringValue(first)) };
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
  return namePath(node, { chain: 'member_expression', member: 'property_identifier' })?.join('.');
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
function expressionValue(node: SyntaxNode): ValueOrigin {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'new_expression': {
      const target = namedChildren(inner)[0];
      const path = target ? memberPath(target) : undefined;
      return path ? originAt('instance', path) : { kind: 'unknown' };
    }
    case 'call_expression': {
      const target = namedChildren(inner)[0];
      const path = target ? memberPath(target) : undefined;
      return path && path !== 'require' ? originAt('result', path) : { kind: 'unknown' };
    }
    case 'identifier':
    case 'member_expression': {
      const path = memberPath(inner);
      return path ? originAt('alias', path) : { kind: 'unknown' };
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

/** The instance a TypeScript type denotes: `Sanitizer`, `lib.Sanitizer`, `Sanitizer<T>`, `Sanitizer | undefined`. */
function typeValue(node: SyntaxNode): ValueOrigin {
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
      return originAt('instance', text);
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

/**
 * The calls of a file that may reach an imported symbol (see {@link readJavascriptSymbols}, {@link resolveCallsOnValues}).
 * A file whose imports bind no name (only relative, built-in or type-only imports) has none, so its calls and
 * declarations are not even read.
 */
export function javascriptCallsFromMatches(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[]): CallFact[] {
  if (!imports.some((fact) => (fact.bindings?.length ?? 0) > 0)) {
    return []; // resolveCallsOnValues finds nothing without a binding to resolve to
  }
  const { candidates, values } = readJavascriptSymbols(path, matches, { isLazy: true });
  return resolveJavascriptCalls(candidates, values, imports);
}

/** {@link resolveCallsOnValues} with JavaScript's globals left aside. */
export function resolveJavascriptCalls(candidates: readonly CallCandidate[], values: readonly ValueFact[], imports: readonly ImportFact[]): CallFact[] {
  return resolveCallsOnValues(candidates, values, imports, builtinObjects);
}
