import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import { originAt, resolveCallsOnValues, type CallCandidate, type ReceiverShape, type ValueFact, type ValueOrigin } from './callsOnValues';
import type { ImportFact } from '../../model/importFact';
import { NestedSpans } from './scopedNames';
import type { CallFact } from '../../model/symbolFacts';
import { captured, namedChildren, namePath, rangeOf } from './syntaxWalk';

/**
 * Query source for Python call sites and the declarations that tell what their receivers hold (tree-sitter-python
 * 0.25). Captures: `@scope` (functions, lambdas, class bodies; `@class` too for class bodies), `@imported` (names
 * import statements bind), `@local` (first-party functions and classes), `@var`/`@field` (`self.x`) with `@value`
 * or `@type`, `@opaque` (parameters and loop variables without a type), and calls: `@callee` with `@name` and
 * optional `@object`.
 */
export const pythonSymbolQuery = `
(function_definition) @scope
(lambda) @scope
(class_definition body: (block) @scope @class)
(import_statement name: (dotted_name . (identifier) @imported))
(import_statement name: (aliased_import alias: (identifier) @imported))
(import_from_statement name: (dotted_name) @imported)
(import_from_statement name: (aliased_import alias: (identifier) @imported))
(function_definition name: (identifier) @local)
(class_definition name: (identifier) @local)
(assignment left: (identifier) @var right: (_) @value)
(assignment left: (identifier) @var type: (type) @type)
(assignment left: (attribute object: (identifier) @_self attribute: (identifier) @field) right: (_) @value (#eq? @_self "self"))
(typed_parameter (identifier) @var type: (type) @type)
(typed_default_parameter name: (identifier) @var type: (type) @type)
(parameters (identifier) @opaque)
(default_parameter name: (identifier) @opaque)
(lambda_parameters (identifier) @opaque)
(for_statement left: (identifier) @opaque)
(with_item value: (as_pattern (_) @value alias: (as_pattern_target (identifier) @var)))
(call function: (identifier) @name @callee)
(call function: (attribute object: (_) @object attribute: (identifier) @name) @callee)
`;

/** Names never bound by the file whose methods are never a package's. */
const builtinNames = new Set(['self', 'cls', 'super', 'str', 'bytes', 'dict', 'list', 'set', 'tuple', 'int', 'float', 'object', 'type']);

/**
 * The calls of a Python file that may reach an imported symbol: through its import bindings (`yaml.load(…)`,
 * `l(…)` after `from yaml import load as l`, `google.protobuf.json_format.Parse(…)`), and on values that come
 * from them: another name (`y = yaml; y.load(…)`, `f = yaml.load; f(…)`), an instance (`x = SomeClass()`,
 * `with SomeClass() as x`, `self.x = lib.SomeClass()`, a parameter annotated `s: SomeClass`: a capitalised class
 * called is an instance, as PEP 8 names classes), or what a function returns (`c = lib.connect()`). Method calls
 * on names the file does not tell (parameters, loop variables) give one `unknown` fact per method name. Names
 * bound by `from m import *` are not known.
 */
export function pythonCallsFromMatches(path: string, matches: readonly QueryMatch[], imports: readonly ImportFact[]): CallFact[] {
  const { candidates, values } = readPythonSymbols(path, matches);
  return resolveCallsOnValues(candidates, values, imports, builtinNames);
}

