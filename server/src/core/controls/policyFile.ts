import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Parsed, ParseProblem } from '../model/dependency';

/** Where a repository keeps its guardrails, relative to the folder they apply to. */
export const policyFilePath = '.aspm/policy.yaml';

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const controlId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');

/** Fields every control has: its id, an optional title, and which services it applies to. */
const common = {
  id: controlId,
  title: z.string().min(1).optional(),
  /** Only services that runtime data shows deployed to this kind of environment. */
  environment: z.enum(['production', 'staging', 'development', 'test', 'other']).optional(),
  /** Only these services (ids or names); all services when absent. */
  services: z.array(z.string().min(1)).min(1).optional(),
};

/**
 * The schema of `.aspm/policy.yaml`, version 1: a list of controls, each a `rule` with its parameters.
 *
 * - `max-severity`: no open finding more severe than `severity` (`reachableOnly`: only reachable ones count).
 * - `sla`: every open finding fixed within `days[severity]` days of when it was first seen.
 * - `banned-packages`: none of `packages` (name, optional ecosystem and version range) installed.
 * - `pinned-images`: every container image pinned by at least `pinning` (`digest`, or `tag`: any tag but latest).
 * - `max-priority-band`: no surfaced finding in a priority band above `band`.
 */
export const controlSchema = z.discriminatedUnion('rule', [
  z.object({ ...common, rule: z.literal('max-severity'), severity, reachableOnly: z.boolean().default(false) }).strict(),
  z
    .object({
      ...common,
      rule: z.literal('sla'),
      days: z.object({ critical: z.number().int().positive().optional(), high: z.number().int().positive().optional(), medium: z.number().int().positive().optional(), low: z.number().int().positive().optional() }).strict(),
      reachableOnly: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...common,
      rule: z.literal('banned-packages'),
      packages: z
        .array(
          z
            .object({
              name: z.string().min(1),
              ecosystem: z.enum(['npm', 'pypi', 'golang', 'maven']).optional(),
              /** Versions that are banned, e.g. `<4.17.21`; every version when absent. */
              range: z.string().min(1).optional(),
              reason: z.string().min(1).optional(),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z.object({ ...common, rule: z.literal('pinned-images'), pinning: z.enum(['digest', 'tag']).default('tag'), roles: z.array(z.enum(['base', 'runtime'])).min(1).default(['base', 'runtime']) }).strict(),
  z.object({ ...common, rule: z.literal('max-priority-band'), band: z.enum(['critical', 'high', 'medium', 'low']) }).strict(),
]);

/** One control as written in a policy file. */
export type PolicyControl = z.infer<typeof controlSchema>;

/** A control with the file and 1-based line that declares it. */
export type DeclaredControl = PolicyControl & { path: string; line: number };

/**
 * Parses `.aspm/policy.yaml` (`version: 1`, `controls: [...]`). Valid controls are kept; everything wrong with the
 * file is said in one problem (at the first bad line), so a typo never disables the other controls silently and
 * never stops the analysis.
 */
export function parsePolicyFile(text: string, path: string): Parsed<DeclaredControl[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = lineCounter.linePos(error.pos[0]).line;
    return { problems: [problemAt(path, line, `Invalid YAML: ${error.message.split('\n')[0]}`)] };
  }
  const root: unknown = document.toJS();
  if (root === null || root === undefined) {
    return { value: [], problems: [] };
  }
  if (typeof root !== 'object' || Array.isArray(root)) {
    return { problems: [problemAt(path, 1, 'expected a mapping with "version: 1" and "controls:"')] };
  }
  const record = root as Record<string, unknown>;
  const issues: { line: number; message: string }[] = [];
  const unknownKeys = Object.keys(record).filter((key) => key !== 'version' && key !== 'controls');
  if (unknownKeys.length > 0) {
    issues.push({ line: 1, message: `unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((key) => `"${key}"`).join(', ')}` });
  }
  if (record.version !== 1) {
    issues.push({ line: 1, message: `"version" must be 1 (found ${JSON.stringify(record.version ?? null)})` });
  }
  const list = record.controls ?? [];
  if (!Array.isArray(list)) {
    return { problems: [problemAt(path, 1, '"controls" must be a list of controls')] };
  }
  const nodes = (document.get('controls', true) as { items?: { range?: [number] }[] } | undefined)?.items ?? [];
  const controls: DeclaredControl[] = [];
  const seen = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const line = lineCounter.linePos(nodes[index]?.range?.[0] ?? 0).line;
    const parsed = controlSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      issues.push({ line, message: `control ${index + 1}${idOf(raw)}: ${where}${issue.message}` });
      return;
    }
    if (seen.has(parsed.data.id)) {
      issues.push({ line, message: `control ${index + 1}: duplicate id "${parsed.data.id}"` });
      return;
    }
    seen.add(parsed.data.id);
    controls.push({ ...parsed.data, path, line });
  });
  const problems: ParseProblem[] =
    issues.length === 0
      ? []
      : [problemAt(path, issues[0]!.line, `${issues.map((issue) => `line ${issue.line}: ${issue.message}`).join('; ')}${controls.length > 0 ? ` (${controls.length === 1 ? 'the valid control still applies' : `the ${controls.length} valid controls still apply`})` : ''}`)];
  return { value: controls, problems };
}

function idOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? ` ("${id}")` : '';
}

function problemAt(path: string, line: number, message: string): ParseProblem {
  const at = { line: Math.max(0, line - 1), character: 0 };
  return { path, message, range: { start: at, end: at } };
}
