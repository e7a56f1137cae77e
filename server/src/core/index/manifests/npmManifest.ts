import { parseTree, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../../model/location';
import type { DeclaredDependency, DependencyScope, Parsed, ParseProblem } from '../../model/dependency';

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
    },
    problems,
  };
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

function workspaceGlobs(root: JsonNode): string[] {
  const node = findNodeAtLocation(root, ['workspaces']) ?? findNodeAtLocation(root, ['workspaces', 'packages']);
  const list = node?.type === 'object' ? findNodeAtLocation(node, ['packages']) : node;
  return (list?.children ?? []).flatMap((child) => (typeof child.value === 'string' ? [child.value] : []));
}
