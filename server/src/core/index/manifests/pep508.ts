/** A PEP 508 dependency specifier, split into its parts. */
export interface Pep508Requirement {
  /** Name as written. */
  name: string;
  /** PEP 503 normalized name. */
  normalizedName: string;
  /** Requested extras, normalized. */
  extras: string[];
  /** Version specifier as written without parentheses (`>=2.0,<3`); `''` when there is none. */
  spec: string;
  /** Direct reference (`name @ https://…`). */
  url?: string;
  /** Environment marker as written, not evaluated (the target environment is unknown). */
  marker?: string;
}

/** PEP 503 normalization: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const operatorPattern = /^(===|==|!=|~=|<=|>=|<|>)/;

/**
 * Parses a PEP 508 requirement (`requests[security] >= 2.8.1, == 2.8.* ; python_version < "2.7"`), also accepting the
 * parenthesized form Poetry writes in lockfiles (`asgiref (>=3.2)`). Returns undefined when the text is not a
 * requirement (a URL, a path, garbage); never throws.
 */
export function parsePep508(text: string): Pep508Requirement | undefined {
  let rest = text.trim();
  const nameMatch = namePattern.exec(rest);
  if (!nameMatch) {
    return undefined;
  }
  const name = nameMatch[0];
  rest = rest.slice(name.length).trimStart();
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) {
      return undefined;
    }
    extras = rest
      .slice(1, close)
      .split(',')
      .map((extra) => extra.trim())
      .filter((extra) => extra !== '');
    if (!extras.every((extra) => namePattern.exec(extra)?.[0] === extra)) {
      return undefined;
    }
    extras = extras.map(normalizePypiName);
    rest = rest.slice(close + 1).trimStart();
  }
  let url: string | undefined;
  let spec = '';
  if (rest.startsWith('@')) {
    // A URL ends at whitespace; a marker after it must be separated by whitespace (PEP 508).
    const urlMatch = /^@\s*(\S+)/.exec(rest);
    if (!urlMatch) {
      return undefined;
    }
    url = urlMatch[1]!;
    rest = rest.slice(urlMatch[0].length).trimStart();
  } else {
    const specEnd = rest.indexOf(';');
    spec = (specEnd < 0 ? rest : rest.slice(0, specEnd)).trim();
    rest = specEnd < 0 ? '' : rest.slice(specEnd);
    if (spec.startsWith('(') && spec.endsWith(')')) {
      spec = spec.slice(1, -1).trim();
    }
    if (spec !== '' && !isVersionSpec(spec)) {
      return undefined;
    }
  }
  let marker: string | undefined;
  if (rest.startsWith(';')) {
    marker = rest.slice(1).trim();
  } else if (rest !== '') {
    return undefined;
  }
  return { name, normalizedName: normalizePypiName(name), extras, spec, ...(url ? { url } : {}), ...(marker ? { marker } : {}) };
}

/** Whether every comma-separated clause is `<operator> <version>`. */
function isVersionSpec(spec: string): boolean {
  return spec.split(',').every((clause) => {
    const trimmed = clause.trim();
    const operator = operatorPattern.exec(trimmed)?.[0];
    return operator !== undefined && /^[A-Za-z0-9._*+!-]+$/.test(trimmed.slice(operator.length).trim());
  });
}

/**
 * The exact version a specifier pins: `==2.0.1` or `===2.0.1`. Undefined for ranges, several clauses, or wildcards
 * (`==2.0.*`), where only a lockfile can tell what is installed.
 */
export function pinnedVersion(spec: string): string | undefined {
  const match = /^\s*===?\s*([A-Za-z0-9._+!-]+)\s*$/.exec(spec);
  return match ? match[1] : undefined;
}
