import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import * as semver from 'semver';
import { LineIndex } from '../../model/location';
import type { DeclaredDependency, DependencyScope, Parsed, ParseProblem } from '../../model/dependency';
import type { JsonValue } from './npmPackageScope';

/** A parsed `package.json`: what it declares and where. */
export interface NpmManifest {
  path: string;
  name?: string;
  version?: string;
  dependencies: DeclaredDependency[];
  /** Workspace globs (npm workspaces), as written. */
  workspaces: string[];
  /**
   * npm `overrides` that pin a package to a version spec: `qs` for a global override, `express>qs` for one
   * nested under a dependency.
   */
  overrides: Record<string, string>;
  /** yarn `resolutions`, in the same key form (`qs`, `express>qs`). */
  resolutions: Record<string, string>;
  /** `pnpm.overrides`, in the same key form, version selectors dropped. */
  pnpmOverrides: Record<string, string>;
  /** The `imports` map (`#db` subpath imports), as written; absent when the manifest has none. */
  imports?: JsonValue;
  /** The `exports` field, as written; absent when the manifest has none (then no self-reference resolves). */
  exports?: JsonValue;
}

const scopeBySection: [string, DependencyScope][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
];

/** Parses a `package.json`, keeping the position of every dependency entry. Never throws. */
export function parseNpmManifest(text: string, path: string): Parsed<NpmManifest> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lines = new LineIndex(text);
  const problems: ParseProblem[] = errors.slice(0, 3).map((error) => ({
    path,
    message: `Invalid JSON: ${printParseErrorCode(error.error)}`,
    range: lines.rangeOf(error.offset, error.length),
  }));
  if (!root || root.type !== 'object') {
    if (problems.length === 0) {
      problems.push({ path, message: 'package.json is not a JSON object' });
    }
    return { problems };
  }
  const dependencies: DeclaredDependency[] = [];
  const seen = new Set<string>();
  for (const [section, scope] of scopeBySection) {
    const sectionNode = findNodeAtLocation(root, [section]);
    if (!sectionNode || sectionNode.type !== 'object') {
      continue;
    }
    for (const member of sectionNode.children ?? []) {
      const [keyNode, valueNode] = member.children ?? [];
      if (!keyNode || typeof keyNode.value !== 'string') {
        continue;
      }
      const name = keyNode.value;
      // npm installs a package listed both as peer and dev as dev; keep the first (strongest) scope only.
      if (seen.has(name) && scope !== 'prod') {
        continue;
      }
      seen.add(name);
      dependencies.push({
        name,
        spec: typeof valueNode?.value === 'string' ? valueNode.value : '',
        scope,
        manifestPath: path,
        range: lines.rangeOf(member.offset, member.length),
      });
    }
  }
  return {
    value: {
      path,
      name: stringAt(root, ['name']),
      version: stringAt(root, ['version']),
      dependencies,
      workspaces: workspaceGlobs(root),
      overrides: overridesOf(findNodeAtLocation(root, ['overrides'])),
      resolutions: rekeyed(overridesOf(findNodeAtLocation(root, ['resolutions'])), yarnResolutionKey),
      pnpmOverrides: rekeyed(overridesOf(findNodeAtLocation(root, ['pnpm', 'overrides'])), pnpmOverrideKey),
      ...jsonAt(root, 'imports'),
      ...jsonAt(root, 'exports'),
    },
    problems,
  };
}

/**
 * The version a dependency spec pins exactly, as npm reads it (`4.17.20`, `=4.17.20`, `v4.17.20`, surrounding
 * spaces, prereleases); undefined for ranges, tags, aliases, URLs and paths, whose version only a lockfile knows.
 */
export function exactNpmVersion(spec: string): string | undefined {
  return semver.clean(spec) ?? undefined;
}

function jsonAt<K extends 'imports' | 'exports'>(root: JsonNode, key: K): Partial<Record<K, JsonValue>> {
  const node = findNodeAtLocation(root, [key]);
  return node ? ({ [key]: getNodeValue(node) as JsonValue } as Partial<Record<K, JsonValue>>) : {};
}

function stringAt(root: JsonNode, path: string[]): string | undefined {
  const node = findNodeAtLocation(root, path);
  return node && typeof node.value === 'string' ? node.value : undefined;
}

function overridesOf(node: JsonNode | undefined, prefix = '', members: Record<string, string> = {}): Record<string, string> {
  for (const member of node?.type === 'object' ? (node.children ?? []) : []) {
    const [key, value] = member.children ?? [];
    if (typeof key?.value !== 'string') {
      continue;
    }
    if (typeof value?.value === 'string') {
      members[key.value === '.' ? prefix.slice(0, -1) : `${prefix}${key.value}`] = value.value;
    } else if (value?.type === 'object') {
      overridesOf(value, `${prefix}${key.value}>`, members);
    }
  }
  return members;
}

function rekeyed(pins: Record<string, string>, keyOf: (key: string) => string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, spec] of Object.entries(pins)) {
    const normalized = keyOf(key);
    if (normalized !== undefined) {
      result[normalized] = spec;
    }
  }
  return result;
}

/** Package names of a `/`-separated yarn path, scopes kept whole: `a/@s/b` → `a`, `@s/b`. */
function yarnPathNames(key: string): string[] {
  const names: string[] = [];
  const parts = key.split('/');
  for (let at = 0; at < parts.length; at++) {
    const part = parts[at]!;
    names.push(part.startsWith('@') && at + 1 < parts.length ? `${part}/${parts[++at]!}` : part);
  }
  return names;
}

/**
 * A yarn resolution key as an override key: `qs` and `**\/qs` → `qs`; `express/qs` and `express/**\/qs` →
 * `express>qs` (the copy under that dependency). Longer paths keep their first and last package.
 */
function yarnResolutionKey(key: string): string | undefined {
  const names = yarnPathNames(key).filter((name) => name !== '**' && name !== '');
  if (names.length === 0) {
    return undefined;
  }
  return names.length === 1 || key.startsWith('**/') ? names.at(-1) : `${names[0]}>${names.at(-1)}`;
}

/** A `pnpm.overrides` key without its version selectors: `qs@<6.7.3` → `qs`, `express@4>qs` → `express>qs`. */
function pnpmOverrideKey(key: string): string | undefined {
  const names = key.split('>').map((part) => {
    const at = part.indexOf('@', part.startsWith('@') ? 1 : 0);
    return at === -1 ? part : part.slice(0, at);
  });
  return names.every((name) => name !== '') ? `${names[0]}${names.length > 1 ? `>${names.at(-1)}` : ''}` : undefined;
}

function workspaceGlobs(root: JsonNode): string[] {
  const node = findNodeAtLocation(root, ['workspaces']) ?? findNodeAtLocation(root, ['workspaces', 'packages']);
  const list = node?.type === 'object' ? findNodeAtLocation(node, ['packages']) : node;
  return (list?.children ?? []).flatMap((child) => (typeof child.value === 'string' ? [child.value] : []));
}
