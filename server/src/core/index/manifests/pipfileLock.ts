import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { DependencyScope, Parsed, ParseProblem } from '../../model/dependency';
import { LineIndex } from '../../model/location';
import { normalizePypiName } from './pep508';
import type { PypiLock, PypiLockPackage } from './pypiGraph';
import { parsePrefixedHash } from './lockHashes';

const sections: [string, DependencyScope][] = [
  ['default', 'prod'],
  ['develop', 'dev'],
];

/**
 * Reads `Pipfile.lock`: the packages of `default` (prod) and `develop` (dev) with their `==` versions. Pipfile.lock
 * records no dependency edges, so transitive packages cannot be traced to the declaration that pulls them in
 * (`hasEdges: false`); a package in both sections is prod. Never throws.
 */
export function parsePipfileLock(text: string, path: string): Parsed<PypiLock> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true });
  const lines = new LineIndex(text);
  const problems: ParseProblem[] = errors.slice(0, 3).map((error) => ({
    path,
    message: `Invalid JSON: ${printParseErrorCode(error.error)}`,
    range: lines.rangeOf(error.offset, error.length),
  }));
  if (!root || root.type !== 'object') {
    return { problems: problems.length > 0 ? problems : [{ path, message: 'Pipfile.lock is not a JSON object' }] };
  }
  const byKey = new Map<string, PypiLockPackage>();
  for (const [section, scope] of sections) {
    const sectionNode = root.children?.find((member) => member.children?.[0]?.value === section)?.children?.[1];
    for (const member of sectionNode?.type === 'object' ? (sectionNode.children ?? []) : []) {
      const [keyNode, valueNode] = member.children ?? [];
      if (typeof keyNode?.value !== 'string') {
        continue;
      }
      const versionNode = valueNode?.children?.find((child) => child.children?.[0]?.value === 'version')?.children?.[1];
      const version = typeof versionNode?.value === 'string' ? versionNode.value.replace(/^===?/, '') : undefined;
      const name = normalizePypiName(keyNode.value);
      const key = `${name}@${version ?? ''}`;
      if (byKey.has(key)) {
        continue;
      }
      const hashesNode = valueNode?.children?.find((child) => child.children?.[0]?.value === 'hashes')?.children?.[1];
      const hashes = (hashesNode?.children ?? []).flatMap((hash) => parsePrefixedHash(hash.value));
      byKey.set(key, { name, version, dependencies: [], extras: new Map(), scope, isFirstParty: false, range: lines.rangeOf(keyNode.offset, keyNode.length), hashes });
    }
  }
  return { value: { path, packages: [...byKey.values()], hasEdges: false }, problems };
}
