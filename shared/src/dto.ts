/**
 * Wire DTOs exchanged between the extension and the language server.
 * Plain JSON only: no classes, Maps or Dates (timestamps are ISO strings).
 * These are deliberately not the server's core model; the server maps into them in `lsp/convert.ts`.
 */

/** Overall health shown by the status item. */
export type Health = 'ok' | 'warning' | 'error';

/** Priority band of a finding, derived from its 0–100 score. */
export type PriorityBand = 'critical' | 'high' | 'medium' | 'low';

/** Reachability tier, strongest first. */
export type ReachabilityTier = 'runtime-loaded' | 'symbol-called' | 'imported' | 'declared' | 'dev-only' | 'unknown' | 'indexing';

/** Server → client status of the backend connection and of the analysis. */
export type StatusParams = {
  health: Health;
  /** One short line for the status item. */
  message: string;
  /** Longer explanation for the tooltip (what went wrong, what to do). */
  detail?: string;
  /** ISO time since which shown data is stale (backend unreachable since then). */
  staleSince?: string;
  /** True when the backend rejected or lacks a token: the client offers "Sign in". */
  isSignInRequired?: boolean;
  counts?: { total: number; surfaced: number; filtered: number };
  /** Every configured source (`aspm.sources` and `aspm.backend.url`) with its freshness and failure. */
  sources?: SourceStatusDto[];
};

/** One configured source as the status item and the posture view name it. */
export type SourceStatusDto = {
  /** `kind:url`, the key of its token. */
  id: string;
  kind: string;
  url: string;
  /** The product/project name set for it (`aspm.sources[].project`); else the repository's name is looked up. */
  project?: string;
  /** `DefectDojo (https://dojo.example.com)`. */
  label: string;
  hasToken: boolean;
  /** ISO time of the last pull that answered. */
  lastSuccessAt?: string;
  /** ISO time since which its shown data is stale. */
  staleSince?: string;
  /** Why its last pull failed (`GET /api/v2/products/ answered HTTP 401`). */
  failure?: string;
  findings?: number;
};

/** A 0-based LSP-shaped position range in a file. */
export type RangeDto = {
  start: { line: number; character: number };
  end: { line: number; character: number };
};

export type LocationDto = { uri: string; range: RangeDto };

/** One finding row of the posture tree. */
export type FindingNodeDto = {
  id: string;
  title: string;
  /** Short secondary text, e.g. `lodash@4.17.15 · imported · 72`. */
  description: string;
  /** Markdown tooltip: why it is shown, score factors, links. */
  tooltip: string;
  severity: string;
  priority: { score: number; band: PriorityBand };
  reachability: ReachabilityTier;
  location?: LocationDto;
  advisoryUrl?: string;
  /** Why the finding is hidden from diagnostics; absent when surfaced. */
  filteredReason?: string;
  isFixable: boolean;
  /** Arguments for the triage, ticket and ignore commands on this finding. */
  actions: FindingActionArgs;
};

/** Triage decisions, as the backend API names them (VEX-style `not_affected` needs a justification). */
export type TriageState = 'accepted_risk' | 'false_positive' | 'not_affected' | 'reopen';

/** CycloneDX VEX justifications offered for `not_affected`. */
export const vexJustifications = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/** What the client's finding commands (code actions, tree menu) receive as their argument. */
export type FindingActionArgs = {
  folderUri: string;
  findingId: string;
  serviceId: string;
  title: string;
  /** Only backend findings can be triaged or ticketed; every finding can be ignored locally. */
  isBackendFinding: boolean;
  /** A ready title for a ticket, e.g. `Upgrade lodash to 4.17.19 in node-shop`. */
  suggestedTicketTitle: string;
  /** Pre-selects the decision when the command comes from a specific code action. */
  state?: TriageState;
  /**
   * The advisories the command may act on (a package's advisories, or every finding on a line), highest priority
   * first: "Triage…" asks which, then what to do, and applies the decision to each chosen one.
   */
  advisories?: AdvisoryActionArgs[];
};

/** One advisory a "Triage…" or "Open advisory…" action offers, labelled for a quick pick. */
export type AdvisoryActionArgs = {
  findingId: string;
  serviceId: string;
  /** `CVE-2022-28346`, `GHSA-…`, a rule id. */
  advisoryId: string;
  severity: string;
  title: string;
  /** What it is on: `Django 3.2.12`, `lodash 4.17.11 via sanitize-html`. */
  subject: string;
  isBackendFinding: boolean;
  /** An http(s) link to the advisory, when it has one. */
  advisoryUrl?: string;
  suggestedTicketTitle: string;
};

