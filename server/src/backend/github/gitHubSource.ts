import type { z } from 'zod';
import type { Exposure } from '../../core/model/exposure';
import type { Finding, FindingOrigin } from '../../core/model/finding';
import type { Service } from '../../core/model/service';
import { BackendError } from '../../engine/backendError';
import type { FindingsBackend, FindingsPage, TriageWrite, WriteResult } from '../../engine/sourcePorts';
import { notAffectedRefusal } from '../../core/triage/notAffectedClaim';
import { checkedBaseUrl, HttpClient } from '../http/httpClient';
import { collectFindings, emptyPage, exposureFromLabels, triageText, type PlatformOptions } from '../platformKit';
import { codeScanningAlertSchema, customPropertySchema, dependabotAlertSchema, errorSchema, secretScanningAlertSchema } from './schemas';
import { codeScanningFinding, dependabotFinding, secretScanningFinding, type AlertContext } from './toFindings';

const perPage = 100;
const maxPages = 500;

/** The three alert lists, and how each is asked for and read. */
const alertKinds = [
  { kind: 'dependabot', path: 'dependabot/alerts', words: 'Dependabot alerts', query: { state: 'open' }, schema: dependabotAlertSchema, toFinding: dependabotFinding },
  { kind: 'code-scanning', path: 'code-scanning/alerts', words: 'code scanning alerts', query: { state: 'open' }, schema: codeScanningAlertSchema, toFinding: codeScanningFinding },
  {
    kind: 'secret-scanning',
    path: 'secret-scanning/alerts',
    words: 'secret scanning alerts',
    // The secret itself never leaves GitHub.
    query: { state: 'open', hide_secret: 'true' },
    schema: secretScanningAlertSchema,
    toFinding: secretScanningFinding,
  },
] as const;

/**
 * GitHub (api.github.com, or GHES at `https://HOST/api/v3`) as a source: the repository's open Dependabot, code
 * scanning and secret scanning alerts (`per_page=100`, following the `Link: rel="next"` cursor or page), and
 * dismissals written back with `PATCH` in GitHub's vocabulary per alert kind. A feature that is off for the
 * repository (no code scanning analysis, secret scanning disabled) is skipped and said once in the log.
 */
export class GitHubSource implements FindingsBackend {
  private readonly base: URL;
  private readonly http: HttpClient;
  private readonly reportedOnce = new Set<string>();
  /** The `owner/repo` of the last pull; alert numbers are per repository. */
  private repository?: string;

  constructor(private readonly options: PlatformOptions) {
    this.base = checkedBaseUrl(options.url, 'GitHub API URL');
    this.http = new HttpClient({ label: 'GitHub', ...options });
  }

  /** The repository itself is the one service: `owner/repo` from the repository identity or the source's project. */
  listServices(repository: string): Promise<Service[]> {
    const ownerRepo = ownerRepoOf(repository, this.options.project);
    if (!ownerRepo) {
      return Promise.reject(new BackendError('notConfigured', `GitHub: cannot tell owner/repo from "${repository}"; set the source's project to "owner/repo"`));
    }
    this.repository = ownerRepo;
    return Promise.resolve([{ id: ownerRepo, name: ownerRepo, root: '', dashboardUrl: `https://${repository.split('/')[0]}/${ownerRepo}/security` }]);
  }

  async listFindings(ownerRepo: string): Promise<FindingsPage> {
    const page = emptyPage();
    const context: AlertContext = { sourceId: this.options.sourceId, repository: ownerRepo };
    for (const alerts of alertKinds) {
      await this.collect(ownerRepo, alerts, context, page);
    }
    return page;
  }

  /**
   * GitHub has no runtime data; the repository's custom properties may say where it runs (README: exposure
   * labels). A repository without custom properties (or an owner that defines none) has no exposure data.
   */
  async getExposure(ownerRepo: string): Promise<Exposure | undefined> {
    const response = await this.http.send({ url: new URL(`repos/${ownerRepo}/properties/values`, this.base), headers: this.headers(), revalidate: true, passStatuses: [403, 404] });
    if (response.status >= 400 || !Array.isArray(response.body)) {
      return undefined;
    }
    const labels = (response.body as unknown[]).flatMap((item) => {
      const parsed = customPropertySchema.safeParse(item);
      if (!parsed.success || parsed.data.value === null || parsed.data.value === undefined) {
        return [];
      }
      return [{ key: parsed.data.property_name, values: Array.isArray(parsed.data.value) ? parsed.data.value : [parsed.data.value] }];
    });
    return exposureFromLabels(labels);
  }

