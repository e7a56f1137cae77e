import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact } from '../../model/importFact';
import { ScopedNames, type Span } from './scopedNames';
import type { CallFact, CallReceiver, FieldFact } from '../../model/symbolFacts';
import { captured, namedChildren, namePath, rangeOf } from './syntaxWalk';

/**
 * Query source for what Go call sites need (tree-sitter-go 0.25): function scopes (`@scope`), parameters and named
 * results (`@param`), variable declarations (`@var`, `@define`, `@assign`), names whose type the code does not say
 * (`@opaque`: range and type-switch variables), struct types (`@struct` with its `@fields`) and selector calls
 * (`@call`, `@callee`).
 */
export const goCallQuery = `
(function_declaration) @scope
(method_declaration) @scope
(func_literal) @scope
(function_declaration parameters: (parameter_list (parameter_declaration) @param))
(function_declaration result: (parameter_list (parameter_declaration) @param))
(method_declaration receiver: (parameter_list (parameter_declaration) @param))
(method_declaration parameters: (parameter_list (parameter_declaration) @param))
(method_declaration result: (parameter_list (parameter_declaration) @param))
(func_literal parameters: (parameter_list (parameter_declaration) @param))
(var_spec) @var
(short_var_declaration) @define
(assignment_statement) @assign
(range_clause left: (expression_list (identifier) @opaque))
(type_switch_statement alias: (expression_list (identifier) @opaque))
(type_spec name: (type_identifier) @struct type: (struct_type (field_declaration_list) @fields))
(call_expression function: (selector_expression) @callee) @call
(call_expression function: (identifier) @callee) @call
`;

/** What a Go name or expression is known to hold. */
type GoValue =
  /** A value of an imported package's type: `binding` is the package's local name in this file. */
  | { kind: 'typed'; binding: string; type: string; line: number }
  /** A value of a first-party type (its methods are first-party code, its fields may be followed). */
  | { kind: 'local'; type: string; line: number }
  /**
   * What `binding.of(…)` (or, with a dot in `of`, the method call `of(…)` on such a value) returns. `chain` is the
   * calls that made it, in the package's names: `['New', 'Group']` for `fiber.New().Group(…)`, `['App.Group']` for
   * `app.Group(…)` on a typed `*fiber.App`.
   */
  | { kind: 'result'; binding: string; of: string; chain: string[]; line: number }
  /** A function of an imported package used as a value: `f := yaml.Unmarshal`. */
  | { kind: 'function'; binding: string; name: string; line: number }
  /** Known not to be of a type the index follows (builtins, slices, maps, literals). */
  | { kind: 'other' }
  /** Another name: resolved when looked up. */
  | { kind: 'copy'; name: string; at: number }
  | { kind: 'unknown' };

const unknown: GoValue = { kind: 'unknown' };
/** Copies followed at most when resolving a name (`a := b; b := c; …`). */
const maxCopies = 8;

/**
 * The calls of a Go file that may reach an imported package, and the struct fields and package variables it
 * declares. Calls on a package (`yaml.Unmarshal(…)`) have `object` = the package's local name. Method calls on a
 * value whose type the file tells are `typed` (parameters, `var x *fiber.App`, `&fiber.App{}`, `new(fiber.App)`,
 * type assertions, named results); on a value assigned from a package function, `result` (`app := fiber.New()`,
 * chained `fiber.New().Get(…)`); on a field path of a first-party struct or a package variable not declared in
 * this file, `member` (followed across the package's files by the correlation; also an exported method called on
 * a first-party type that may embed an imported one); `unknown` otherwise, one fact per
 * exported method name (unexported methods of another package cannot be called). A package function kept in a
 * variable and called through it (`decode := yaml.Unmarshal; decode(…)`) is an `alias`. Names are scoped by function;
 * blocks are not (see {@link ScopedNames}).
 */
