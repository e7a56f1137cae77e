import type { QueryMatch } from '../../model/syntax';

const resultType = `[
  (pointer_type (type_identifier) @type)
  (pointer_type (generic_type type: (type_identifier) @type))
  (type_identifier) @type
  (generic_type type: (type_identifier) @type)
  (parameter_list . (parameter_declaration type: [
    (pointer_type (type_identifier) @type)
    (pointer_type (generic_type type: (type_identifier) @type))
    (type_identifier) @type
    (generic_type type: (type_identifier) @type)
  ]))
]`;

/**
 * Query over a Go package's source for what its exported functions and methods return: `@name`, `@type` (the first
 * result, when it is a type of the package itself, pointer or not), and `@recv` for methods.
 */
export const goResultTypeQuery = `
(function_declaration name: (identifier) @name result: ${resultType})
(method_declaration
  receiver: (parameter_list (parameter_declaration type: [
    (pointer_type (type_identifier) @recv)
    (pointer_type (generic_type type: (type_identifier) @recv))
    (type_identifier) @recv
    (generic_type type: (type_identifier) @recv)
  ]))
  name: (field_identifier) @name
  result: ${resultType})
`;

/**
 * What the exported functions and methods of one Go source file return, as `Func` or `Type.Method` → the package's
 * type (`New` → `App`, `App.Group` → `Router`), the form `goChainResult` reads. Results of other packages' types
 * (`*http.Request`), builtins and unexported types are left out: a call on them is not this package's method.
 */
export function goResultTypesFromMatches(matches: readonly QueryMatch[]): Map<string, string> {
  const results = new Map<string, string>();
  for (const match of matches) {
    const capture = (name: string): string | undefined => match.captures.find((item) => item.name === name)?.node.text;
    const name = capture('name');
    const type = capture('type');
    const receiver = capture('recv');
    if (name === undefined || type === undefined || !isExported(name) || !isExported(type) || (receiver !== undefined && !isExported(receiver))) {
      continue;
    }
    const key = receiver === undefined ? name : `${receiver}.${name}`;
    if (!results.has(key)) {
      results.set(key, type);
    }
  }
  return results;
}

function isExported(name: string): boolean {
  return /^[A-Z]/.test(name);
}
