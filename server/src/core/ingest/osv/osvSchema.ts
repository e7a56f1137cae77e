import { z } from 'zod';

// Schemas of OSV records (https://ossf.github.io/osv-schema/). Objects are loose, so fields added by later schema
// versions pass. Lists are validated item by item by the parser, so one bad entry costs only itself.

/** Free-form `*_specific` blocks: any object; what we read from them is picked with the schemas below. */
const freeForm = z.looseObject({});

/** A whole record: only `id` is required; list fields are checked entry by entry afterwards. */
export const osvRecordSchema = z.looseObject({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().optional(),
  withdrawn: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: z.array(z.unknown()).nullish(),
  affected: z.array(z.unknown()).nullish(),
  references: z.array(z.unknown()).nullish(),
  database_specific: freeForm.nullish(),
});

/** One `severity[]` entry: `{ type: 'CVSS_V3', score: '<vector>' }`. */
export const osvSeveritySchema = z.looseObject({ type: z.string(), score: z.string() });

/** One `affected[]` entry; `package` may be absent in records that only carry GIT ranges. */
export const osvAffectedSchema = z.looseObject({
  package: z.looseObject({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  severity: z.array(z.unknown()).nullish(),
  ranges: z.array(z.unknown()).nullish(),
  versions: z.array(z.string()).nullish(),
  ecosystem_specific: freeForm.nullish(),
  database_specific: freeForm.nullish(),
});

/** One `affected[].ranges[]` entry; its events are checked one by one. */
export const osvRangeSchema = z.looseObject({ type: z.string().min(1), repo: z.string().optional(), events: z.array(z.unknown()) });

/** One range event; the parser also requires exactly one of the four keys. */
export const osvEventSchema = z.looseObject({
  introduced: z.string().min(1).optional(),
  fixed: z.string().min(1).optional(),
  last_affected: z.string().min(1).optional(),
  limit: z.string().min(1).optional(),
});

/** One `references[]` entry. */
export const osvReferenceSchema = z.looseObject({ type: z.string(), url: z.string().min(1) });

/** What we read from `database_specific`; databases define it freely, so a field of another shape is just absent. */
export const databaseSpecificSchema = z.looseObject({
  severity: z.string().optional().catch(undefined),
  cwe_ids: z.array(z.string()).optional().catch(undefined),
  affected_functions: z.array(z.string()).optional().catch(undefined),
});

/** What we read from `ecosystem_specific`: Go's `imports`, GHSA's `affected_functions`, RustSec's `affects.functions`. */
export const ecosystemSpecificSchema = z.looseObject({
  imports: z.array(z.looseObject({ path: z.string().min(1), symbols: z.array(z.string()).optional() })).optional().catch(undefined),
  affected_functions: z.array(z.string()).optional().catch(undefined),
  functions: z.array(z.string()).optional().catch(undefined),
  affects: z.looseObject({ functions: z.array(z.string()).optional() }).optional().catch(undefined),
  severity: z.string().optional().catch(undefined),
});

/** The first issue of a failed validation as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
