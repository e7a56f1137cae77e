import type { Severity } from './severity';

/** A guardrail the organisation set for services (backend `GET /policies`). */
export interface Policy {
  id: string;
  title: string;
  /** `production`: applies only to services deployed to production. */
  environment?: string;
  /** Findings more severe than this violate the policy. */
  maxSeverity?: Severity;
  /** `reachable`: only reachable findings count; otherwise every open finding does. */
  appliesTo?: string;
  /** Days allowed to fix a finding, by severity, counted from when it was first seen. */
  slaDays?: Partial<Record<Severity, number>>;
}

/** How a finding stands against the organisation's policies. */
export interface PolicyVerdict {
  /** Policies the finding breaks. */
  violated: { id: string; title: string }[];
  /** When the finding must be fixed by, per the strictest SLA that applies (ISO date). */
  dueDate?: string;
  isOverdue: boolean;
}