export function goCallFacts(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[], importedNames: ReadonlySet<string> = new Set()): { calls: CallFact[]; fields: FieldFact[] } {
  const packages = new Set(
    imports
      .flatMap((fact) => fact.bindings ?? [])
      .map((binding) => binding.local)
      .filter((local) => local !== '_' && local !== '.'),
  );
  const specifiers = new Map(imports.flatMap((fact) => (fact.bindings ?? []).map((binding) => [binding.local, fact.specifier] as const)));
  const spans: Span[] = matches.map((match) => captured(match, 'scope')).filter((node): node is SyntaxNode => node !== undefined);
  const names = new ScopedNames<GoValue>(spans);
  const reader = new GoValueReader(packages, names);
  const fields: FieldFact[] = [];
  const callMatches: { call: SyntaxNode; callee: SyntaxNode }[] = [];
  for (const match of matches) {
    const param = captured(match, 'param');
    const declaration = captured(match, 'var') ?? captured(match, 'define') ?? captured(match, 'assign');
    const opaque = captured(match, 'opaque');
    const struct = captured(match, 'struct');
    const call = captured(match, 'call');
    if (param) {
      const { names: declared, type } = splitDeclaration(param);
      const value = type ? reader.typeValue(type) : unknown;
      declared.forEach((name) => names.declare(name.text, name, value));
    } else if (declaration) {
      readDeclaration(declaration, reader, names, path, specifiers, fields);
    } else if (opaque) {
      names.declare(opaque.text, opaque, unknown);
    } else if (struct) {
      fields.push(...structFields(struct.text, captured(match, 'fields'), reader, path, specifiers));
    } else if (call) {
      const callee = captured(match, 'callee');
      if (callee) {
        callMatches.push({ call, callee });
      }
    }
  }
  // Structs of this file that embed no imported type: their methods are all first-party (others are followed).
  const plainStructs = new Set(
    matches
      .map((match) => captured(match, 'struct')?.text)
      .filter((owner): owner is string => owner !== undefined && !fields.some((field) => field.owner === owner && field.isEmbedded && field.specifier !== undefined)),
  );
  return { calls: readCalls(path, callMatches, reader, packages, importedNames, plainStructs), fields };
}

/** Reads what Go expressions and types denote, with the names declared so far. */
class GoValueReader {
  constructor(
    readonly packages: ReadonlySet<string>,
    readonly names: ScopedNames<GoValue>,
  ) {}

  /** The value a type gives a name: `*fiber.App` → typed, `Server` → local, a map or slice → other. */
  typeValue(type: SyntaxNode): GoValue {
    const line = type.startPosition.row;
    switch (type.type) {
      case 'pointer_type':
      case 'generic_type':
      case 'parenthesized_type': {
        const inner = namedChildren(type)[0];
        return inner ? this.typeValue(inner) : unknown;
      }
      case 'qualified_type': {
        const [pkg, name] = namedChildren(type);
        return pkg && name && this.packages.has(pkg.text) ? { kind: 'typed', binding: pkg.text, type: name.text, line } : { kind: 'other' };
      }
      case 'type_identifier':
        return { kind: 'local', type: type.text, line };
      default:
        return { kind: 'other' };
    }
  }

  /** The value an expression evaluates to, as far as the file tells. */
  expressionValue(node: SyntaxNode): GoValue {
    const line = node.startPosition.row;
    const parts = namedChildren(node);
    switch (node.type) {
      case 'parenthesized_expression':
        return parts[0] ? this.expressionValue(parts[0]) : unknown;
      case 'unary_expression':
        return node.text.startsWith('&') && parts[0] ? this.expressionValue(parts[0]) : unknown;
      case 'composite_literal':
        return parts[0] ? this.typeValue(parts[0]) : unknown;
      case 'type_assertion_expression':
        return parts[1] ? this.typeValue(parts[1]) : unknown;
      case 'identifier':
        return { kind: 'copy', name: node.text, at: node.startIndex };
      case 'selector_expression': {
        const [operand, field] = parts;
        return operand?.type === 'identifier' && field && this.isPackage(operand) ? { kind: 'function', binding: operand.text, name: field.text, line } : unknown;
      }
      case 'call_expression': {
        const [callee, args] = parts;
        if (callee?.type === 'identifier' && callee.text === 'new') {
          const type = args ? namedChildren(args)[0] : undefined;
          return type ? this.typeValue(type) : unknown;
        }
        if (callee?.type !== 'selector_expression') {
          return unknown;
        }
        const [operand, field] = namedChildren(callee);
        if (!operand || !field) {
          return unknown;
        }
        if (operand.type === 'identifier' && this.isPackage(operand)) {
          return { kind: 'result', binding: operand.text, of: field.text, chain: [field.text], line };
        }
        // A method called on a value of the package (`app.Group("/api")`): its result is of the package too.
        const on = this.resolve(this.expressionValue(operand));
        const of = `${operand.text}.${field.text}`;
        if (on.kind === 'typed') {
          return { kind: 'result', binding: on.binding, of, chain: [`${on.type}.${field.text}`], line };
        }
        return on.kind === 'result' ? { kind: 'result', binding: on.binding, of, chain: [...on.chain, field.text], line } : unknown;
      }
      case 'int_literal':
      case 'float_literal':
      case 'interpreted_string_literal':
      case 'raw_string_literal':
      case 'func_literal':
      case 'true':
      case 'false':
      case 'nil':
        return { kind: 'other' };
      default:
        return unknown;
    }
  }

