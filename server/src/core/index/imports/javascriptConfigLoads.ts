import type { Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import { configLoaders, configOptionKeys, describeConfiguration, isLoaderCall, packagesLoadedBy, type BoundName, type ConfigLoader } from './configLoaders';
import type { ImportFact } from '../../model/importFact';
import { unboundRequireLocal } from './javascriptSymbols';
import { captured, namedChildren, rangeOf } from './syntaxWalk';

const quotedKeys = configOptionKeys.map((key) => `"${key}"`).join(' ');

/**
 * Query source for configuration that makes a package load another (the same for every grammar): string-valued
 * options of object literals (`dialect: 'mysql'`), settings (`app.set('view engine', 'ejs')`) and connection URLs
 * passed first to a constructor (`new Sequelize('postgres://…')`). Captures `@key`, `@value`, and one of `@option`,
 * `@setting` or `@url` naming the shape.
 */
export const javascriptConfigQuery = `
(pair key: (property_identifier) @key value: (string (string_fragment) @value) (#any-of? @key ${quotedKeys})) @option
(pair key: (string (string_fragment) @key) value: (string (string_fragment) @value) (#any-of? @key ${quotedKeys})) @option
(call_expression
  function: (member_expression property: (property_identifier) @_set)
  arguments: (arguments . (string (string_fragment) @key) . (string (string_fragment) @value))
  (#eq? @_set "set") (#eq? @key "view engine")) @setting
(new_expression arguments: (arguments . (string (string_fragment) @value) (#match? @value "^[a-z0-9]+:"))) @url
`;

/** A configuring site before it is narrowed to the file's bindings (see {@link configLoadsThrough}). */
export interface ConfigCandidate {
  shape: 'option' | 'setting' | 'url';
  key: string;
  value: string;
  /** The configured call's callee (`Sequelize`, `TypeOrmModule.forRoot`), when the option reaches one. */
  callee?: { object?: string; name: string };
  path: string;
  /** Range of the configuring value. */
  range: Range;
}

/** Steps climbed from an option to the call it configures: arguments, arrays, `useFactory: () => ({…})`, wrappers. */
const maxClimb = 12;

const functionTypes = new Set(['arrow_function', 'function_expression', 'function', 'method_definition']);
const passThroughTypes = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'array', 'return_statement', 'statement_block']);

/** The configuring sites of one file's query matches, with the call each option configures. */
export function javascriptConfigCandidates(path: string, matches: readonly QueryMatch[]): ConfigCandidate[] {
  const candidates: ConfigCandidate[] = [];
  for (const match of matches) {
    const value = captured(match, 'value');
    const option = captured(match, 'option');
    const setting = captured(match, 'setting');
    const url = captured(match, 'url');
    if (!value) {
      continue;
    }
    if (setting) {
      candidates.push({ shape: 'setting', key: captured(match, 'key')?.text ?? '', value: value.text, path, range: rangeOf(value) });
    } else if (url) {
      const callee = calleeOf(url);
      const scheme = value.text.slice(0, value.text.indexOf(':'));
      candidates.push({ shape: 'url', key: scheme, value: scheme, path, range: rangeOf(value), ...(callee && { callee }) });
    } else if (option) {
      if (hasSiblingKey(option, 'dialectModule')) {
        continue; // Sequelize then loads the module it is given, not its dialect's default driver.
      }
      const call = configuredCall(option);
      const callee = call && calleeOf(call);
      candidates.push({ shape: 'option', key: captured(match, 'key')?.text ?? '', value: value.text, path, range: rangeOf(value), ...(callee && { callee }) });
    }
  }
  return candidates;
}

/**
 * The configuring sites of a file that one of the table's loaders acts on, as import sites of the packages they
 * load: the option's call must reach a loader call through the file's own import bindings (or the file is the
 * loader's config file), a setting needs no binding. One site per package loaded.
 */
