import type { OsvAffected, OsvEvent, OsvEventKind, OsvRange } from './osvAdvisory';
import { databaseSpecificSchema, ecosystemSpecificSchema, firstIssue, osvAffectedSchema, osvEventSchema, osvRangeSchema } from './osvSchema';
import { parseOsvSeverity } from './parseOsvSeverity';
import { isComparableEvent, rangeSchemeOf } from './rangeScheme';

const eventKinds: readonly OsvEventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

/**
 * Reads one `affected[]` entry. Undefined (with a problem) when it is malformed; undefined without a problem when
 * it names no package, which OSV allows for records that only carry GIT ranges. Bad events are dropped one by one;
 * versions that the ecosystem cannot order are kept but reported, and evaluation ignores them.
 */
export function parseOsvAffected(raw: unknown, where: string): { value?: OsvAffected; problems: string[] } {
  const parsed = osvAffectedSchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: [`${where}: ${firstIssue(parsed.error)}`] };
  }
  const entry = parsed.data;
  if (!entry.package) {
    return { problems: [] };
  }
  const { ecosystem, name, purl } = entry.package;
  const problems: string[] = [];
  const ranges: OsvRange[] = [];
  (entry.ranges ?? []).forEach((rawRange, index) => {
    const range = parseRange(rawRange, ecosystem, `${where}.ranges[${index}]`, problems);
    if (range) {
      ranges.push(range);
    }
  });
  const ecosystemSpecific = ecosystemSpecificSchema.safeParse(entry.ecosystem_specific ?? {});
  const databaseSpecific = databaseSpecificSchema.safeParse(entry.database_specific ?? {});
  const label = (databaseSpecific.success ? databaseSpecific.data.severity : undefined) ?? (ecosystemSpecific.success ? ecosystemSpecific.data.severity : undefined);
  const severity = parseOsvSeverity(entry.severity ?? [], label, `${where}.`);
  problems.push(...severity.problems);
  const value: OsvAffected = {
    ecosystem,
    name,
    ranges,
    versions: entry.versions ?? [],
    vulnerableSymbols: vulnerableSymbolsOf(ecosystemSpecific.success ? ecosystemSpecific.data : {}, databaseSpecific.success ? databaseSpecific.data : {}),
    vulnerablePackages: [...new Set((ecosystemSpecific.success ? (ecosystemSpecific.data.imports ?? []) : []).map((entry) => entry.path))],
  };
  if (purl) {
    value.purl = purl;
  }
  if (severity.value.cvss || severity.value.level) {
    value.severity = severity.value;
  }
  return { value, problems };
}

function parseRange(raw: unknown, ecosystem: string, where: string, problems: string[]): OsvRange | undefined {
  const parsed = osvRangeSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(`${where}: ${firstIssue(parsed.error)}`);
    return undefined;
  }
  const events: OsvEvent[] = [];
  parsed.data.events.forEach((rawEvent, index) => {
    const event = parseEvent(rawEvent);
    if (event) {
      events.push(event);
    } else {
      problems.push(`${where}.events[${index}] must have exactly one of ${eventKinds.join(', ')}`);
    }
  });
  if (!events.some((event) => event.kind === 'introduced')) {
    problems.push(`${where} has no introduced event, so it affects no version`);
  }
  const scheme = rangeSchemeOf(parsed.data.type, ecosystem);
  for (const event of events) {
    if (scheme && !isComparableEvent(event.kind, event.version, scheme)) {
      problems.push(`${where}: ${event.kind} "${event.version}" is not a valid ${parsed.data.type === 'SEMVER' ? 'SemVer' : scheme.ecosystem} version; it is ignored`);
    }
  }
  const range: OsvRange = { type: parsed.data.type, events };
  if (parsed.data.repo) {
    range.repo = parsed.data.repo;
  }
  return range;
}

function parseEvent(raw: unknown): OsvEvent | undefined {
  const parsed = osvEventSchema.safeParse(raw);
  if (!parsed.success) {
    return undefined;
  }
  const present = eventKinds.filter((kind) => parsed.data[kind] !== undefined);
  const kind = present[0];
  return present.length === 1 && kind ? { kind, version: parsed.data[kind]! } : undefined;
}

/**
 * Go lists symbols per import path; qualifying them keeps `language.Parse` apart from another package's `Parse`. A
 * path listed without symbols (the whole package is vulnerable) is a package, not a symbol: it stays out.
 */
function vulnerableSymbolsOf(
  ecosystemSpecific: { imports?: { path: string; symbols?: string[] }[]; affected_functions?: string[]; functions?: string[]; affects?: { functions?: string[] } },
  databaseSpecific: { affected_functions?: string[] },
): string[] {
  const symbols = [
    ...(ecosystemSpecific.imports ?? []).flatMap((entry) => (entry.symbols ?? []).map((symbol) => `${entry.path}.${symbol}`)),
    ...(ecosystemSpecific.affected_functions ?? []),
    ...(ecosystemSpecific.functions ?? []),
    ...(ecosystemSpecific.affects?.functions ?? []),
    ...(databaseSpecific.affected_functions ?? []),
  ];
  return [...new Set(symbols)];
}
