import type { Parsed, ParseProblem } from '../../model/dependency';
import { describeJsonSyntaxError } from '../jsonSyntax';
import type { OsvAdvisory, OsvReference } from './osvAdvisory';
import { databaseSpecificSchema, firstIssue, osvRecordSchema, osvReferenceSchema } from './osvSchema';
import { parseOsvAffected } from './parseOsvAffected';
import { parseOsvSeverity } from './parseOsvSeverity';

/**
 * Parses one OSV JSON record. Never throws: text that is not JSON or not a record gives no value and one problem;
 * a bad entry inside a good record (an affected package, a range event, a severity, a reference) is dropped or
 * ignored with a problem, and the rest of the record is kept.
 * @param sourcePath where the text came from, used in problems.
 * @param options.source the label findings cite as `osv:<source>`; defaults to `sourcePath`.
 */
export function parseOsvRecord(text: string, sourcePath: string, options: { source?: string } = {}): Parsed<OsvAdvisory> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [{ path: sourcePath, message: `not valid JSON: ${describeJsonSyntaxError(error)}` }] };
  }
  const parsed = osvRecordSchema.safeParse(json);
  if (!parsed.success) {
    return { problems: [{ path: sourcePath, message: `not an OSV record: ${firstIssue(parsed.error)}` }] };
  }
  const record = parsed.data;
  const messages: string[] = [];
  const databaseSpecific = databaseSpecificSchema.safeParse(record.database_specific ?? {});
  const severity = parseOsvSeverity(record.severity ?? [], databaseSpecific.success ? databaseSpecific.data.severity : undefined, '');
  messages.push(...severity.problems);
  const advisory: OsvAdvisory = {
    id: record.id,
    aliases: record.aliases ?? [],
    severity: severity.value,
    cwes: (databaseSpecific.success ? databaseSpecific.data.cwe_ids : undefined) ?? [],
    affected: [],
    references: parseReferences(record.references ?? [], messages),
    source: options.source ?? sourcePath,
  };
  (record.affected ?? []).forEach((raw, index) => {
    const affected = parseOsvAffected(raw, `affected[${index}]`);
    messages.push(...affected.problems);
    if (affected.value) {
      advisory.affected.push(affected.value);
    }
  });
  copyText(advisory, 'summary', record.summary);
  copyText(advisory, 'details', record.details);
  copyText(advisory, 'modified', record.modified);
  copyText(advisory, 'published', record.published);
  copyText(advisory, 'withdrawn', record.withdrawn);
  const problems: ParseProblem[] = messages.map((message) => ({ path: sourcePath, message: `${record.id}: ${message}` }));
  return { value: advisory, problems };
}

function parseReferences(raw: readonly unknown[], problems: string[]): OsvReference[] {
  const references: OsvReference[] = [];
  raw.forEach((entry, index) => {
    const parsed = osvReferenceSchema.safeParse(entry);
    if (parsed.success) {
      references.push({ type: parsed.data.type, url: parsed.data.url });
    } else {
      problems.push(`references[${index}]: ${firstIssue(parsed.error)}`);
    }
  });
  return references;
}

/** Sets an optional text field only when it has a value, so absent fields stay absent rather than `undefined`. */
function copyText(advisory: OsvAdvisory, key: 'summary' | 'details' | 'modified' | 'published' | 'withdrawn', value: string | null | undefined): void {
  if (value) {
    advisory[key] = value;
  }
}
