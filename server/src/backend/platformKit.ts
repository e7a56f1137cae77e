import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { DataClass, EnvironmentKind, Exposure } from '../core/model/exposure';
import type { Finding } from '../core/model/finding';
import type { Severity } from '../core/model/severity';
import { BackendError } from '../engine/backendError';
import type { Logger } from '../engine/ports';
import type { FindingsPage, TriageWrite } from '../engine/sourcePorts';

/** What every platform adapter is built from: where, with which token, and how to reach it. */
export interface PlatformOptions {
  /** The source's id (`engine/sources` `sourceIdOf`), cited by the findings' origins. */
  sourceId: string;
  /** The platform's base URL as configured (API paths are added to it). */
  url: string;
  token?: string;
  /** Overrides the product / project / `owner/repo` derived from the repository identity. */
  project?: string;
  timeoutMs: number;
  proxy?: string;
  ca?: string[];
  dispatcher?: Dispatcher;
  maxBodyBytes?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Logger;
}

/** Validates a response envelope; a mismatch is a `badResponse` naming the first failing field. */
export function validated<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackendError('badResponse', `${what} response does not match the API schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Validates list items one by one into `page`: a valid item becomes a finding (or none, when `toFinding` skips it),
 * an invalid one a problem naming its field, and its id (when it has one) an invalid id, so its last good version
 * is kept. One bad record never discards the rest.
 */
export function collectFindings<T extends z.ZodType>(
  items: readonly unknown[],
  schema: T,
  toFinding: (item: z.infer<T>) => Finding | undefined,
  page: Required<FindingsPage>,
  options: { what: string; firstIndex: number; idOf: (raw: unknown) => string | undefined },
): void {
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      const finding = toFinding(parsed.data);
      if (finding) {
        page.findings.push(finding);
      }
      return;
    }
    const issue = parsed.error.issues[0];
    page.problems.push(`${options.what} #${options.firstIndex + index}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    const id = options.idOf(item);
    if (id !== undefined) {
      page.invalidIds.push(id);
    }
  });
}

/** An empty page to collect into. */
export function emptyPage(): Required<FindingsPage> {
  return { findings: [], problems: [], invalidIds: [] };
}

/** The name a platform knows the repository by: the last segment of its identity (`github.com/acme/shop` → `shop`). */
export function projectNameOf(repository: string, project?: string): string {
  if (project && project.trim() !== '') {
    return project.trim();
  }
  return repository.replace(/\/+$/, '').split('/').at(-1) ?? repository;
}

/** A platform's severity word (`Critical`, `HIGH`, `moderate`…) in the core scale; unknown words are `info`. */
export function severityOf(word: string | null | undefined): Severity {
  switch ((word ?? '').toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'error':
      return 'high';
    case 'medium':
    case 'moderate':
    case 'warning':
      return 'medium';
    case 'low':
    case 'note':
      return 'low';
    default:
      return 'info';
  }
}

/** A repository-relative path as scanners write it (`./src/a.ts`, `src\\a.ts`) in the core's form. */
export function repositoryPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** The first advisory id to show: a GHSA id when there is one (advisory databases key on it), else the first. */
export function preferredAdvisoryId(ids: readonly string[]): string | undefined {
  return ids.find((id) => /^GHSA-/i.test(id)) ?? ids[0];
}

const stateWords: Record<TriageWrite['state'], string> = {
  accepted_risk: 'risk accepted',
  false_positive: 'false positive',
  not_affected: 'not affected',
  reopen: 'reopened',
};

/**
 * The decision in words, for a platform's note or comment: what was decided, why, and the workspace evidence the
 * user confirmed. `maxLength` cuts it for platforms with a short field (GitHub: 280), keeping the decision and reason.
 */
export function triageText(decision: TriageWrite, maxLength = 20_000): string {
  const lines = [
    `ASPM triage: ${stateWords[decision.state]}${decision.justification ? ` (${decision.justification})` : ''}.`,
    `Reason: ${decision.reason}`,
    ...(decision.expiresAt ? [`Until: ${decision.expiresAt.slice(0, 10)}`] : []),
    `Reachability in the workspace: ${decision.verdict.tier}: ${decision.verdict.summary}`,
    ...decision.verdict.evidence.slice(0, 20).map((line) => `- ${line}`),
  ];
  const text = printable(lines.join('\n'));
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** Keeps printable characters, newlines and tabs (platforms refuse control characters in comments). */
export function printable(text: string): string {
  return text.replace(/[^\P{C}\n\t]/gu, '');
}

const environmentKinds: readonly EnvironmentKind[] = ['production', 'staging', 'development', 'test'];
const dataClasses: readonly DataClass[] = ['pii', 'payment', 'health', 'credentials', 'internal'];

/**
 * Exposure from a platform's labels (Dependency-Track project tags, GitHub repository custom properties), by the
 * convention the README documents: `internet-facing` (a bare tag, or `true`/`false`), `environment` or `env`
 * (`production`, `staging`, `development`, `test`), `data-classes` or `data` (`pii`, `payment`, `health`,
 * `credentials`, `internal`). Undefined when no label says anything about exposure.
 */
export function exposureFromLabels(labels: readonly { key: string; values: readonly string[] }[]): Exposure | undefined {
  const exposure: Exposure = { environments: [], dataClasses: [], endpoints: [] };
  let isSaid = false;
  for (const { key, values } of labels) {
    const name = key.trim().toLowerCase().replace(/_/g, '-');
    const words = values.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase()).filter(Boolean);
    if (name === 'internet-facing') {
      const value = words[0] ?? 'true';
      if (['true', 'yes'].includes(value) || ['false', 'no'].includes(value)) {
        exposure.isInternetFacing = ['true', 'yes'].includes(value);
        isSaid = true;
      }
    } else if (name === 'environment' || name === 'env') {
      for (const word of words) {
        const kind = environmentKinds.find((candidate) => candidate === word || (word === 'prod' && candidate === 'production'));
        if (kind && !exposure.environments.some((environment) => environment.kind === kind)) {
          exposure.environments.push({ name: word, kind });
          isSaid = true;
        }
      }
    } else if (name === 'data-classes' || name === 'data') {
      for (const word of words) {
        if ((dataClasses as readonly string[]).includes(word) && !exposure.dataClasses.includes(word as DataClass)) {
          exposure.dataClasses.push(word as DataClass);
          isSaid = true;
        }
      }
    }
  }
  return isSaid ? exposure : undefined;
}

/** Tags as labels: `key:value` tags carry a value, a bare tag is its own key. */
export function labelsOfTags(tags: readonly string[]): { key: string; values: string[] }[] {
  return tags.map((tag) => {
    const colon = tag.indexOf(':');
    return colon > 0 ? { key: tag.slice(0, colon), values: [tag.slice(colon + 1)] } : { key: tag, values: [] };
  });
}
