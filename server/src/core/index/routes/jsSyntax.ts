import type { SyntaxNode } from '../../model/syntax';
import { childOfType, namedChildren } from '../imports/syntaxWalk';

// Helpers over the JavaScript/TypeScript tree-sitter grammars for the routing readers. The core's SyntaxNode has no
// field names, so these walk the named children by node type and position; the walking itself is shared with the
// import and call readers (imports/syntaxWalk).
export { childOfType, namedChildren, rangeBetween, rangeOf } from '../imports/syntaxWalk';

/** Strips wrappers that don't change which value an expression denotes: parentheses, `await`, `as`, `!`, `satisfies`. */
export function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion'].includes(current.type)) {
      const inner = namedChildren(current).find((child) => !child.type.endsWith('type') && !child.type.startsWith('type_'));
      if (!inner) {
        return current;
      }
      current = inner;
    } else {
      return current;
    }
  }
}

/** The value of a string literal or a template without substitutions; undefined for anything computed. */
export function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  const value = unwrapExpression(node);
  if (value.type === 'string' || value.type === 'template_string') {
    if (value.children.some((child) => child?.type === 'template_substitution')) {
      return undefined;
    }
    let text = '';
    for (const child of value.children) {
      if (child?.type === 'string_fragment') {
        text += child.text;
      } else if (child?.type === 'escape_sequence') {
        text += unescape(child.text);
      }
    }
    return text;
  }
  return undefined;
}

function unescape(sequence: string): string {
  // Paths rarely hold escapes; keep the escaped character itself (`\'` → `'`, `\/` → `/`).
  return sequence.length === 2 ? sequence.charAt(1) : sequence;
}

/** The strings of a string literal or of an array of string literals (`['/a', '/b']`); undefined otherwise. */
export function stringValues(node: SyntaxNode | undefined): string[] | undefined {
  if (!node) {
    return undefined;
  }
  const value = unwrapExpression(node);
  if (value.type === 'array') {
    const items = namedChildren(value).map(stringValue);
    return items.every((item): item is string => item !== undefined) ? items : undefined;
  }
  const single = stringValue(value);
  return single === undefined ? undefined : [single];
}

/** Callee and arguments of a `call_expression` or `new_expression`. */
export function callParts(node: SyntaxNode): { callee: SyntaxNode; args: SyntaxNode[] } | undefined {
  const type = node.type;
  if (type !== 'call_expression' && type !== 'new_expression') {
    return undefined;
  }
  const parts = namedChildren(node).filter((child) => {
    const childType = child.type;
    return childType !== 'type_arguments' && childType !== 'optional_chain';
  });
  const callee = parts[0];
  const argumentList = childOfType(node, 'arguments');
  if (!callee || callee === argumentList) {
    return undefined;
  }
  return { callee, args: argumentList ? namedChildren(argumentList) : [] };
}

/** Object and property name of `a.b` / `a?.b`. */
export function memberParts(node: SyntaxNode): { object: SyntaxNode; property: string } | undefined {
  if (node.type !== 'member_expression') {
    return undefined;
  }
  const parts = namedChildren(node).filter((child) => child.type !== 'optional_chain');
  const object = parts[0];
  const property = parts[parts.length - 1];
  if (!object || !property || object === property) {
    return undefined;
  }
  return { object, property: property.text };
}

const functionTypes = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'generator_function', 'generator_function_declaration', 'method_definition']);

/** Whether a node is a function of any form. */
export function isFunction(node: SyntaxNode): boolean {
  return functionTypes.has(node.type);
}

/** The body of a function: its block, or the expression of a concise arrow function. */
export function functionBody(fn: SyntaxNode): SyntaxNode | undefined {
  const block = childOfType(fn, 'statement_block');
  if (block) {
    return block;
  }
  if (fn.type === 'arrow_function') {
    const children = fn.children.filter((child): child is SyntaxNode => child !== null);
    const arrow = children.findIndex((child) => child.type === '=>');
    return arrow >= 0 ? children[arrow + 1] : undefined;
  }
  return undefined;
}

