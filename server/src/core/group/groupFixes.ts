import type { AnalyzedFinding, FixPlan, QuickFix } from '../model/analysis';
import { advisoryId } from '../model/finding';
import { builtInQuickFix } from '../fixes/suggestedFix';
import { chooseFixTargets, type FixTarget, type PackageFixTargets } from './fixTargets';
import type { FindingGroup } from './groupFindings';

/** Plans the edit that moves a group's package to a version (an upgrade, or an override of a transitive one). */
export type UpgradePlanner = (version: string) => FixPlan | undefined;

/** A group's fixes: the one to offer first, then alternatives; and the targets they were planned for. */
export interface GroupFixes {
  /** Preferred first (when one version fixes every advisory), then alternatives; none is preferred otherwise. */
  fixes: QuickFix[];
  targets: PackageFixTargets;
  /** The advisories the targets were chosen for: the members and the other advisories still affecting the version. */
  advisoryCount: number;
}

/**
 * The fixes of a package group: the lowest version fixing every advisory on the package version (members and the
 * filtered ones still affecting it), preferred, its title saying "major upgrade" when it crosses a major; when no
 * version fixes all, the version fixing the most, titled so and not preferred; then the alternatives (the lowest
 * version fixing the most severe advisories, the best one without a major upgrade). A code finding keeps its own
 * fix. Pure, given the planner.
 */
export function planGroupFixes(group: FindingGroup, planTo: UpgradePlanner): GroupFixes {
  const advisories = [...group.findings, ...group.others];
  const pkg = group.package;
  if (!pkg) {
    return { fixes: group.top.fix ? [group.top.fix] : [], targets: { isComplete: false, alternatives: [] }, advisoryCount: advisories.length };
  }
  const byId = new Map(advisories.map((analyzed) => [analyzed.finding.id, analyzed]));
  const targets = chooseFixTargets(
    pkg.ecosystem,
    pkg.version,
    advisories.map((analyzed) => ({
      id: analyzed.finding.id,
      severity: analyzed.finding.severity,
      fixedVersions: analyzed.finding.package?.fixedVersions ?? [],
      vulnerableRange: analyzed.finding.package?.vulnerableRange,
    })),
  );
  const fixes: QuickFix[] = [];
  const total = advisories.length;
  const names = (ids: readonly string[]): string => {
    const shown = ids.slice(0, 3).map((id) => advisoryId(byId.get(id)!.finding));
    return `${shown.join(', ')}${ids.length > shown.length ? ` and ${ids.length - shown.length} more` : ''}`;
  };
  const planned = new Set<string>();
  const add = (target: FixTarget, note: string, isPreferred: boolean): void => {
    const plan = planTo(target.version);
    const fix = plan && builtInQuickFix(plan);
    if (!fix || planned.has(fix.title)) {
      return;
    }
    planned.add(fix.title);
    const notes = [...(target.isMajorUpgrade ? ['major upgrade'] : []), ...(note === '' ? [] : [note])];
    fixes.push({ ...fix, title: notes.length > 0 ? `${fix.title} (${notes.join('; ')})` : fix.title, isPreferred: isPreferred && fix.isPreferred });
  };
  const best = targets.best;
  if (best) {
    const note = targets.isComplete
      ? total === 1
        ? ''
        : total === 2
          ? 'fixes both advisories'
          : `fixes all ${total} advisories`
      : `fixes ${best.fixes.length} of ${total} advisories; no known version fixes ${names(best.misses)}`;
    add(best, note, targets.isComplete);
  }
  const severeFixed = (alternative: (typeof targets.alternatives)[number]): string => {
    const count = alternative.fixes.filter((id) => byId.get(id)!.finding.severity === alternative.severity).length;
    return count === 1 ? `fixes the ${alternative.severity} advisory` : `fixes the ${count} ${alternative.severity} advisories`;
  };
  for (const alternative of targets.alternatives) {
    const remaining = alternative.misses.length;
    const note =
      alternative.reason === 'highest-severity'
        ? `${severeFixed(alternative)}; ${remaining} remain`
        : `no major upgrade; fixes ${alternative.fixes.length} of ${total}`;
    add(alternative, note, false);
  }
  return { fixes, targets, advisoryCount: total };
}

/** The advisories of a group the fix targets were chosen for, by finding id. */
export function groupAdvisories(group: FindingGroup): AnalyzedFinding[] {
  return [...group.findings, ...group.others];
}
