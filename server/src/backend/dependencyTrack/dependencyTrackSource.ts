import { z } from 'zod';
import type { Exposure } from '../../core/model/exposure';
import type { FindingOrigin } from '../../core/model/finding';
import type { Policy } from '../../core/model/policy';
import type { Service } from '../../core/model/service';
import { BackendError } from '../../engine/backendError';
import type { FindingsBackend, FindingsPage, TriageWrite, WriteResult } from '../../engine/sourcePorts';
import { notAffectedRefusal } from '../../core/triage/notAffectedClaim';
import { checkedBaseUrl, HttpClient, type HttpResponse } from '../http/httpClient';
import { collectFindings, emptyPage, exposureFromLabels, labelsOfTags, printable, projectNameOf, triageText, validated, type PlatformOptions } from '../platformKit';
import { findingSchema, projectSchema, violationSchema, vulnerabilitySchema, type ProjectDto } from './schemas';
import { toFinding, toPolicies, versionsOf, type VersionsOfVulnerability } from './toFindings';

const pageSize = 100;
const maxPages = 1000;

/** CycloneDX VEX justifications in Dependency-Track's spelling (`AnalysisJustification.java`). */
const justifications: Record<string, string> = {
  code_not_present: 'CODE_NOT_PRESENT',
  code_not_reachable: 'CODE_NOT_REACHABLE',
  requires_configuration: 'REQUIRES_CONFIGURATION',
  requires_dependency: 'REQUIRES_DEPENDENCY',
  requires_environment: 'REQUIRES_ENVIRONMENT',
  protected_by_compiler: 'PROTECTED_BY_COMPILER',
  protected_at_runtime: 'PROTECTED_AT_RUNTIME',
  protected_at_perimeter: 'PROTECTED_AT_PERIMETER',
  protected_by_mitigating_control: 'PROTECTED_BY_MITIGATING_CONTROL',
};

/**
 * OWASP Dependency-Track (API v1, 4.x) as a source: the project by name (`GET /api/v1/project?name=`, or
 * `/project/lookup` for `name@version`), its findings (`GET /api/v1/finding/project/{uuid}`, suppressed ones
 * included so decisions show), fixed versions from the project's vulnerabilities, security policy violations as
 * policies; triage written back with `PUT /api/v1/analysis` in Dependency-Track's vocabulary. `X-Api-Key`.
 */
export class DependencyTrackSource implements FindingsBackend {
  private readonly base: URL;
  private readonly http: HttpClient;
  private readonly projects = new Map<string, ProjectDto>();
  private readonly reportedOnce = new Set<string>();

  constructor(private readonly options: PlatformOptions) {
    this.base = checkedBaseUrl(options.url, 'Dependency-Track URL');
    this.http = new HttpClient({ label: 'Dependency-Track', ...options });
  }

  async listServices(repository: string): Promise<Service[]> {
    const wanted = projectNameOf(repository, this.options.project);
    const at = wanted.lastIndexOf('@');
    const project = at > 0 ? await this.lookup(wanted.slice(0, at), wanted.slice(at + 1)) : await this.byName(wanted);
    if (!project) {
      throw new BackendError('notConfigured', `Dependency-Track has no active project named "${wanted}" that this API key may read; set the source's project to "name" or "name@version"`);
    }
    this.projects.set(project.uuid, project);
    return [{ id: project.uuid, name: project.version ? `${project.name} ${project.version}` : project.name, root: '' }];
  }