export type TriageParams = {
  folderUri: string;
  findingId: string;
  state: TriageState;
  justification?: string;
  reason: string;
  /** ISO date-time after which the decision lapses. */
  expiresAt?: string;
};

export type CreateTicketParams = {
  folderUri: string;
  findingIds: string[];
  title: string;
};

/** Outcome of a write to the backend: sent, or kept in the offline queue to be sent later. */
export type WriteOutcome = {
  outcome: 'sent' | 'queued' | 'failed';
  message: string;
  ticket?: { id: string; url?: string };
};

export type IgnoreFindingParams = {
  folderUri: string;
  findingId: string;
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the entry stops hiding the finding. */
  expires?: string;
};

export type PriorityGroupDto = { band: PriorityBand; findings: FindingNodeDto[] };

export type ServiceDto = {
  id: string;
  name: string;
  /** Repository-relative root, `""` for the whole repository. */
  root: string;
  /** Badges such as `internet-facing`, `production`, `pii`. */
  badges: string[];
  dashboardUrl?: string;
};

export type FindingsTreeParams = {
  /** URI of the active editor; selects the service whose root holds it. */
  activeUri?: string;
};

export type FindingsTreeResult = {
  service?: ServiceDto;
  /** Set when there is nothing to show and the user should know why. */
  message?: string;
  summary: {
    total: number;
    surfaced: number;
    byBand: Record<PriorityBand, number>;
    /** Count of hidden findings per reason (e.g. `declared only`). */
    filtered: Record<string, number>;
  };
  groups: PriorityGroupDto[];
  /** Hidden findings, with their reason, for transparency. */
  filteredFindings: FindingNodeDto[];
  staleSince?: string;
};

/**
 * Options the client passes in `initialize`. No secret ever goes here (a trace would record it): the token and the
 * proxy URL travel on the credentials pipe (shared/src/credentials.ts).
 */
export type InitializationOptions = {
  /** Whether the workspace is trusted; untrusted workspaces never contact the backend. */
  isTrusted: boolean;
  /** The extension's global storage folder: last good backend data and the offline triage queue live there. */
  storagePath?: string;
};

export type InventoryParams = {
  /** URI of the active editor: selects the folder and the service whose root holds it (else the first). */
  activeUri?: string;
};

/** One inventory entry: what it is, and the line that declares it. */
export type InventoryItemDto = {
  label: string;
  /** Short secondary text, e.g. `direct` or `pinned by tag`. */
  description?: string;
  location?: LocationDto;
};

/** A control evaluated for the service: pass/fail/unknown (not evaluated)/not-applicable with its evidence. */
export type ControlDto = {
  id: string;
  title: string;
  /** `max-severity`, `sla`, `banned-packages`, `pinned-images` or `max-priority-band`. */
  rule: string;
  /** `organisation policy <id>` or `.aspm/policy.yaml:12`. */
  origin: string;
  originLocation?: LocationDto;
  status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  summary: string;
  evidence: { message: string; findingId?: string; location?: LocationDto }[];
};

/** The asset inventory and controls of one service (`aspm/inventory`). */
export type InventoryResult = {
  service?: { id: string; name: string; root: string };
  /** Set when there is nothing to show and the user should know why. */
  message?: string;
  dependencies: { ecosystem: string; direct: InventoryItemDto[]; transitive: InventoryItemDto[]; dev: InventoryItemDto[] }[];
  images: (InventoryItemDto & { role: 'base' | 'runtime'; pinning: 'digest' | 'tag' | 'unpinned' })[];
  resources: { tool: string; type: string; items: InventoryItemDto[] }[];
  entryPoints: (InventoryItemDto & { kind: 'route' | 'internet-facing'; isPublic?: boolean; isAuthenticated?: boolean })[];
  dataStores: (InventoryItemDto & { kind: string; isPublic: boolean })[];
  controls: ControlDto[];
};

/** What `aspm/export` produces: an SBOM (CycloneDX 1.6 with VEX), OpenVEX, or the evidence report. */
export type ExportFormat = 'cyclonedx' | 'openvex' | 'html' | 'md';

