import type { ServiceData } from '../core/analyze';
import type { Exposure } from '../core/model/exposure';
import type { Finding, FindingOrigin } from '../core/model/finding';
import type { ReachabilityTier } from '../core/model/analysis';
import type { Policy } from '../core/model/policy';
import type { Service } from '../core/model/service';
import type { BackendError } from './backendError';

// The contract of the platforms findings are pulled from and written to (the ASPM backend, DefectDojo,
// Dependency-Track, GitHub): backend/ implements it, the engine pulls through it. The folder's other ports
// (disk, indexer, stores, the host) are in ports.ts.

/** Result of one service's findings pull: the valid findings plus what was dropped and why. */
export interface FindingsPage {
  findings: Finding[];
  /** Findings that failed validation, one message each (the rest are kept). */
  problems: string[];
  /** Ids of the findings that failed validation, so their last good versions can be kept. */
  invalidIds?: string[];
}

/** A triage decision as the user made it; the ASPM API takes it as is (`POST /findings/{id}/triage`). */
export interface TriageDecision {
  state: 'accepted_risk' | 'false_positive' | 'not_affected' | 'reopen';
  /** CycloneDX VEX justification of a `not_affected` decision (`code_not_reachable`, `requires_configuration`…). */
  justification?: string;
  reason: string;
  /** ISO date until which an accepted risk holds. */
  expiresAt?: string;
}

/** A ticket request as the ASPM API takes it (`POST /tickets`). */
export interface TicketRequest {
  findingIds: string[];
  title: string;
  body?: string;
}

/**
 * A triage decision to write to a source, with the workspace's verdict the user confirmed. The platforms' own
 * vocabularies are derived from it by each adapter (README of server/src/backend).
 */
export interface TriageWrite extends TriageDecision {
  /** The reachability verdict shown to the user: its tier, summary and evidence lines (`path:line: message`). */
  verdict: { tier: ReachabilityTier; summary: string; evidence: string[] };
}

/** What a source did with a decision: written, or deliberately not written (the message says why). */
export interface WriteResult {
  outcome: 'sent' | 'skipped';
  message: string;
}

/** A platform findings are pulled from (the ASPM backend, DefectDojo, Dependency-Track, GitHub). Methods reject with a BackendError. */
export interface FindingsBackend {
  listServices(repository: string): Promise<Service[]>;
  listFindings(serviceId: string): Promise<FindingsPage>;
  /** `undefined` when the backend has no exposure data for the service. */
  getExposure(serviceId: string): Promise<Exposure | undefined>;
  /** The service's findings as SARIF, when the backend stores them that way; undefined when it has none. */
  getSarifFindings?(serviceId: string): Promise<FindingsPage | undefined>;
  /** The organisation's policies for a service; empty when it has none. */
  listPolicies?(serviceId: string): Promise<Policy[]>;
  /** Writes a triage decision to the finding this source holds (`origin` is one of the finding's origins). */
  writeTriage?(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult>;
}

/** The platforms findings can be pulled from. */
export type SourceKind = 'aspm' | 'defectdojo' | 'dependency-track' | 'github';

/** Every source kind, in the order help texts list them. */
export const sourceKinds: readonly SourceKind[] = ['aspm', 'defectdojo', 'dependency-track', 'github'];

/** How users name each platform. */
export const sourceKindLabels: Record<SourceKind, string> = {
  aspm: 'ASPM backend',
  defectdojo: 'DefectDojo',
  'dependency-track': 'Dependency-Track',
  github: 'GitHub',
};

/**
 * One configured source, as the `aspm.sources` setting and the CLI's `--source KIND=URL` give it. `project`
 * overrides the DefectDojo product, Dependency-Track project or GitHub `owner/repo` (default: from the repository).
 */
export interface SourceConfig {
  kind: SourceKind;
  url: string;
  project?: string;
}

/** A stable id for a source: its kind and URL (no trailing slash). Tokens and caches are kept per id. */
export function sourceIdOf(config: Pick<SourceConfig, 'kind' | 'url'>): string {
  return `${config.kind}:${config.url.trim().replace(/\/+$/, '')}`;
}

/**
 * Finds the token of a source, by its id (VS Code: SecretStorage per source; CLI: the platform's environment
 * variable). Undefined when there is none; the source is then asked without one and says what it needs.
 */
export type CredentialsLookup = (source: { id: string; kind: SourceKind; url: string }) => string | undefined | Promise<string | undefined>;

/** A source ready to pull from and write to. */
export interface SourceHandle {
  id: string;
  kind: SourceKind;
  /** `DefectDojo (https://dojo.example.com)`, for messages. */
  label: string;
  backend: FindingsBackend;
}

/** State of the backend data: when it was last good and what failed since. */
export interface BackendState {
  lastSuccessAt?: Date;
  /** Set while the last pull failed and older data is being served. */
  staleSince?: Date;
  lastFailure?: BackendError;
  /** Findings dropped by validation in the last pull (the rest were kept). */
  droppedFindings: string[];
}

/** The backend data of a repository as persisted between sessions (one per source). Plain JSON. */
export interface BackendSnapshot {
  savedAt: string;
  services: ServiceData[];
}

/** One source's freshness, for the posture view and the CLI. */
export interface SourceStatus extends BackendState {
  id: string;
  label: string;
  findings: number;
}

/** A source as the store pulls it: its id, a label for messages, and its client. */
export interface PulledSource {
  id: string;
  label: string;
  backend: FindingsBackend;
}

/** What one pull of every source did. */
export interface SourcesPull {
  /** Every source answered. */
  ok: boolean;
  /** No source's data changed (every page revalidated unchanged). */
  isUnchanged: boolean;
  failures: { id: string; label: string; failure: BackendError }[];
}

/** What only the ASPM backend takes besides pulls: decisions by finding id and tickets. Rejects with a BackendError. */
export interface AspmWrites {
  triage(findingId: string, decision: TriageDecision): Promise<void>;
  createTicket(ticket: TicketRequest): Promise<{ id: string; url?: string }>;
}