  /** Follows copies (`b := a`) to what they hold. */
  resolve(value: GoValue): GoValue {
    let current = value;
    for (let step = 0; current.kind === 'copy' && step < maxCopies; step++) {
      current = this.names.lookup(current.name, current.at) ?? unknown;
    }
    return current.kind === 'copy' ? unknown : current;
  }

  /** An imported package's name, not shadowed by a declared name. */
  isPackage(identifier: SyntaxNode): boolean {
    return this.packages.has(identifier.text) && this.isUndeclared(identifier);
  }

  isUndeclared(identifier: SyntaxNode): boolean {
    return this.names.lookup(identifier.text, identifier.startIndex) === undefined;
  }
}

/** `name1, name2 T` of a parameter or a field declaration: the names, and the type (the last named child). */
function splitDeclaration(node: SyntaxNode): { names: SyntaxNode[]; type: SyntaxNode | undefined } {
  const parts = namedChildren(node);
  const names = parts.filter((part) => part.type === 'identifier' || part.type === 'field_identifier');
  const type = parts.find((part) => part.type !== 'identifier' && part.type !== 'field_identifier' && !part.type.endsWith('string_literal'));
  return { names, type };
}

/** `var a, b T = x, y`, `a, err := f()`, `a = x`: names with their values; package variables become fields. */
function readDeclaration(node: SyntaxNode, reader: GoValueReader, names: ScopedNames<GoValue>, path: string, specifiers: ReadonlyMap<string, string>, fields: FieldFact[]): void {
  const parts = namedChildren(node);
  let targets: SyntaxNode[];
  let type: SyntaxNode | undefined;
  let values: SyntaxNode[];
  if (node.type === 'var_spec') {
    targets = parts.filter((part) => part.type === 'identifier');
    const list = parts.find((part) => part.type === 'expression_list');
    type = parts.find((part) => part.type !== 'identifier' && part.type !== 'expression_list');
    values = list ? namedChildren(list) : [];
  } else {
    const [left, right] = parts;
    targets = left ? namedChildren(left).filter((part) => part.type === 'identifier') : [];
    values = right ? namedChildren(right) : [];
    if (node.type === 'assignment_statement' && !node.children.some((child) => child?.type === '=')) {
      return; // `x += 1` and the like assign no new value kind
    }
  }
  const isFileLevel = ScopedNames.isFileScope(names.scopeAt(node.startIndex));
  targets.forEach((target, index) => {
    if (target.text === '_') {
      return;
    }
    // `a, err := f()`: one call gives several names; the first is the call's main result.
    const source = values.length === targets.length ? values[index] : index === 0 ? values[0] : undefined;
    const value = type ? reader.typeValue(type) : source ? reader.expressionValue(source) : unknown;
    if (node.type === 'assignment_statement' && names.lookup(target.text, target.startIndex) !== undefined) {
      return; // an assignment to a declared name keeps the declaration's type
    }
    names.declare(target.text, target, value);
    if (isFileLevel) {
      const field = fieldOf(undefined, target, reader.resolve(value), path, specifiers);
      if (field) {
        fields.push(field);
      }
    }
  });
}

/** The fields of `type Owner struct { … }` whose type can be followed. */
function structFields(owner: string, list: SyntaxNode | undefined, reader: GoValueReader, path: string, specifiers: ReadonlyMap<string, string>): FieldFact[] {
  const facts: FieldFact[] = [];
  for (const declaration of list ? namedChildren(list).filter((child) => child.type === 'field_declaration') : []) {
    const { names: declared, type } = splitDeclaration(declaration);
    if (!type) {
      continue;
    }
    const value = reader.typeValue(type);
    if (declared.length === 0) {
      // An embedded field is named after its type.
      const embedded = fieldOf(owner, type, value, path, specifiers, value.kind === 'typed' || value.kind === 'local' ? value.type : undefined);
      if (embedded) {
        facts.push({ ...embedded, isEmbedded: true });
      }
      continue;
    }
    for (const name of declared) {
      const field = fieldOf(owner, name, value, path, specifiers);
      if (field) {
        facts.push(field);
      }
    }
  }
  return facts;
}

function fieldOf(owner: string | undefined, nameNode: SyntaxNode, value: GoValue, path: string, specifiers: ReadonlyMap<string, string>, name = nameNode.text): FieldFact | undefined {
  const base = { name, path, range: rangeOf(nameNode), ...(owner !== undefined ? { owner } : {}) };
  switch (value.kind) {
    case 'typed':
      return { ...base, specifier: specifiers.get(value.binding), type: value.type };
    case 'local':
      return { ...base, type: value.type };
    case 'result':
      return value.of.includes('.') ? undefined : { ...base, specifier: specifiers.get(value.binding), type: value.of, isResult: true };
    default:
      return undefined;
  }
}