function readPythonSymbols(path: string, matches: readonly QueryMatch[]): { candidates: CallCandidate[]; values: ValueFact[] } {
  const scopes = new NestedSpans(matches.map((match) => captured(match, 'scope')).filter((node): node is SyntaxNode => node !== undefined));
  const classes = new NestedSpans(matches.map((match) => captured(match, 'class')).filter((node): node is SyntaxNode => node !== undefined));
  const values: ValueFact[] = [];
  const declare = (name: string, node: SyntaxNode, value: ValueOrigin, spans = scopes): void => {
    const scope = spans.at(node.startIndex);
    values.push({ name, value, range: rangeOf(node), ...(scope ? { scope: rangeOf(scope) } : {}) });
  };
  const candidates: CallCandidate[] = [];
  for (const match of matches) {
    const variable = captured(match, 'var');
    const field = captured(match, 'field');
    const type = captured(match, 'type');
    const value = captured(match, 'value');
    const imported = captured(match, 'imported');
    const callee = captured(match, 'callee');
    if (variable || field) {
      const origin = type ? typeOrigin(type) : value ? expressionOrigin(value) : ({ kind: 'unknown' } as const);
      if (variable) {
        declare(variable.text, variable, origin);
      } else if (field) {
        declare(`this.${field.text}`, field, origin, classes);
      }
    } else if (imported) {
      // `import a.b` binds `a`; the import facts say which names are a third-party package's.
      declare(imported.type === 'dotted_name' ? (namedChildren(imported).at(-1)?.text ?? imported.text) : imported.text, imported, { kind: 'module' });
    } else if (captured(match, 'opaque')) {
      const opaque = captured(match, 'opaque')!;
      if (!builtinNames.has(opaque.text)) {
        declare(opaque.text, opaque, { kind: 'unknown' }); // `self` stays unbound: its methods are first-party
      }
    } else if (captured(match, 'local')) {
      const local = captured(match, 'local')!;
      declare(local.text, local, { kind: 'other' });
    } else if (callee) {
      const name = captured(match, 'name');
      const object = captured(match, 'object');
      const base = { name: name?.text ?? callee.text, written: callee.text, isNew: false, path, range: rangeOf(callee) };
      candidates.push(object ? { ...base, receiver: receiverShape(object) } : base);
    }
  }
  return { candidates, values };
}

function receiverShape(node: SyntaxNode): ReceiverShape {
  const path = dottedPath(node);
  if (path !== undefined) {
    const [root, field, ...rest] = path.split('.');
    return root === 'self' && field !== undefined && rest.length === 0 ? { kind: 'this', field, text: path } : { kind: 'name', name: path };
  }
  const inner = node.type === 'parenthesized_expression' || node.type === 'await' ? (namedChildren(node)[0] ?? node) : node;
  const origin = expressionOrigin(inner);
  return origin.kind === 'unknown' ? { kind: 'opaque', text: node.text } : { kind: 'value', value: origin, text: node.text };
}

/** `a.b.c` for a chain of names; undefined otherwise. */
function dottedPath(node: SyntaxNode): string | undefined {
  return namePath(node, { chain: 'attribute', member: 'identifier' })?.join('.');
}

function expressionOrigin(node: SyntaxNode): ValueOrigin {
  switch (node.type) {
    case 'identifier':
    case 'attribute': {
      const path = dottedPath(node);
      return path ? originAt('alias', path) : { kind: 'unknown' };
    }
    case 'call': {
      const target = namedChildren(node)[0];
      const path = target ? dottedPath(target) : undefined;
      if (path === undefined) {
        return { kind: 'unknown' };
      }
      return originAt(/^[A-Z]/.test(path.slice(path.lastIndexOf('.') + 1)) ? 'instance' : 'result', path);
    }
    case 'parenthesized_expression':
    case 'await': {
      const inner = namedChildren(node)[0];
      return inner ? expressionOrigin(inner) : { kind: 'unknown' };
    }
    case 'string':
    case 'concatenated_string':
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
    case 'list':
    case 'dictionary':
    case 'set':
    case 'tuple':
    case 'lambda':
    case 'list_comprehension':
    case 'dictionary_comprehension':
      return { kind: 'other' };
    default:
      return { kind: 'unknown' };
  }
}

/** The instance an annotation denotes: `Sanitizer`, `lib.Sanitizer`, `Optional[Sanitizer]`, `Sanitizer | None`. */
function typeOrigin(node: SyntaxNode): ValueOrigin {
  switch (node.type) {
    case 'type': {
      const inner = namedChildren(node)[0];
      return inner ? typeOrigin(inner) : { kind: 'unknown' };
    }
    case 'identifier':
    case 'attribute': {
      const path = dottedPath(node);
      return path ? originAt('instance', path) : { kind: 'other' };
    }
    case 'generic_type': {
      const [name, parameter] = namedChildren(node);
      const inner = parameter ? namedChildren(parameter)[0] : undefined;
      return name?.text === 'Optional' && inner ? typeOrigin(inner) : { kind: 'other' };
    }
    case 'binary_operator': {
      const sides = namedChildren(node).filter((side) => side.type !== 'none');
      return sides.length === 1 ? typeOrigin(sides[0]!) : { kind: 'other' };
    }
    default:
      return { kind: 'other' };
  }
}
