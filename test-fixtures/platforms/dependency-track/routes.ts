/**
 * Dependency-Track API v1 (4.x) as the fixture answers it: `X-Api-Key` authentication, lists answered whole with
 * `X-Total-Count` (findings, vulnerabilities) or paged with `pageNumber`/`pageSize` (projects, violations), plain
 * text errors, and `PUT /api/v1/analysis` validated like `AnalysisResource`/`AnalysisRequest` (uuid patterns,
 * enum names, printable text).
 */
import type { IncomingMessage } from 'node:http';
import type { ScenarioReply } from '../../backend/fixtureBackend';
import { copy, positiveInt, type PlatformDefinition, type PlatformRoute, type RouteContext } from '../platformServer';

type Json = Record<string, unknown>;

interface Analysis {
  analysisState: string;
  analysisJustification: string;
  analysisResponse: string;
  analysisDetails?: string;
  analysisComments: { timestamp: number; comment: string; commenter: string }[];
  isSuppressed: boolean;
}

interface TrackState {
  teamName: string;
  projects: (Json & { uuid: string; name: string; version?: string; active?: boolean })[];
  /** Per project uuid: components and the vulnerabilities affecting them (the SBOM's analysis). */
  findings: Record<string, { component: Json & { uuid: string }; vulnerability: Json & { uuid: string }; attribution: Json }[]>;
  /** Per project uuid: the vulnerabilities with their version fields. */
  vulnerabilities: Record<string, (Json & { uuid: string })[]>;
  violations: Record<string, Json[]>;
  /** Per `component:vulnerability`. */
  analyses: Record<string, Analysis>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const states = ['EXPLOITABLE', 'IN_TRIAGE', 'FALSE_POSITIVE', 'NOT_AFFECTED', 'RESOLVED', 'NOT_SET'];
const justifications = [
  'CODE_NOT_PRESENT',
  'CODE_NOT_REACHABLE',
  'REQUIRES_CONFIGURATION',
  'REQUIRES_DEPENDENCY',
  'REQUIRES_ENVIRONMENT',
  'PROTECTED_BY_COMPILER',
  'PROTECTED_AT_RUNTIME',
  'PROTECTED_AT_PERIMETER',
  'PROTECTED_BY_MITIGATING_CONTROL',
  'NOT_SET',
];
const responses = ['CAN_NOT_FIX', 'WILL_NOT_FIX', 'UPDATE', 'ROLLBACK', 'WORKAROUND_AVAILABLE', 'NOT_SET'];
/** Alpine's PRINTABLE_CHARS_PLUS, approximately: printable characters and whitespace. */
const printable = /^[\P{C}\n\r\t]*$/u;
const severityRanks: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4, UNASSIGNED: 5 };
const text = (status: number, message: string): ScenarioReply => ({ status, text: message, contentType: 'text/plain' });

function project(state: TrackState, uuid: string): TrackState['projects'][number] | undefined {
  return state.projects.find((candidate) => candidate.uuid === uuid);
}

/** A project as `Project.java` serializes it (subset: what lists show). */
function projectOut(value: TrackState['projects'][number]): Json {
  return { classifier: 'APPLICATION', tags: [], active: true, isLatest: true, lastBomImport: 1790000000000, ...value };
}

/** `Finding.java`: component, vulnerability, analysis, attribution and the matrix id. */
function findingOut(state: TrackState, projectUuid: string, entry: TrackState['findings'][string][number]): Json {
  const analysis = state.analyses[`${entry.component.uuid}:${entry.vulnerability.uuid}`];
  const severity = String(entry.vulnerability.severity ?? 'UNASSIGNED');
  return {
    component: { ...entry.component, project: projectUuid },
    vulnerability: { ...entry.vulnerability, severity, severityRank: severityRanks[severity] ?? 5 },
    analysis: { ...(analysis ? { state: analysis.analysisState } : {}), isSuppressed: analysis?.isSuppressed ?? false },
    attribution: entry.attribution,
    matrix: `${projectUuid}:${entry.component.uuid}:${entry.vulnerability.uuid}`,
  };
}

