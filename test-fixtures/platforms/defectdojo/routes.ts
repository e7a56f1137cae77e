/**
 * DefectDojo API v2 as the fixture answers it: DRF limit/offset pagination with absolute `next` URLs, `Token`
 * authentication, and the write validation of DefectDojo's FindingSerializer and RiskAcceptanceSerializer
 * (dojo/finding/api/serializer.py, dojo/risk_acceptance/api/serializer.py).
 */
import type { IncomingMessage } from 'node:http';
import type { ScenarioReply } from '../../backend/fixtureBackend';
import { copy, positiveInt, type PlatformDefinition, type PlatformRoute, type RouteContext } from '../platformServer';

type Json = Record<string, unknown>;

interface DojoState {
  apiUser: Json & { id: number; username: string };
  products: (Json & { id: number; name: string })[];
  engagements: { id: number; name: string; product: number }[];
  tests: { id: number; title: string; engagement: number; test_type: { id: number; name: string } }[];
  findings: (Json & { id: number; test: number; active: boolean })[];
  riskAcceptances: Json[];
  notes: Json[];
}

const now = '2026-11-27T10:00:00.000000Z';
const severityNumbers: Record<string, string> = { Critical: 'S0', High: 'S1', Medium: 'S2', Low: 'S3', Info: 'S4' };

/** A product as the ProductSerializer writes it (read-only fields included). */
function productOut(state: DojoState, product: DojoState['products'][number]): Json {
  const findings = state.findings.filter((finding) => productIdOf(state, finding) === product.id);
  return {
    id: product.id,
    findings_count: findings.length,
    findings_list: findings.map((finding) => finding.id),
    tags: [],
    product_meta: [],
    name: product.name,
    description: product.description ?? '',
    created: product.created ?? '2026-01-05T09:00:00.000000Z',
    prod_numeric_grade: null,
    business_criticality: product.business_criticality ?? null,
    platform: product.platform ?? 'web',
    lifecycle: product.lifecycle ?? null,
    origin: null,
    user_records: null,
    revenue: null,
    external_audience: product.external_audience ?? false,
    internet_accessible: product.internet_accessible ?? false,
    enable_product_tag_inheritance: false,
    enable_simple_risk_acceptance: product.enable_simple_risk_acceptance ?? false,
    enable_full_risk_acceptance: product.enable_full_risk_acceptance ?? true,
    disable_sla_breach_notifications: false,
    product_manager: null,
    technical_contact: null,
    team_manager: null,
    prod_type: product.prod_type ?? 1,
    sla_configuration: 1,
    regulations: [],
    members: [],
    authorization_groups: [],
  };
}

