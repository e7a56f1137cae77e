import type { DependencyScope, Parsed, ParseProblem } from '../../model/dependency';
import { lineRange, type Range } from '../../model/location';
import { normalizePypiName, parsePep508, pinnedVersion } from './pep508';
import { scopeOfGroupName, type PypiDeclaration } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, tomlStrings, tomlTableAt, type TomlTable } from './tomlDocument';

/** What a `pyproject.toml` declares. */
export interface PyprojectManifest {
  path: string;
  /** Normalized project name (PEP 621 or Poetry), used to skip self-references such as `myapp[test]`. */
  name?: string;
  declarations: PypiDeclaration[];
}

/**
 * Reads the dependencies of a `pyproject.toml`: PEP 621 `[project] dependencies` (prod) and
 * `[project.optional-dependencies]`, PEP 735 `[dependency-groups]`, uv's legacy `[tool.uv] dev-dependencies`, and
 * Poetry's `[tool.poetry.dependencies]`, `[tool.poetry.group.<g>.dependencies]` and legacy `dev-dependencies`.
 * Groups and extras are scoped by name (see `scopeOfGroupName`). Ranges come from the same parse: a requirement
 * string's own literal, a Poetry key's `key = value`. Never throws.
 */
export function parsePyproject(text: string, path: string): Parsed<PyprojectManifest> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const document = parsed.value;
  const root = document.root;
  const problems: ParseProblem[] = [];
  const rawName = tomlString(tomlTableAt(root, ['project'])?.name) ?? tomlString(tomlTableAt(root, ['tool', 'poetry'])?.name);
  const name = rawName === undefined ? undefined : normalizePypiName(rawName);
  const declarations: PypiDeclaration[] = [];
  // PEP 735 `{ include-group = "…" }` entries re-use another group, whose entries are declared there: strings only.
  const addStrings = (tablePath: string[], key: string, scope: DependencyScope): void => {
    for (const { value, range } of document.stringsAt([...tablePath, key])) {
      const requirement = parsePep508(value);
      if (!requirement) {
        problems.push({ path, message: `Cannot read requirement "${value}"`, range });
      } else if (requirement.normalizedName !== name) {
        const spec = requirement.url ?? requirement.spec;
        declarations.push({
          declared: { name: requirement.normalizedName, spec, scope, manifestPath: path, range },
          extras: requirement.extras,
          pinnedVersion: requirement.url ? undefined : pinnedVersion(spec),
        });
      }
    }
  };

  const project = tomlTableAt(root, ['project']);
  if (project) {
    addStrings(['project'], 'dependencies', 'prod');
    for (const group of Object.keys(tomlTableAt(project, ['optional-dependencies']) ?? {})) {
      addStrings(['project', 'optional-dependencies'], group, scopeOfGroupName(group));
    }
  }
  for (const group of Object.keys(tomlTableAt(root, ['dependency-groups']) ?? {})) {
    addStrings(['dependency-groups'], group, scopeOfGroupName(group));
  }
  addStrings(['tool', 'uv'], 'dev-dependencies', 'dev');

  const poetry = tomlTableAt(root, ['tool', 'poetry']);
  if (poetry) {
    const addPoetry = (tablePath: string[], scope: DependencyScope): void => {
      for (const [key, value] of Object.entries(tomlTableAt(root, tablePath) ?? {})) {
        // `python` states the supported interpreter, not a package.
        if (key.toLowerCase() === 'python') {
          continue;
        }
        const range = document.rangeOf([...tablePath, key]) ?? lineRange(0);
        declarations.push(poetryDeclaration(key, value, scope, path, range));
      }
    };
    addPoetry(['tool', 'poetry', 'dependencies'], 'prod');
    addPoetry(['tool', 'poetry', 'dev-dependencies'], 'dev');
    for (const group of Object.keys(tomlTableAt(poetry, ['group']) ?? {})) {
      addPoetry(['tool', 'poetry', 'group', group, 'dependencies'], scopeOfGroupName(group));
    }
  }
  return { value: { path, name, declarations }, problems };
}

/**
 * One Poetry dependency: `flask = "^3.0"`, `flask = { version = "^3.0", extras = ["async"], optional = true }`, or an
 * array of such tables (one per marker). Optional main dependencies only install with an extra: scope `optional`.
 */
function poetryDeclaration(key: string, value: unknown, scope: DependencyScope, path: string, range: Range): PypiDeclaration {
  const tables = (Array.isArray(value) ? value : [value]).filter(isTomlTable);
  const specs = typeof value === 'string' ? [value] : tables.map(poetrySpec).filter((spec) => spec !== '');
  const spec = specs.join(' || ');
  const extras = tables.flatMap((table: TomlTable) => tomlStrings(table.extras)).map(normalizePypiName);
  const isOptional = tables.length > 0 && tables.every((table) => table.optional === true);
  return {
    declared: { name: normalizePypiName(key), spec, scope: isOptional && scope === 'prod' ? 'optional' : scope, manifestPath: path, range },
    extras,
    pinnedVersion: specs.length === 1 ? poetryPin(spec) : undefined,
  };
}

function poetrySpec(table: TomlTable): string {
  return tomlString(table.version) ?? tomlString(table.git) ?? tomlString(table.url) ?? tomlString(table.path) ?? '';
}

/** Poetry reads a bare version (`2.0.1`) as `==2.0.1`. */
function poetryPin(spec: string): string | undefined {
  return /^\s*\d[A-Za-z0-9.+!-]*\s*$/.test(spec) ? spec.trim() : pinnedVersion(spec);
}
