import type { FilterReason, Priority, Reachability } from '../model/analysis';
import type { Finding } from '../model/finding';
import { ignoreFilePath, type IgnoreEntry } from '../triage/ignoreFile';

/** How a non-open status reads in a filter reason. The backend's `triaged` covers VEX "not affected" decisions. */
const statusWords: Record<Exclude<Finding['status'], 'open' | undefined>, string> = {
  accepted: 'triaged as accepted risk',
  false_positive: 'triaged as false positive',
  triaged: 'triaged as not affected (or under review)',
  fixed: 'marked fixed by the backend',
};

/** The user's filter settings. */
export interface SurfacePolicy {
  minPriority: number;
  showUnreachable: boolean;
  /** `changed`: only what the branch introduces (new or updated against the baseline) is published. */
  scope?: 'all' | 'changed';
}

/** Decides whether a finding is published; when not, says why in one stable reason. */
export function decideFilter(
  finding: Finding,
  hasLocation: boolean,
  isFixedInWorkspace: boolean,
  pendingInstallVersion: string | undefined,
  reachability: Reachability,
  priority: Priority,
  policy: SurfacePolicy,
  ignoredBy?: IgnoreEntry,
  /** What brings the lockfile up to the manifest (`npm install`, `poetry lock`…), for a pending install. */
  lockCommand = 'npm install',
): FilterReason | undefined {
  if (finding.status && finding.status !== 'open') {
    return { code: 'triaged', message: statusWords[finding.status] };
  }
  if (ignoredBy) {
    const until = ignoredBy.expires ? ` until ${ignoredBy.expires.slice(0, 10)}` : '';
    return { code: 'ignored', message: `ignored in ${ignoreFilePath}:${ignoredBy.line}${until}: ${ignoredBy.reason}` };
  }
  if (!hasLocation) {
    return { code: 'not-in-workspace', message: 'not found in this workspace' };
  }
  if (isFixedInWorkspace) {
    return {
      code: 'not-affected',
      message: pendingInstallVersion
        ? `fixed in the manifest (${pendingInstallVersion}); run ${lockCommand} to update the lockfile`
        : 'the installed version is outside the vulnerable range',
    };
  }
  if (!policy.showUnreachable && reachability.tier === 'declared') {
    return { code: 'declared', message: `declared only: ${reachability.summary}` };
  }
  if (!policy.showUnreachable && reachability.tier === 'dev-only') {
    return { code: 'dev-only', message: 'dev-only: not shipped to production' };
  }
  if (reachability.tier === 'indexing') {
    return undefined; // provisional: hiding it now and showing it a moment later would be worse than showing it early
  }
  if (priority.score < policy.minPriority) {
    return { code: 'below-threshold', message: `priority ${priority.score} is below the minimum ${policy.minPriority}` };
  }
  return undefined;
}