function isSuppressed(state: TrackState, entry: TrackState['findings'][string][number]): boolean {
  return state.analyses[`${entry.component.uuid}:${entry.vulnerability.uuid}`]?.isSuppressed === true;
}

/** Alpine's pagination of `@PaginatedApi` resources: pageNumber (1-based) and pageSize, total in X-Total-Count. */
function paged(items: unknown[], context: RouteContext<TrackState>): ScenarioReply {
  const size = positiveInt(context.request.query.pageSize, 100, context.maxPageSize);
  const number = positiveInt(context.request.query.pageNumber, 1);
  return { status: 200, body: items.slice((number - 1) * size, number * size), headers: { 'X-Total-Count': String(items.length) } };
}

const routes: PlatformRoute<TrackState>[] = [
  {
    name: 'listProjects',
    method: 'GET',
    pattern: /^\/api\/v1\/project$/,
    handle: (context) => {
      const { name, excludeInactive } = context.request.query;
      const projects = context.state.projects.filter((candidate) => (name === undefined || candidate.name === name) && (excludeInactive !== 'true' || candidate.active !== false));
      return paged(projects.map(projectOut), context);
    },
  },
  {
    name: 'lookupProject',
    method: 'GET',
    pattern: /^\/api\/v1\/project\/lookup$/,
    handle: (context) => {
      const { name, version } = context.request.query;
      const found = context.state.projects.find((candidate) => candidate.name === name && (candidate.version ?? '') === (version ?? ''));
      return found ? { status: 200, body: projectOut(found) } : text(404, 'The project could not be found.');
    },
  },
  {
    name: 'listFindings',
    method: 'GET',
    pattern: /^\/api\/v1\/finding\/project\/([^/]+)$/,
    handle: (context) => {
      const uuid = context.params[0]!;
      if (!project(context.state, uuid)) {
        return text(404, 'The project could not be found.');
      }
      const includeSuppressed = context.request.query.suppressed === 'true';
      const findings = (context.state.findings[uuid] ?? []).filter((entry) => includeSuppressed || !isSuppressed(context.state, entry)).map((entry) => findingOut(context.state, uuid, entry));
      return { status: 200, body: findings, headers: { 'X-Total-Count': String(findings.length) } };
    },
  },
  {
    name: 'listVulnerabilities',
    method: 'GET',
    pattern: /^\/api\/v1\/vulnerability\/project\/([^/]+)$/,
    handle: (context) => {
      const uuid = context.params[0]!;
      if (!project(context.state, uuid)) {
        return text(404, 'The project could not be found.');
      }
      const vulnerabilities = context.state.vulnerabilities[uuid] ?? [];
      return { status: 200, body: vulnerabilities, headers: { 'X-Total-Count': String(vulnerabilities.length) } };
    },
  },
  {
    name: 'listViolations',
    method: 'GET',
    pattern: /^\/api\/v1\/violation\/project\/([^/]+)$/,
    handle: (context) => {
      const uuid = context.params[0]!;
      return project(context.state, uuid) ? paged(context.state.violations[uuid] ?? [], context) : text(404, 'The project could not be found.');
    },
  },
  {
    name: 'putAnalysis',
    method: 'PUT',
    pattern: /^\/api\/v1\/analysis$/,
    handle: (context) => putAnalysis(context),
  },
];

