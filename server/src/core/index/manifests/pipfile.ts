import type { DependencyScope, Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';
import { normalizePypiName, pinnedVersion } from './pep508';
import type { PypiDeclaration } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, tomlStrings, tomlTableAt } from './tomlDocument';

const sections: [string, DependencyScope][] = [
  ['packages', 'prod'],
  ['dev-packages', 'dev'],
];

/**
 * Reads the declarations of a Pipenv `Pipfile` (TOML): `[packages]` are prod, `[dev-packages]` dev. A value is a
 * spec (`"==2.0.1"`, `"*"`) or a table (`{ version = "…", extras = […] }`, `{ git = "…" }`). Never throws.
 */
export function parsePipfile(text: string, path: string): Parsed<PypiDeclaration[]> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const document = parsed.value;
  const declarations: PypiDeclaration[] = [];
  for (const [section, scope] of sections) {
    for (const [key, value] of Object.entries(tomlTableAt(document.root, [section]) ?? {})) {
      const table = isTomlTable(value) ? value : undefined;
      const spec = tomlString(value) ?? tomlString(table?.version) ?? tomlString(table?.git) ?? tomlString(table?.path) ?? '';
      declarations.push({
        declared: { name: normalizePypiName(key), spec, scope, manifestPath: path, range: document.rangeOf([section, key]) ?? lineRange(0) },
        extras: tomlStrings(table?.extras).map(normalizePypiName),
        pinnedVersion: pinnedVersion(spec),
      });
    }
  }
  return { value: declarations, problems: [] };
}