/** A finding as the FindingSerializer writes it: the scenario's fields over DefectDojo's defaults. */
function findingOut(state: DojoState, finding: DojoState['findings'][number], withRelated: boolean): Json {
  const status = [finding.active ? 'Active' : 'Inactive', finding.verified ? 'Verified' : undefined, finding.false_p ? 'False Positive' : undefined, finding.risk_accepted ? 'Risk Accepted' : undefined, finding.out_of_scope ? 'Out Of Scope' : undefined, finding.is_mitigated ? 'Mitigated' : undefined]
    .filter(Boolean)
    .join(', ');
  const test = state.tests.find((candidate) => candidate.id === finding.test);
  const engagement = state.engagements.find((candidate) => candidate.id === test?.engagement);
  const product = state.products.find((candidate) => candidate.id === engagement?.product);
  return {
    id: finding.id,
    tags: [],
    request_response: { req_resp: [] },
    accepted_risks: state.riskAcceptances.filter((acceptance) => (acceptance.accepted_findings as number[]).includes(finding.id)),
    push_to_jira: false,
    age: 70,
    sla_days_remaining: finding.sla_expiration_date ? 10 : null,
    finding_meta: [],
    related_fields: withRelated && test && engagement && product
      ? { test: { id: test.id, title: test.title, test_type: test.test_type, engagement: { id: engagement.id, name: engagement.name, target_start: '2026-01-05', target_end: '2027-01-05', created: '2026-01-05T09:00:00.000000Z', updated: now, product: { id: product.id, name: product.name, prod_type: { id: 1, name: 'Web' } } } }, jira: null }
      : null,
    jira_creation: null,
    jira_change: null,
    display_status: status,
    finding_groups: [],
    vulnerability_ids: [],
    reporter: state.apiUser.id,
    endpoints: [],
    date: '2026-09-14',
    sla_start_date: null,
    sla_expiration_date: null,
    cwe: 0,
    epss_score: null,
    epss_percentile: null,
    known_exploited: false,
    ransomware_used: false,
    kev_date: null,
    cvssv3: null,
    cvssv3_score: null,
    cvssv4: null,
    cvssv4_score: null,
    url: null,
    severity: 'Info',
    description: '',
    mitigation: null,
    fix_available: null,
    fix_version: null,
    impact: null,
    steps_to_reproduce: null,
    severity_justification: null,
    references: null,
    active: true,
    verified: false,
    false_p: false,
    duplicate: false,
    out_of_scope: false,
    risk_accepted: false,
    under_review: false,
    last_status_update: now,
    under_defect_review: false,
    is_mitigated: false,
    thread_id: 0,
    mitigated: null,
    numerical_severity: severityNumbers[String(finding.severity ?? 'Info')] ?? 'S4',
    last_reviewed: null,
    param: null,
    payload: null,
    hash_code: `hash-${finding.id}`,
    line: null,
    file_path: null,
    component_name: null,
    component_version: null,
    static_finding: false,
    dynamic_finding: false,
    created: '2026-09-14T09:12:00.000000Z',
    scanner_confidence: null,
    unique_id_from_tool: null,
    vuln_id_from_tool: null,
    sast_source_object: null,
    sast_sink_object: null,
    sast_source_line: null,
    sast_source_file_path: null,
    nb_occurences: null,
    publish_date: null,
    service: null,
    planned_remediation_date: null,
    planned_remediation_version: null,
    effort_for_fixing: null,
    updated: now,
    duplicate_finding: null,
    review_requested_by: null,
    defect_review_requested_by: null,
    mitigated_by: null,
    last_reviewed_by: null,
    sonarqube_issue: null,
    reviewers: [],
    notes: state.notes.filter((note) => note.finding === finding.id).map((note) => noteOut(state, note)),
    files: [],
    found_by: test ? [test.test_type.id] : [],
    ...omit(finding, ['notes']),
    test: finding.test,
  };
}

function noteOut(state: DojoState, note: Json): Json {
  const author = { id: state.apiUser.id, username: state.apiUser.username, first_name: '', last_name: '' };
  return { id: note.id, author, editor: null, history: [], note_type: null, entry: note.entry, date: note.date, private: note.private ?? false, edited: false, edit_time: null };
}

