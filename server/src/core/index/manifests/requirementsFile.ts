import type { DependencyScope, Parsed, ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import { fileName } from './ecosystem';
import { normalizePypiName, parsePep508, pinnedVersion } from './pep508';
import { scopeOfGroupName, type PypiDeclaration } from './pypiGraph';

/** A `-r`/`--requirement` or `-c`/`--constraint` line: another file, relative to this one. */
export interface RequirementsInclude {
  kind: 'requirement' | 'constraint';
  /** The path as written. */
  target: string;
  range: Range;
}

/** A parsed pip requirements file. */
export interface RequirementsFile {
  path: string;
  requirements: PypiDeclaration[];
  includes: RequirementsInclude[];
}

/** Whether a path looks like a pip requirements or constraints file (`requirements*.txt`, `requirements/*.in`, …). */
export function isRequirementsPath(path: string): boolean {
  const name = fileName(path).toLowerCase();
  if (!/\.(txt|in)$/.test(name)) {
    return false;
  }
  const parent = path.split('/').at(-2)?.toLowerCase();
  return name.includes('requirements') || name.includes('constraints') || parent === 'requirements';
}

/**
 * Scope of a requirements file by its name: `requirements-dev.txt`, `dev-requirements.in`, `requirements/test.txt`
 * → dev; everything else → prod. Only the file's own name counts, not who includes it: a file included by both
 * `requirements.txt` and `requirements-dev.txt` must stay prod, and guessing prod is the safe side.
 */
export function scopeOfRequirementsPath(path: string): DependencyScope {
  return scopeOfGroupName(fileName(path).replace(/\.(txt|in)$/i, '')) === 'dev' ? 'dev' : 'prod';
}

const includeOptions = new Map<string, RequirementsInclude['kind']>([
  ['-r', 'requirement'],
  ['--requirement', 'requirement'],
  ['-c', 'constraint'],
  ['--constraint', 'constraint'],
]);
const editableOptions = new Set(['-e', '--editable']);
/** Options pip accepts in requirements files that do not declare anything. */
const ignoredOptions = new Set([
  '-i', '--index-url', '--extra-index-url', '--no-index', '-f', '--find-links', '--pre', '--trusted-host', '--prefer-binary',
  '--require-hashes', '--only-binary', '--no-binary', '--use-feature',
]);

/**
 * Parses a pip requirements file the way pip reads it: backslash continuations are joined, `#` comments (at line
 * start or after whitespace, so URL fragments survive) are dropped, per-requirement options (`--hash=…`) are split
 * off. Requirements keep the range of their (possibly continued) lines; editable installs and URLs are declared
 * without a version when a package name can be told (`#egg=`, `name @ url`, a wheel file name), and skipped otherwise
 * (local paths are first-party code). Never throws; unreadable lines become problems.
 */
export function parseRequirementsFile(text: string, path: string, scope: DependencyScope = scopeOfRequirementsPath(path)): Parsed<RequirementsFile> {
  const problems: ParseProblem[] = [];
  const requirements: PypiDeclaration[] = [];
  const includes: RequirementsInclude[] = [];
  for (const line of logicalLines(text)) {
    const tokens = line.text.split(/\s+/).filter((token) => token !== '');
    const first = tokens[0] ?? '';
    if (first.startsWith('-')) {
      const option = optionOf(tokens);
      const includeKind = includeOptions.get(option.name);
      if (includeKind) {
        if (option.value === undefined) {
          problems.push({ path, message: `${option.name} needs a file`, range: line.range });
        } else if (option.value.includes('://')) {
          problems.push({ path, message: `Remote include ${option.value} is not read`, range: line.range });
        } else {
          includes.push({ kind: includeKind, target: option.value, range: line.range });
        }
      } else if (editableOptions.has(option.name)) {
        const declaration = option.value === undefined ? undefined : urlRequirement(option.value, path, scope, line.range);
        if (declaration) {
          requirements.push(declaration);
        }
      } else if (!ignoredOptions.has(option.name)) {
        problems.push({ path, message: `Unknown option ${option.name}`, range: line.range });
      }
      continue;
    }
    // Per-requirement options (`--hash=…`, `--config-settings …`) start at the first token beginning with `-`.
    const optionStart = tokens.findIndex((token) => token.startsWith('-'));
    const requirementText = (optionStart < 0 ? tokens : tokens.slice(0, optionStart)).join(' ');
    const requirement = parsePep508(requirementText);
    if (requirement) {
      const spec = requirement.url ?? requirement.spec;
      requirements.push({
        declared: { name: requirement.normalizedName, spec, scope, manifestPath: path, range: line.range },
        extras: requirement.extras,
        pinnedVersion: requirement.url ? undefined : pinnedVersion(spec),
      });
    } else if (isUrlOrPath(requirementText)) {
      const declaration = urlRequirement(requirementText, path, scope, line.range);
      if (declaration) {
        requirements.push(declaration);
      }
    } else {
      problems.push({ path, message: `Cannot read requirement "${requirementText}"`, range: line.range });
    }
  }
  readViaAnnotations(text, requirements);
  return { value: { path, requirements, includes }, problems };
}

/**
 * pip-compile's annotations of who needs each pin, in both of its styles: on the lines below it (`    # via requests`,
 * or `    # via` then one `    #   name` line each) and, before pip-tools 6, after it (`pkg==1.0  # via a, b`).
 */
function readViaAnnotations(text: string, requirements: PypiDeclaration[]): void {
  const byLastLine = new Map(requirements.map((requirement) => [requirement.declared.range.end.line, requirement]));
  const byFirstLine = new Map(requirements.map((requirement) => [requirement.declared.range.start.line, requirement]));
  let current: PypiDeclaration | undefined;
  let isListing = false;
  text.split('\n').forEach((line, index) => {
    const starting = byFirstLine.get(index);
    if (starting) {
      current = starting;
      isListing = false;
    }
    const comment = /(?:^|\s)#\s*(.*)$/.exec(line)?.[1]?.trim();
    if (comment === undefined) {
      // A line that is not a comment ends the annotations, unless it continues the pin (`--hash=…`).
      if (line.trim() !== '' && (current === undefined || index > current.declared.range.end.line)) {
        current = undefined;
      }
      return;
    }
    const owner = byLastLine.get(index) ?? (/^\s*#/.test(line) ? current : undefined);
    if (!owner) {
      return;
    }
    const via = /^via\b\s*(.*)$/.exec(comment);
    if (via) {
      owner.via = [...(owner.via ?? []), ...splitVia(via[1]!)];
      isListing = via[1] === '';
    } else if (isListing && /^\s*#\s{2,}\S/.test(line)) {
      owner.via = [...(owner.via ?? []), ...splitVia(comment)];
    } else {
      isListing = false;
    }
  });
}

/** `requests, yarl` or `-r requirements.in` → entries; package names normalized, `-r`/`-c` files kept as written. */
function splitVia(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => (item.startsWith('-') ? item : normalizePypiName(item.split(/\s/)[0]!)));
}

/** One line after joining continuations and dropping comments, with the range of its physical lines. */
interface LogicalLine {
  text: string;
  range: Range;
}

const commentPattern = /(^|\s+)#.*$/;

function logicalLines(text: string): LogicalLine[] {
  const physical = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const result: LogicalLine[] = [];
  let parts: string[] = [];
  let firstLine = 0;
  const flush = (lastLine: number): void => {
    const joined = parts.join('').replace(commentPattern, '').trim();
    parts = [];
    if (joined === '') {
      return;
    }
    const first = physical[firstLine] ?? '';
    const last = (physical[lastLine] ?? '').replace(commentPattern, '').replace(/\\$/, '').trimEnd();
    result.push({
      text: joined,
      range: { start: { line: firstLine, character: first.length - first.trimStart().length }, end: { line: lastLine, character: last.length } },
    });
  };
  physical.forEach((line, index) => {
    if (parts.length === 0) {
      firstLine = index;
    }
    // As in pip: a comment line ends a continuation instead of being continued.
    if (line.endsWith('\\') && !/^\s*#/.test(line)) {
      parts.push(line.slice(0, -1));
    } else {
      parts.push(/^\s*#/.test(line) ? '' : line);
      flush(index);
    }
  });
  if (parts.length > 0) {
    flush(physical.length - 1);
  }
  return result;
}

/** `-r file`, `-rfile`, `--requirement file`, `--requirement=file`. */
function optionOf(tokens: string[]): { name: string; value?: string } {
  const first = tokens[0] ?? '';
  if (first.startsWith('--')) {
    const equals = first.indexOf('=');
    return equals < 0 ? { name: first, value: tokens[1] } : { name: first.slice(0, equals), value: first.slice(equals + 1) };
  }
  return first.length > 2 ? { name: first.slice(0, 2), value: first.slice(2) } : { name: first, value: tokens[1] };
}

function isUrlOrPath(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(\.|\/|~|file:)/.test(text) || text.includes('/') || /\.(whl|zip|tar\.gz|tgz)$/i.test(text);
}

/** A URL or path requirement, declared without a version when a name can be told; undefined otherwise. */
function urlRequirement(target: string, path: string, scope: DependencyScope, range: Range): PypiDeclaration | undefined {
  const named = parsePep508(target);
  if (named?.url) {
    return { declared: { name: named.normalizedName, spec: named.url, scope, manifestPath: path, range }, extras: named.extras };
  }
  const egg = /#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(target)?.[1];
  const wheel = /([A-Za-z0-9][A-Za-z0-9._]*)-[^-/]+(?:-[^-/]+){2,3}\.whl(?:[?#].*)?$/.exec(target)?.[1];
  const name = egg ?? wheel;
  return name ? { declared: { name: normalizePypiName(name), spec: target, scope, manifestPath: path, range }, extras: [] } : undefined;
}