/** AnalysisResource.updateAnalysis: validation errors (400), unknown objects (404), the analysis made and returned. */
function putAnalysis(context: RouteContext<TrackState>): ScenarioReply {
  const body = (context.request.body ?? {}) as Json;
  const errors: Json[] = [];
  for (const key of ['project', 'component', 'vulnerability']) {
    const value = body[key];
    if ((key !== 'project' && value === undefined) || (value !== undefined && (typeof value !== 'string' || !uuidPattern.test(value)))) {
      errors.push({ message: `The ${key} must be a valid 36 character UUID`, messageTemplate: `The ${key} must be a valid 36 character UUID`, path: key, invalidValue: value ?? null });
    }
  }
  for (const key of ['comment', 'analysisDetails']) {
    if (body[key] !== undefined && (typeof body[key] !== 'string' || !printable.test(body[key] as string))) {
      errors.push({ message: 'The comment may only contain printable characters', messageTemplate: 'The comment may only contain printable characters', path: key, invalidValue: body[key] });
    }
  }
  if (errors.length > 0) {
    return { status: 400, body: errors };
  }
  const enumChecks: [string, string[]][] = [
    ['analysisState', states],
    ['analysisJustification', justifications],
    ['analysisResponse', responses],
  ];
  for (const [key, allowed] of enumChecks) {
    if (body[key] !== undefined && !allowed.includes(String(body[key]))) {
      // Jackson refuses an unknown enum constant before the resource runs.
      return text(400, `Cannot deserialize value of type \`${key}\` from String "${String(body[key])}": not one of the values accepted for Enum class: [${allowed.join(', ')}]`);
    }
  }
  if (body.isSuppressed !== undefined && typeof body.isSuppressed !== 'boolean') {
    return text(400, 'Cannot deserialize value of type `java.lang.Boolean`');
  }
  const projectUuid = typeof body.project === 'string' ? body.project : undefined;
  if (projectUuid && !project(context.state, projectUuid)) {
    return text(404, 'The project could not be found.');
  }
  const entries = Object.values(context.state.findings).flat();
  if (!entries.some((entry) => entry.component.uuid === body.component)) {
    return text(404, 'The component could not be found.');
  }
  if (!entries.some((entry) => entry.vulnerability.uuid === body.vulnerability)) {
    return text(404, 'The vulnerability could not be found.');
  }
  const key = `${String(body.component)}:${String(body.vulnerability)}`;
  const analysis: Analysis = context.state.analyses[key] ?? { analysisState: 'NOT_SET', analysisJustification: 'NOT_SET', analysisResponse: 'NOT_SET', analysisComments: [], isSuppressed: false };
  const commenter = context.state.teamName;
  const timestamp = Date.parse('2026-11-27T10:00:00Z');
  const change = (field: 'analysisState' | 'analysisJustification' | 'analysisResponse', value: unknown, words: string): void => {
    const next = (value as string | undefined) ?? 'NOT_SET';
    if (analysis[field] !== next) {
      analysis.analysisComments.push({ timestamp, comment: `${words}: ${analysis[field]} → ${next}`, commenter });
      analysis[field] = next;
    }
  };
  change('analysisState', body.analysisState, 'Analysis');
  change('analysisJustification', body.analysisJustification, 'Justification');
  change('analysisResponse', body.analysisResponse, 'Vendor Response');
  if (typeof body.analysisDetails === 'string' && body.analysisDetails !== analysis.analysisDetails) {
    analysis.analysisComments.push({ timestamp, comment: `Details: ${body.analysisDetails}`, commenter });
    analysis.analysisDetails = body.analysisDetails;
  }
  if (typeof body.isSuppressed === 'boolean' && body.isSuppressed !== analysis.isSuppressed) {
    analysis.analysisComments.push({ timestamp, comment: body.isSuppressed ? 'Suppressed' : 'Unsuppressed', commenter });
    analysis.isSuppressed = body.isSuppressed;
  }
  if (typeof body.comment === 'string' && body.comment.trim() !== '') {
    analysis.analysisComments.push({ timestamp, comment: body.comment.trim(), commenter });
  }
  context.state.analyses[key] = analysis;
  return { status: 200, body: analysis };
}

export const dependencyTrackPlatform: PlatformDefinition<TrackState> = {
  kind: 'dependency-track',
  defaultToken: 'odt_fixtureApiKey0123456789',
  routes,
  load: (scenario) => {
    const data = copy(scenario as Partial<TrackState>);
    return { teamName: data.teamName ?? 'Automation', projects: data.projects ?? [], findings: data.findings ?? {}, vulnerabilities: data.vulnerabilities ?? {}, violations: data.violations ?? {}, analyses: data.analyses ?? {} };
  },
  isAuthorized: (request: IncomingMessage, token: string) => request.headers['x-api-key'] === token,
  unauthorized: () => text(401, 'Unauthorized'),
  notFound: () => text(404, 'HTTP 404 Not Found'),
  badRequest: (message) => text(400, message),
  sendsEtags: false,
};
