import { planUpgradeTo } from '../core/analyze';
import { groupFindings, type FindingGroup } from '../core/group/groupFindings';
import { planGroupFixes, type GroupFixes } from '../core/group/groupFixes';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { FolderSession } from './folderSession';

/** The surfaced findings of a folder as shown: one group per package version per manifest line, code findings alone. */
export function shownGroups(findings: readonly AnalyzedFinding[]): FindingGroup[] {
  return groupFindings(findings.filter((analyzed) => analyzed.location !== undefined));
}

/** A group's fixes, planned against the folder's current manifests (core/group/groupFixes). */
export function fixesOfGroup(group: FindingGroup, session: FolderSession): GroupFixes {
  const root = session.engine.knownServices.find((service) => service.id === group.serviceId)?.root ?? '';
  const index = session.engine.workspaceIndex();
  return planGroupFixes(group, (version) => planUpgradeTo(group.top.finding, root, index, version));
}