  async writeTriage(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult> {
    const match = /^(dependabot|code-scanning|secret-scanning)\/(\d+)$/.exec(origin.id);
    if (!match) {
      throw new BackendError('badResponse', `GitHub alert id "${origin.id}" is not kind/number`);
    }
    const repo = this.repository ?? ownerRepoOf(origin.url?.replace(/^https?:\/\/[^/]+\//, '').split('/').slice(0, 2).join('/') ?? '', this.options.project);
    if (!repo) {
      throw new BackendError('notConfigured', 'GitHub: pull the alerts first; the alert names no repository');
    }
    const [, kind, number] = match;
    const body = dismissalOf(kind as AlertKind, decision);
    if ('skipped' in body) {
      return { outcome: 'skipped', message: body.skipped };
    }
    await this.http.send({ method: 'PATCH', url: new URL(`repos/${repo}/${kind}/alerts/${number}`, this.base), headers: this.headers(), json: body.json });
    return { outcome: 'sent', message: body.words };
  }

  private async collect(ownerRepo: string, alerts: (typeof alertKinds)[number], context: AlertContext, page: Required<FindingsPage>): Promise<void> {
    let query: Record<string, string> | undefined = { ...alerts.query, per_page: String(perPage) };
    let firstIndex = 0;
    for (let pageIndex = 0; query && pageIndex < maxPages; pageIndex++) {
      const url = new URL(`repos/${ownerRepo}/${alerts.path}`, this.base);
      for (const [key, value] of Object.entries(query)) {
        url.searchParams.set(key, value);
      }
      const response = await this.http.send({ url, headers: this.headers(), revalidate: true, passStatuses: [403, 404] });
      if (response.status === 403 || response.status === 404) {
        this.skipOrThrow(ownerRepo, alerts.words, response.status, response.body);
        return;
      }
      if (!Array.isArray(response.body)) {
        throw new BackendError('badResponse', `GitHub ${alerts.words} response does not match the API schema at (root): expected an array`);
      }
      const items = response.body as unknown[];
      collectFindings(items, alerts.schema as z.ZodType, (dto) => (alerts.toFinding as (dto: unknown, context: AlertContext) => Finding)(dto, context), page, {
        what: `${alerts.kind} alert`,
        firstIndex,
        idOf: (raw) => {
          const number = (raw as { number?: unknown } | null)?.number;
          return typeof number === 'number' ? `github-${alerts.kind}-${number}` : undefined;
        },
      });
      firstIndex += items.length;
      query = nextQuery(response.headers.link);
    }
    if (query) {
      throw new BackendError('badResponse', `GitHub ${alerts.words} of ${ownerRepo}: more than ${maxPages} pages`);
    }
  }

  /**
   * 404 (no code scanning analysis, a feature off) and a 403 that says a feature is disabled skip that alert
   * kind; any other 403 is the token's missing permission and fails the source.
   */
  private skipOrThrow(ownerRepo: string, words: string, status: number, body: unknown): void {
    const message = errorSchema.safeParse(body).data?.message ?? '';
    if (status === 403 && !/disabled|not enabled|must be enabled|no analysis/i.test(message)) {
      throw new BackendError('forbidden', `GET ${words} of ${ownerRepo} answered HTTP 403${message ? `: ${message}` : ''}`, 403);
    }
    const key = `${ownerRepo}:${words}`;
    if (!this.reportedOnce.has(key)) {
      this.reportedOnce.add(key);
      this.options.log.info(`GitHub: no ${words} for ${ownerRepo} (HTTP ${status}${message ? `: ${message}` : ''}); skipped`);
    }
  }

  private headers(): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
    };
  }
}

type AlertKind = 'dependabot' | 'code-scanning' | 'secret-scanning';

/**
 * A decision in GitHub's dismissal vocabulary. Dependabot: inaccurate / not_used / tolerable_risk; code scanning:
 * "false positive" / "won't fix" / "used in tests" / "mitigated"; secret scanning: resolved as false_positive /
 * wont_fix / used_in_tests. "Not affected" is never claimed on an `unknown` reachability.
 */
function dismissalOf(kind: AlertKind, decision: TriageWrite): { json: Record<string, unknown>; words: string } | { skipped: string } {
  const comment = triageText(decision, 280);
  if (decision.state === 'reopen') {
    return kind === 'secret-scanning'
      ? { json: { state: 'open', resolution_comment: comment }, words: 'reopened' }
      : { json: { state: 'open' }, words: 'reopened' };
  }
  if (decision.state === 'not_affected') {
    const refusal = notAffectedRefusal(decision);
    if (refusal) {
      return { skipped: `not written: ${refusal}` };
    }
  }
  const isDevOnly = decision.verdict.tier === 'dev-only';
  const isProtected = (decision.justification ?? '').startsWith('protected_');
  if (kind === 'dependabot') {
    const reason = decision.state === 'false_positive' ? 'inaccurate' : decision.state === 'accepted_risk' || isProtected ? 'tolerable_risk' : 'not_used';
    return { json: { state: 'dismissed', dismissed_reason: reason, dismissed_comment: comment }, words: `dismissed as ${reason}` };
  }
  if (kind === 'code-scanning') {
    const reason = decision.state === 'false_positive' ? 'false positive' : decision.state === 'accepted_risk' ? "won't fix" : isDevOnly ? 'used in tests' : isProtected ? 'mitigated' : "won't fix";
    return { json: { state: 'dismissed', dismissed_reason: reason, dismissed_comment: comment }, words: `dismissed as "${reason}"` };
  }
  const resolution = decision.state === 'false_positive' ? 'false_positive' : isDevOnly && decision.state === 'not_affected' ? 'used_in_tests' : 'wont_fix';
  return { json: { state: 'resolved', resolution, resolution_comment: comment }, words: `resolved as ${resolution}` };
}

/** `owner/repo`: the source's project when set, else the last two segments of the repository identity. */
function ownerRepoOf(repository: string, project: string | undefined): string | undefined {
  const wanted = project?.trim() || repository;
  const segments = wanted.replace(/\.git$/, '').split('/').filter(Boolean);
  return segments.length >= 2 ? `${segments.at(-2)}/${segments.at(-1)}` : undefined;
}

/** The query of the `Link: <…>; rel="next"` URL (a page number or an `after` cursor), used on the configured URL. */
function nextQuery(link: string | string[] | undefined): Record<string, string> | undefined {
  const value = Array.isArray(link) ? link.join(',') : (link ?? '');
  for (const part of value.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) {
      return Object.fromEntries(new URL(match[1]!).searchParams);
    }
  }
  return undefined;
}
