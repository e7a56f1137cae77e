import { planUpgradeTo } from '../core/analyze';
import { groupFindings, type FindingGroup } from '../core/group/groupFindings';
import { planGroupFixes, type GroupFixes } from '../core/group/groupFixes';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { FolderSession } from './folderSession';

/** Groups already made of a list of findings (one file's, see findingsByPath), shared by hover and diagnostics. */
const groupsOfList = new WeakMap<readonly AnalyzedFinding[], FindingGroup[]>();

/**
 * The surfaced findings of a folder as shown: one group per package version per manifest line, code findings alone.
 * Memoized per list: the lists of one analysis are the same arrays, so hovers and publications group a file once.
 * The groups are shared: callers must not change them.
 */
export function shownGroups(findings: readonly AnalyzedFinding[]): FindingGroup[] {
  let groups = groupsOfList.get(findings);
  if (!groups) {
    groups = groupFindings(findings.filter((analyzed) => analyzed.location !== undefined));
    groupsOfList.set(findings, groups);
  }
  return groups;
}

/** A group's fixes, planned against the folder's current manifests (core/group/groupFixes). */
export function fixesOfGroup(group: FindingGroup, session: FolderSession): GroupFixes {
  const root = session.engine.knownServices.find((service) => service.id === group.serviceId)?.root ?? '';
  const index = session.engine.workspaceIndex();
  return planGroupFixes(group, (version) => planUpgradeTo(group.top.finding, root, index, version));
}