/** Turns the selector calls into call facts (see {@link goCallFacts}). */
function readCalls(
  path: string,
  matches: readonly { call: SyntaxNode; callee: SyntaxNode }[],
  reader: GoValueReader,
  packages: ReadonlySet<string>,
  importedNames: ReadonlySet<string>,
  plainStructs: ReadonlySet<string>,
): CallFact[] {
  const calls: CallFact[] = [];
  const unknownByName = new Map<string, CallFact & { receiver: { how: 'unknown'; text: string; count: number } }>();
  const noteUnknown = (callee: SyntaxNode, operand: SyntaxNode, name: string): void => {
    if (!/^\p{Lu}/u.test(name)) {
      return;
    }
    const known = unknownByName.get(name);
    if (known) {
      known.receiver.count++;
      return;
    }
    const fact = { name, written: callee.text, receiver: { how: 'unknown' as const, text: operand.text, count: 1 }, path, range: rangeOf(callee) };
    unknownByName.set(name, fact);
    calls.push(fact);
  };
  for (const { callee } of matches) {
    if (callee.type === 'identifier') {
      const value = reader.resolve({ kind: 'copy', name: callee.text, at: callee.startIndex });
      if (value.kind === 'function') {
        calls.push({ object: value.binding, name: value.name, written: callee.text, receiver: { how: 'alias', text: callee.text, line: value.line }, path, range: rangeOf(callee) });
      }
      continue;
    }
    const [operand, field] = namedChildren(callee);
    if (!operand || field?.type !== 'field_identifier') {
      continue;
    }
    const name = field.text;
    const range = rangeOf(callee);
    if (operand.type === 'identifier' && (packages.has(operand.text) || importedNames.has(operand.text)) && reader.isUndeclared(operand)) {
      if (packages.has(operand.text)) {
        calls.push({ object: operand.text, name, path, range });
      }
      continue; // a standard-library package is never a dependency
    }
    const chain = operand.type === 'selector_expression' ? fieldChain(operand) : undefined;
    if (chain) {
      const [root, ...rest] = chain;
      const rootValue = reader.names.lookup(root!, operand.startIndex);
      const resolved = rootValue ? reader.resolve(rootValue) : undefined;
      if (resolved?.kind === 'local' || (resolved === undefined && !packages.has(root!) && !importedNames.has(root!))) {
        const receiver: CallReceiver = resolved ? { how: 'member', text: operand.text, owner: resolved.type, fields: rest } : { how: 'member', text: operand.text, fields: chain };
        if (/^\p{Lu}/u.test(name)) {
          calls.push({ name, written: callee.text, receiver, path, range });
        }
      } else {
        noteUnknown(callee, operand, name);
      }
      continue;
    }
    if (operand.type === 'identifier' && reader.names.lookup(operand.text, operand.startIndex) === undefined && !importedNames.has(operand.text)) {
      // Declared in another file of the package (a package variable), or a name the file does not tell.
      if (/^\p{Lu}/u.test(name)) {
        calls.push({ name, written: callee.text, receiver: { how: 'member', text: operand.text, fields: [operand.text] }, path, range });
      }
      continue;
    }
    const call = callOnValue(reader.resolve(reader.expressionValue(operand)), { name, written: callee.text, path, range }, operand.text, plainStructs);
    if (call === 'unknown') {
      noteUnknown(callee, operand, name);
    } else if (call) {
      calls.push(call);
    }
  }
  return calls;
}

/**
 * The call fact of a method called on a value the file tells about (see {@link readCalls}): `unknown` when it does
 * not tell the value's type, undefined when there is no method to follow (a first-party type without embedded
 * imported ones, a function, any other value).
 */
function callOnValue(value: ReturnType<GoValueReader['resolve']>, call: Pick<CallFact, 'name' | 'written' | 'path' | 'range'>, text: string, plainStructs: ReadonlySet<string>): CallFact | 'unknown' | undefined {
  switch (value.kind) {
    case 'typed':
      return { object: value.binding, ...call, receiver: { how: 'typed', text, type: value.type, line: value.line } };
    case 'result':
      return { object: value.binding, ...call, receiver: { how: 'result', text, of: value.of, chain: value.chain, line: value.line } };
    case 'local':
      // A method of a first-party type, unless the type embeds an imported one whose methods it then has.
      return !plainStructs.has(value.type) && /^\p{Lu}/u.test(call.name) ? { ...call, receiver: { how: 'member', text, owner: value.type, fields: [] } } : undefined;
    case 'other':
    case 'function':
      return undefined; // no method at all
    default:
      return 'unknown';
  }
}

/** `s.cfg.app` → `['s', 'cfg', 'app']`; undefined when anything but names is on the way. */
function fieldChain(node: SyntaxNode): string[] | undefined {
  return namePath(node, { chain: 'selector_expression', member: 'field_identifier' });
}