function omit(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function productIdOf(state: DojoState, finding: { test: number }): number | undefined {
  const test = state.tests.find((candidate) => candidate.id === finding.test);
  return state.engagements.find((candidate) => candidate.id === test?.engagement)?.product;
}

/** DRF's LimitOffsetPagination: `count`, absolute `next`/`previous` built from the request URL. */
function paginate(items: unknown[], context: RouteContext<DojoState>): ScenarioReply {
  const limit = positiveInt(context.request.query.limit, 25, context.maxPageSize);
  const offset = Math.max(0, Number(context.request.query.offset ?? 0) || 0);
  const link = (at: number): string => {
    const url = new URL(context.selfUrl);
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('offset', String(at));
    return url.toString();
  };
  return {
    status: 200,
    body: { count: items.length, next: offset + limit < items.length ? link(offset + limit) : null, previous: offset > 0 ? link(Math.max(0, offset - limit)) : null, results: items.slice(offset, offset + limit), prefetch: {} },
  };
}

const notFound = (what: string): ScenarioReply => ({ status: 404, body: { detail: `No ${what} matches the given query.` } });
const invalid = (errors: unknown): ScenarioReply => ({ status: 400, body: errors });

function findingById(state: DojoState, id: string): DojoState['findings'][number] | undefined {
  return state.findings.find((finding) => String(finding.id) === id);
}

const booleanFields = ['active', 'verified', 'false_p', 'duplicate', 'out_of_scope', 'risk_accepted', 'under_review', 'is_mitigated'];

const routes: PlatformRoute<DojoState>[] = [
  {
    name: 'listProducts',
    method: 'GET',
    pattern: /^\/api\/v2\/products\/$/,
    handle: (context) => {
      const { name, name_exact: exact } = context.request.query;
      const products = context.state.products.filter(
        (product) => (exact === undefined || product.name.toLowerCase() === exact.toLowerCase()) && (name === undefined || product.name.toLowerCase().includes(name.toLowerCase())),
      );
      return paginate(products.map((product) => productOut(context.state, product)), context);
    },
  },
  {
    name: 'getProduct',
    method: 'GET',
    pattern: /^\/api\/v2\/products\/(\d+)\/$/,
    handle: (context) => {
      const product = context.state.products.find((candidate) => String(candidate.id) === context.params[0]);
      return product ? { status: 200, body: productOut(context.state, product) } : notFound('Product');
    },
  },
  {
    name: 'listFindings',
    method: 'GET',
    pattern: /^\/api\/v2\/findings\/$/,
    handle: (context) => {
      const query = context.request.query;
      const products = query.test__engagement__product?.split(',').map(Number);
      const flag = (key: string): boolean | undefined => (query[key] === undefined ? undefined : query[key] === 'true');
      const findings = context.state.findings.filter(
        (finding) =>
          (products === undefined || products.includes(productIdOf(context.state, finding) ?? -1)) &&
          booleanFields.every((key) => flag(key) === undefined || Boolean(finding[key] ?? (key === 'active')) === flag(key)),
      );
      return paginate(findings.map((finding) => findingOut(context.state, finding, query.related_fields === 'true')), context);
    },
  },
  {
    name: 'getFinding',
    method: 'GET',
    pattern: /^\/api\/v2\/findings\/(\d+)\/$/,
    handle: (context) => {
      const finding = findingById(context.state, context.params[0]!);
      return finding ? { status: 200, body: findingOut(context.state, finding, context.request.query.related_fields === 'true') } : notFound('Finding');
    },
  },
  {
    name: 'patchFinding',
    method: 'PATCH',
    pattern: /^\/api\/v2\/findings\/(\d+)\/$/,
    handle: (context) => patchFinding(context),
  },
  {
    name: 'addNote',
    method: 'POST',
    pattern: /^\/api\/v2\/findings\/(\d+)\/notes\/$/,
    handle: (context) => {
      const finding = findingById(context.state, context.params[0]!);
      if (!finding) {
        return notFound('Finding');
      }
      const body = (context.request.body ?? {}) as Json;
      if (typeof body.entry !== 'string' || body.entry.trim() === '') {
        return invalid({ entry: ['This field is required.'] });
      }
      const note = { id: 900 + context.state.notes.length, finding: finding.id, entry: body.entry, private: body.private === true, date: now };
      context.state.notes.push(note);
      return { status: 201, body: noteOut(context.state, note) };
    },
  },
  {
    name: 'createRiskAcceptance',
    method: 'POST',
    pattern: /^\/api\/v2\/risk_acceptance\/$/,
    handle: (context) => createRiskAcceptance(context),
  },
  {
    name: 'getUserProfile',
    method: 'GET',
    pattern: /^\/api\/v2\/user_profile\/$/,
    handle: (context) => ({ status: 200, body: { user: context.state.apiUser, user_contact_info: null, global_role: null, dojo_group_member: [], product_type_member: [], product_member: [] } }),
  },
];

/** FindingSerializer.validate for a PATCH, then the fields applied (simple risk acceptance included). */
function patchFinding(context: RouteContext<DojoState>): ScenarioReply {
  const finding = findingById(context.state, context.params[0]!);
  if (!finding) {
    return notFound('Finding');
  }
  const body = (context.request.body ?? {}) as Json;
  for (const [key, value] of Object.entries(body)) {
    if (booleanFields.includes(key) && typeof value !== 'boolean') {
      return invalid({ [key]: ['Must be a valid boolean.'] });
    }
  }
  const next = { ...finding, ...body } as Json;
  const product = context.state.products.find((candidate) => candidate.id === productIdOf(context.state, finding));
  if ((next.active || next.verified) && next.duplicate) {
    return invalid({ non_field_errors: ['Duplicate findings cannot be verified or active'] });
  }
  if (next.false_p && next.verified) {
    return invalid({ non_field_errors: ['False positive findings cannot be verified.'] });
  }
  if (next.risk_accepted && !finding.risk_accepted && !product?.enable_simple_risk_acceptance) {
    return invalid({ non_field_errors: ['Simple risk acceptance is disabled for this product, use the UI to accept this finding.'] });
  }
  if (next.active && next.risk_accepted) {
    return invalid({ non_field_errors: ['Active findings cannot be risk accepted.'] });
  }
  Object.assign(finding, body);
  return { status: 200, body: findingOut(context.state, finding, false) };
}

/** RiskAcceptanceSerializer: findings of one engagement, full risk acceptance enabled, an owner; the findings accepted. */
function createRiskAcceptance(context: RouteContext<DojoState>): ScenarioReply {
  const body = (context.request.body ?? {}) as Json;
  const missing = ['name', 'accepted_findings', 'owner'].filter((key) => body[key] === undefined);
  if (missing.length > 0) {
    return invalid(Object.fromEntries(missing.map((key) => [key, ['This field is required.']])));
  }
  if (body.decision !== undefined && !['A', 'V', 'M', 'F', 'T'].includes(String(body.decision))) {
    return invalid({ decision: [`"${String(body.decision)}" is not a valid choice.`] });
  }
  const findings = (body.accepted_findings as unknown[]).map((id) => context.state.findings.find((finding) => finding.id === id));
  if (findings.some((finding) => finding === undefined)) {
    return invalid({ accepted_findings: ['Invalid pk - object does not exist.'] });
  }
  if (body.owner !== context.state.apiUser.id) {
    return invalid({ owner: [`Invalid pk "${String(body.owner)}" - object does not exist.`] });
  }
  const products = new Set(findings.map((finding) => productIdOf(context.state, finding!)));
  const product = context.state.products.find((candidate) => products.has(candidate.id));
  if (products.size > 1) {
    return { status: 403, body: { detail: 'You are not permitted to add findings from multiple engagements' } };
  }
  if (product?.enable_full_risk_acceptance === false) {
    return { status: 403, body: { detail: 'Full risk acceptance is not enabled for this product' } };
  }
  for (const finding of findings) {
    Object.assign(finding!, { risk_accepted: true, active: false });
  }
  const acceptance = {
    id: 40 + context.state.riskAcceptances.length,
    recommendation: body.recommendation ?? 'F',
    decision: body.decision ?? 'A',
    path: 'No proof has been supplied',
    engagement: null,
    notes: [],
    name: body.name,
    recommendation_details: body.recommendation_details ?? null,
    decision_details: body.decision_details ?? null,
    accepted_by: body.accepted_by ?? null,
    expiration_date: body.expiration_date ?? null,
    expiration_date_warned: null,
    expiration_date_handled: null,
    reactivate_expired: true,
    restart_sla_expired: false,
    created: now,
    updated: now,
    owner: body.owner,
    accepted_findings: body.accepted_findings,
  };
  context.state.riskAcceptances.push(acceptance);
  return { status: 201, body: acceptance };
}

/** DRF TokenAuthentication: `Authorization: Token <key>`. */
function isAuthorized(request: IncomingMessage, token: string): boolean {
  return request.headers.authorization === `Token ${token}`;
}

export const defectDojoPlatform: PlatformDefinition<DojoState> = {
  kind: 'defectdojo',
  defaultToken: 'dd-fixture-api-key',
  routes,
  load: (scenario) => {
    const data = copy(scenario as Partial<DojoState>);
    return { apiUser: data.apiUser!, products: data.products ?? [], engagements: data.engagements ?? [], tests: data.tests ?? [], findings: data.findings ?? [], riskAcceptances: [], notes: [] };
  },
  isAuthorized,
  unauthorized: (request) => ({
    status: 401,
    headers: { 'WWW-Authenticate': 'Token' },
    body: { detail: request.headers.authorization?.startsWith('Token ') ? 'Invalid token.' : 'Authentication credentials were not provided.' },
  }),
  notFound: () => ({ status: 404, body: { detail: 'Not found.' } }),
  badRequest: (message) => ({ status: 400, body: { detail: `JSON parse error - ${message}` } }),
  sendsEtags: false,
};