export function configLoadsThrough(candidates: readonly ConfigCandidate[], imports: readonly ImportFact[]): ImportFact[] {
  const bindings = new Map<string, BoundName>();
  for (const fact of imports) {
    for (const binding of fact.bindings ?? []) {
      bindings.set(binding.local, { from: fact.packageName, imported: binding.imported });
    }
  }
  const facts: ImportFact[] = [];
  for (const candidate of candidates) {
    for (const loader of configLoaders) {
      const option = candidate.shape === 'url' ? loader.urlSchemes?.[candidate.key] : loader.options.includes(candidate.key) ? candidate.value : undefined;
      if (option === undefined || !configures(loader, candidate, bindings)) {
        continue;
      }
      const trigger = describeConfiguration(loader, candidate.shape === 'url' ? loader.options[0]! : candidate.key, candidate.value, candidate.shape === 'url');
      for (const packageName of packagesLoadedBy(loader, option)) {
        facts.push({ specifier: packageName, packageName, kind: 'require', isTypeOnly: false, path: candidate.path, range: candidate.range, loadedBy: { loader: loader.loader, trigger } });
      }
    }
  }
  return facts;
}

function configures(loader: ConfigLoader, candidate: ConfigCandidate, bindings: ReadonlyMap<string, BoundName>): boolean {
  if (loader.isSetting) {
    return candidate.shape === 'setting';
  }
  if (candidate.shape === 'setting') {
    return false;
  }
  const callee = candidate.callee;
  if (callee && loader.calls.some((call) => isLoaderCall(call, callee, (local) => bindings.get(local)))) {
    return true;
  }
  return candidate.shape === 'option' && loader.configFile?.test(candidate.path) === true;
}

/** The call or `new` an option's object literal is an argument of, climbing through arrays, wrappers and factories. */
function configuredCall(pair: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | null = pair.parent;
  for (let step = 0; node && step < maxClimb; step++) {
    const parent: SyntaxNode | null = node.parent;
    if (!parent) {
      return undefined;
    }
    if (parent.type === 'arguments') {
      return parent.parent ?? undefined;
    }
    if (parent.type === 'pair') {
      // `useFactory: () => ({ type: 'postgres' })` configures the call the factory is passed to; a nested option
      // object (`extra: { type: … }`) configures something else.
      if (!functionTypes.has(node.type)) {
        return undefined;
      }
      node = parent.parent;
    } else if (passThroughTypes.has(parent.type) || functionTypes.has(parent.type)) {
      node = parent;
    } else if (parent.type === 'object' && node.type === 'method_definition') {
      node = parent; // `useFactory() { return { … }; }`
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** `Name`, `object.name` or `require('x')` as the callee of a call or `new`. */
function calleeOf(call: SyntaxNode): { object?: string; name: string } | undefined {
  if (call.type !== 'call_expression' && call.type !== 'new_expression') {
    return undefined;
  }
  const callee = namedChildren(call)[0];
  if (callee?.type === 'identifier') {
    return { name: callee.text };
  }
  if (callee?.type === 'member_expression') {
    const [object, property] = namedChildren(callee);
    return object?.type === 'identifier' && property?.type === 'property_identifier' ? { object: object.text, name: property.text } : undefined;
  }
  if (callee?.type === 'call_expression') {
    const [fn, args] = namedChildren(callee);
    const source = args && namedChildren(args)[0];
    const fragment = source?.type === 'string' ? namedChildren(source).find((child) => child.type === 'string_fragment') : undefined;
    return fn?.type === 'identifier' && fn.text === 'require' && fragment ? { name: unboundRequireLocal(fragment.text) } : undefined;
  }
  return undefined;
}

/** Whether the object literal holding a pair also has a property named `key`. */
function hasSiblingKey(pair: SyntaxNode, key: string): boolean {
  return (pair.parent ? namedChildren(pair.parent) : []).some((sibling) => sibling.type === 'pair' && namedChildren(sibling)[0]?.text.replace(/^['"]|['"]$/g, '') === key);
}