  async listFindings(projectUuid: string): Promise<FindingsPage> {
    const project = this.projects.get(projectUuid);
    const source = `dependency-track:${project?.name ?? projectUuid}`;
    const [findings, versions] = await Promise.all([
      // Not paginated in 4.x (the count comes in X-Total-Count); suppressed findings carry the decisions made.
      this.getList(`api/v1/finding/project/${encodeURIComponent(projectUuid)}`, { suppressed: 'true' }, 'Dependency-Track findings'),
      this.vulnerabilityVersions(projectUuid),
    ]);
    const page = emptyPage();
    collectFindings(findings.items, findingSchema, (dto) => toFinding(dto, { sourceId: this.options.sourceId, source, versions: versions.get(dto.vulnerability.uuid) }), page, {
      what: 'finding',
      firstIndex: 0,
      idOf: (raw) => {
        const matrix = (raw as { matrix?: unknown } | null)?.matrix;
        return typeof matrix === 'string' ? `dependency-track-${matrix}` : undefined;
      },
    });
    if (findings.total !== undefined && findings.total > findings.items.length) {
      page.problems.push(`Dependency-Track counted ${findings.total} findings but sent ${findings.items.length}`);
    }
    return page;
  }

  /** Dependency-Track has no runtime data; the project's tags may say where it runs (README: exposure labels). */
  getExposure(projectUuid: string): Promise<Exposure | undefined> {
    const tags = this.projects.get(projectUuid)?.tags?.map((tag) => tag.name) ?? [];
    return Promise.resolve(exposureFromLabels(labelsOfTags(tags)));
  }

  /** Security policy violations (a key without VIEW_POLICY_VIOLATION reads none; said once in the log). */
  async listPolicies(projectUuid: string): Promise<Policy[]> {
    try {
      const violations = await this.getPaged(`api/v1/violation/project/${encodeURIComponent(projectUuid)}`, {}, 'Dependency-Track policy violations');
      return toPolicies(
        violations.flatMap((item) => {
          const parsed = violationSchema.safeParse(item);
          return parsed.success ? [parsed.data] : [];
        }),
      );
    } catch (error) {
      if (error instanceof BackendError && error.kind === 'forbidden') {
        this.once('violations', `Dependency-Track: this API key may not read policy violations (VIEW_POLICY_VIOLATION); policies are not checked`);
        return [];
      }
      throw error;
    }
  }

  async writeTriage(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult> {
    const [project, component, vulnerability] = origin.id.split(':');
    if (!project || !component || !vulnerability) {
      throw new BackendError('badResponse', `Dependency-Track finding id "${origin.id}" is not project:component:vulnerability`);
    }
    const analysis = analysisOf(decision);
    if ('skipped' in analysis) {
      return { outcome: 'skipped', message: analysis.skipped };
    }
    await this.http.send({
      method: 'PUT',
      url: new URL('api/v1/analysis', this.base),
      headers: this.authorization(),
      json: { project, component, vulnerability, ...analysis.fields, analysisDetails: triageText(decision), comment: printable(`ASPM: ${decision.reason}`).slice(0, 1000) },
    });
    return { outcome: 'sent', message: analysis.words };
  }

  private async byName(name: string): Promise<ProjectDto | undefined> {
    const projects = (await this.getPaged('api/v1/project', { name, excludeInactive: 'true' }, 'Dependency-Track projects')).map((item) =>
      validated(projectSchema, item, 'Dependency-Track project'),
    );
    const named = projects.filter((project) => project.name === name && project.active !== false);
    // Several versions of one project: the one marked latest, else the one with the newest BOM.
    return named.find((project) => project.isLatest) ?? [...named].sort((a, b) => (b.lastBomImport ?? 0) - (a.lastBomImport ?? 0))[0];
  }

  private async lookup(name: string, version: string): Promise<ProjectDto | undefined> {
    const url = this.url('api/v1/project/lookup', { name, version });
    const response = await this.http.send({ url, headers: this.authorization(), passStatuses: [404] });
    return response.status === 404 ? undefined : validated(projectSchema, response.body, 'Dependency-Track project');
  }

  /** Fixed and vulnerable versions by vulnerability uuid; without VIEW_PORTFOLIO findings just have none. */
  private async vulnerabilityVersions(projectUuid: string): Promise<Map<string, VersionsOfVulnerability>> {
    const versions = new Map<string, VersionsOfVulnerability>();
    try {
      const list = await this.getList(`api/v1/vulnerability/project/${encodeURIComponent(projectUuid)}`, { suppressed: 'true' }, 'Dependency-Track vulnerabilities');
      for (const item of list.items) {
        const parsed = vulnerabilitySchema.safeParse(item);
        if (parsed.success) {
          versions.set(parsed.data.uuid, versionsOf(parsed.data.patchedVersions, parsed.data.vulnerableVersions));
        }
      }
    } catch (error) {
      if (!(error instanceof BackendError && error.kind === 'forbidden')) {
        throw error;
      }
      this.once('vulnerabilities', 'Dependency-Track: this API key may not list the project\'s vulnerabilities (VIEW_PORTFOLIO); findings have no fixed versions');
    }
    return versions;
  }

  /** A list Dependency-Track answers whole, with its size in X-Total-Count. */
  private async getList(path: string, query: Record<string, string>, what: string): Promise<{ items: unknown[]; total?: number }> {
    const response = await this.get(path, query);
    const items = validated(z.array(z.unknown()), response.body, what);
    return { items, total: totalCount(response) };
  }

  /** `pageNumber`/`pageSize` paging until X-Total-Count items arrived (or a short page). */
  private async getPaged(path: string, query: Record<string, string>, what: string): Promise<unknown[]> {
    const all: unknown[] = [];
    for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
      const { items, total } = await this.getList(path, { ...query, pageNumber: String(pageNumber), pageSize: String(pageSize) }, what);
      for (const item of items) {
        all.push(item);
      }
      // The server may answer smaller pages than asked: X-Total-Count says when all arrived.
      if (items.length === 0 || (total !== undefined ? all.length >= total : items.length < pageSize)) {
        return all;
      }
    }
    throw new BackendError('badResponse', `${what}: more than ${maxPages} pages`);
  }