export type ExportParams = {
  folderUri: string;
  format: ExportFormat;
};

/** The document to save, or why there is none. The client writes it where the user chose. */
export type ExportResult = { content: string; suggestedFileName: string } | { error: string };

/** How the posture view groups code findings: by rule with file children, or by file with finding children. */
export type PostureGroupBy = 'rule' | 'file';

/** Finding kinds as the posture view names them. */
export type FindingKindDto = 'sca' | 'container' | 'iac' | 'sast' | 'secret' | 'dast';

/** The user's view filter: every given list keeps only its values; `text` matches ids, titles, packages and paths. */
export type PostureFilter = {
  kinds?: FindingKindDto[];
  tiers?: ReachabilityTier[];
  bands?: PriorityBand[];
  text?: string;
};

/**
 * What the posture view shows when it is empty: the client sets the `aspm.posture.state` context key from it and
 * `viewsWelcome` says what to do next. `findings`: there is something to show (no welcome view).
 */
export type PostureState =
  | 'starting'
  | 'untrusted'
  | 'noBackend'
  | 'signInRequired'
  | 'backendError'
  | 'noRepository'
  | 'noService'
  | 'clean'
  | 'nothingActionable'
  | 'findings';

export type PostureTreeParams = {
  /** URI of the active editor; selects the folder and the service whose root holds it. */
  activeUri?: string;
  /** The node whose children are asked for (a `PostureNodeDto.id`); absent for the top level. */
  parentId?: string;
  groupBy?: PostureGroupBy;
  filter?: PostureFilter;
  /** Also list the findings hidden from diagnostics ("Show all"), each with its reason. */
  includeFiltered?: boolean;
  /** Paging of `parentId`'s children: the first child and how many (default 0 and 200, at most 1000). */
  offset?: number;
  limit?: number;
};

/** One row of the posture view. Groups carry counts; their children are asked for on expand, a page at a time. */
export type PostureNodeDto = {
  id: string;
  kind: 'service' | 'summary' | 'reason' | 'section' | 'group' | 'file' | 'finding' | 'message' | 'sources' | 'source';
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** The band shown (for a group: its highest finding's, as its diagnostic). */
  band?: PriorityBand;
  /** Findings under the node. */
  count?: number;
  /** service, sources, source: its data is the last good copy (the backend or the source is failing). */
  isStale?: boolean;
  hasChildren: boolean;
  /** Whether the client shows it expanded at first. */
  isExpanded?: boolean;
  /** Where a click goes (a finding's location, a package's manifest line, a file). */
  location?: LocationDto;
  /** Set on finding rows: the finding's commands (triage, ignore, advisory link) read it. */
  finding?: FindingNodeDto;
};

/** The folder and service the top level was computed for; the client re-asks only when the active editor leaves it. */
export type PostureScope = {
  folderUri: string;
  serviceId?: string;
  /** Every service of the folder with its repository-relative root (`""` for the whole repository). */
  serviceRoots: { id: string; root: string }[];
};

export type PostureTreeResult = {
  nodes: PostureNodeDto[];
  /** How many children `parentId` has in all (`nodes` is the page asked for). */
  total: number;
  /** Top level only. */
  state?: PostureState;
  /** Top level only: why the view is empty, in one sentence. */
  message?: string;
  scope?: PostureScope;
  /** Top level only: counts before the view filter. */
  counts?: { total: number; surfaced: number; filtered: number; shown: number };
};

/** Params of `aspm/checkCredentials`: the source, and the key of the candidate token sent on the credentials pipe. */
export type CheckCredentialsParams = {
  kind: 'aspm' | 'defectdojo' | 'dependency-track' | 'github';
  url: string;
  candidate: string;
};

/** Why a token check failed: the backend failure kinds, or `noToken` when the candidate never arrived. */
export type CredentialCheckFailure = 'notConfigured' | 'unauthorized' | 'forbidden' | 'unreachable' | 'timeout' | 'rateLimited' | 'badResponse' | 'noToken';

/**
 * Result of `aspm/checkCredentials`. `reached`: the source as users name it (`DefectDojo (https://dojo.example.com)`);
 * `who`: who the token is (`alice`) or what it can see (`2 services`). A failure says what to do in `message`.
 */
export type CheckCredentialsResult =
  | { ok: true; reached: string; who: string }
  | { ok: false; reached: string; kind: CredentialCheckFailure; message: string; status?: number };