/** Names of a function's simple parameters, in order (destructured ones are skipped). */
export function parameterNames(fn: SyntaxNode): string[] {
  const list = childOfType(fn, 'formal_parameters');
  if (!list) {
    // `x => ...`: the single parameter is a bare identifier before the arrow.
    const bare = fn.type === 'arrow_function' ? fn.children.find((child) => child?.type === 'identifier') : undefined;
    return bare ? [bare.text] : [];
  }
  const names: string[] = [];
  for (const parameter of namedChildren(list)) {
    const identifier = parameter.type === 'identifier' ? parameter : childOfType(parameter, 'identifier');
    if (identifier) {
      names.push(identifier.text);
    }
  }
  return names;
}

/** The function's own name (`function f`, a named function expression, a method), if written. */
export function declaredFunctionName(fn: SyntaxNode): string | undefined {
  if (fn.type === 'arrow_function') {
    return undefined;
  }
  const name = namedChildren(fn).find((child) => child.type === 'identifier' || child.type === 'property_identifier');
  return name?.text;
}

/** The value of property `key` of an object literal: a pair's value, a method, or a shorthand property. */
export function objectProperty(object: SyntaxNode | undefined, key: string): SyntaxNode | undefined {
  if (!object) {
    return undefined;
  }
  const literal = unwrapExpression(object);
  if (literal.type !== 'object') {
    return undefined;
  }
  for (const member of namedChildren(literal)) {
    if (member.type === 'pair') {
      const [name, value] = namedChildren(member);
      if (name && value && propertyName(name) === key) {
        return value;
      }
    } else if (member.type === 'method_definition' && declaredFunctionName(member) === key) {
      return member;
    } else if (member.type === 'shorthand_property_identifier' && member.text === key) {
      return member;
    }
  }
  return undefined;
}

/** The name of an object key: identifier, string or number. */
export function propertyName(key: SyntaxNode): string | undefined {
  return key.type === 'string' ? stringValue(key) : key.type === 'computed_property_name' ? undefined : key.text;
}

/** The enclosing functions of a node, innermost first. */
export function* enclosingFunctions(node: SyntaxNode): Generator<SyntaxNode> {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) {
      yield current;
    }
  }
}

/** The program node a node belongs to. */
export function programOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent) {
    current = current.parent;
  }
  return current;
}

/** Whether `inner` lies within `outer` (inclusive). */
export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Whether `fn` returns the identifier `name` (a `return name;` in its own body, or a concise `=> name`). */
export function functionReturns(fn: SyntaxNode, name: string): boolean {
  const body = functionBody(fn);
  if (!body) {
    return false;
  }
  if (body.type !== 'statement_block') {
    return unwrapExpression(body).type === 'identifier' && unwrapExpression(body).text === name;
  }
  // A return statement's text starts with its keyword, and the value returned is part of the body's text: only the
  // nodes around an occurrence of `return` are visited (walking a whole body reads every node's type).
  const text = body.text;
  if (!text.includes(name)) {
    return false;
  }
  const keywords: number[] = [];
  for (let at = text.indexOf('return'); at >= 0; at = text.indexOf('return', at + 1)) {
    keywords.push(body.startIndex + at);
  }
  const holdsKeyword = (node: SyntaxNode): boolean => {
    const [start, end] = [node.startIndex, node.endIndex];
    return keywords.some((at) => start <= at && at < end);
  };
  const visit = (node: SyntaxNode): boolean => {
    for (const child of namedChildren(node)) {
      if (!holdsKeyword(child)) {
        continue;
      }
      if (child.type === 'return_statement') {
        const value = namedChildren(child)[0];
        if (value && unwrapExpression(value).text === name) {
          return true;
        }
      } else if (!isFunction(child) && child.type !== 'class_declaration' && visit(child)) {
        return true;
      }
    }
    return false;
  };
  return keywords.length > 0 && visit(body);
}

/**
 * A top-level function of the program by name (`function f() {}`, `const f = () => {}`, either exported), so a
 * handler passed by name (`router.get('/x', getUser)`) can be given its body.
 */
export function topLevelFunction(program: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const statement of namedChildren(program)) {
    const declaration = statement.type === 'export_statement' ? (namedChildren(statement).find((child) => child.type !== 'decorator') ?? statement) : statement;
    if ((declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration') && declaredFunctionName(declaration) === name) {
      return declaration;
    }
    if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      for (const declarator of namedChildren(declaration)) {
        const [id, value] = namedChildren(declarator).filter((child) => child.type !== 'type_annotation');
        if (id?.type === 'identifier' && id.text === name && value && isFunction(unwrapExpression(value))) {
          return unwrapExpression(value);
        }
      }
    }
  }
  return undefined;
}