  private get(path: string, query: Record<string, string>): Promise<HttpResponse> {
    return this.http.send({ url: this.url(path, query), headers: this.authorization(), revalidate: true });
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return url;
  }

  private authorization(): Record<string, string> {
    return this.options.token ? { 'x-api-key': this.options.token } : {};
  }

  private once(key: string, message: string): void {
    if (!this.reportedOnce.has(key)) {
      this.reportedOnce.add(key);
      this.options.log.warn(message);
    }
  }
}

/**
 * A decision as a Dependency-Track analysis: a confirmed "not reachable" verdict is NOT_AFFECTED +
 * CODE_NOT_REACHABLE (never on an `unknown` tier), an accepted risk EXPLOITABLE + WILL_NOT_FIX, a false positive
 * FALSE_POSITIVE; decided findings are suppressed (hidden from the project's metrics, as the UI's "Suppress"), a
 * reopened one is IN_TRIAGE and shown again.
 */
function analysisOf(decision: TriageWrite): { fields: Record<string, unknown>; words: string } | { skipped: string } {
  switch (decision.state) {
    case 'false_positive':
      return { fields: { analysisState: 'FALSE_POSITIVE', isSuppressed: true }, words: 'analysis FALSE_POSITIVE (suppressed)' };
    case 'accepted_risk':
      return { fields: { analysisState: 'EXPLOITABLE', analysisResponse: 'WILL_NOT_FIX', isSuppressed: true }, words: 'analysis EXPLOITABLE, response WILL_NOT_FIX (suppressed)' };
    case 'reopen':
      return { fields: { analysisState: 'IN_TRIAGE', isSuppressed: false }, words: 'analysis IN_TRIAGE (not suppressed)' };
    case 'not_affected': {
      const refusal = notAffectedRefusal(decision);
      if (refusal) {
        return { skipped: `not written: ${refusal}` };
      }
      const justification = justifications[decision.justification ?? ''] ?? 'NOT_SET';
      return { fields: { analysisState: 'NOT_AFFECTED', analysisJustification: justification, isSuppressed: true }, words: `analysis NOT_AFFECTED, ${justification} (suppressed)` };
    }
  }
}

function totalCount(response: HttpResponse): number | undefined {
  const header = response.headers['x-total-count'];
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(value) ? value : undefined;
}
