import type { Finding } from '../../model/finding';
import { osvEcosystemOf } from '../../versions/osvEcosystem';
import { describeAffected } from './describeRange';
import { matchAffected, type AffectedMatch } from './isAffected';
import { normalizePackageName } from './normalizePackageName';
import type { OsvAdvisory, OsvAffected } from './osvAdvisory';
import { toOsvFinding } from './osvFinding';
import { rangeSchemeOf } from './rangeScheme';

/** A package of the workspace to check: ecosystem as OSV spells it or as a purl type. No version, no match. */
export interface InstalledPackage {
  ecosystem: string;
  name: string;
  version?: string;
}

/**
 * Matches installed packages against OSV advisories: one SCA finding per (advisory, package version) that some
 * affected entry includes (see {@link matchAffected}). Withdrawn advisories never match. Ecosystems match in
 * either spelling; names per ecosystem rules (see {@link normalizePackageName}). Findings keep the workspace's
 * spelling of the name, so they correlate with its dependency graph. Order: packages, then advisories, as given.
 */
export function matchAdvisories(packages: readonly InstalledPackage[], advisories: readonly OsvAdvisory[]): Finding[] {
  const index = indexAdvisories(advisories);
  const findings = new Map<string, Finding>();
  for (const pkg of packages) {
    if (!pkg.version) {
      continue;
    }
    for (const { advisory, entries } of index.get(packageKey(pkg.ecosystem, pkg.name)) ?? []) {
      const finding = findingFor(advisory, entries, { ...pkg, version: pkg.version });
      if (finding && !findings.has(finding.id)) {
        findings.set(finding.id, finding);
      }
    }
  }
  return [...findings.values()];
}

function findingFor(advisory: OsvAdvisory, entries: readonly OsvAffected[], pkg: Required<InstalledPackage>): Finding | undefined {
  const matched: [OsvAffected, AffectedMatch][] = [];
  for (const entry of entries) {
    const match = matchAffected(entry, pkg.version);
    if (match) {
      matched.push([entry, match]);
    }
  }
  if (matched.length === 0) {
    return undefined;
  }
  return toOsvFinding({
    advisory,
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: pkg.version,
    entries: matched.map(([entry]) => entry),
    fixedVersions: fixedVersionsAbove(matched, pkg.version),
    vulnerableRange: describeAffected(entries),
  });
}

/**
 * The `fixed` events of the matching ranges that are upgrades from `version`, lowest first. An entry that matched
 * only through its version list offers the fixes of all its ranges.
 */
function fixedVersionsAbove(matched: readonly [OsvAffected, AffectedMatch][], version: string): string[] {
  const fixes: { version: string; compare: (a: string, b: string) => number | undefined }[] = [];
  for (const [entry, match] of matched) {
    for (const range of match.ranges.length > 0 ? match.ranges : entry.ranges) {
      const scheme = rangeSchemeOf(range.type, entry.ecosystem);
      for (const event of range.events) {
        if (scheme && event.kind === 'fixed' && (scheme.compare(event.version, version) ?? 0) > 0) {
          fixes.push({ version: event.version, compare: scheme.compare });
        }
      }
    }
  }
  const unique = [...new Map(fixes.map((fix) => [fix.version, fix])).values()];
  return unique.sort((a, b) => a.compare(a.version, b.version) ?? 0).map((fix) => fix.version);
}

/** Non-withdrawn advisories by package key, each with its entries for that package. */
function indexAdvisories(advisories: readonly OsvAdvisory[]): Map<string, { advisory: OsvAdvisory; entries: OsvAffected[] }[]> {
  const index = new Map<string, { advisory: OsvAdvisory; entries: OsvAffected[] }[]>();
  for (const advisory of advisories) {
    if (advisory.withdrawn) {
      continue;
    }
    const byKey = new Map<string, OsvAffected[]>();
    for (const entry of advisory.affected) {
      const key = packageKey(entry.ecosystem, entry.name);
      byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    for (const [key, entries] of byKey) {
      index.set(key, [...(index.get(key) ?? []), { advisory, entries }]);
    }
  }
  return index;
}

function packageKey(ecosystem: string, name: string): string {
  return `${osvEcosystemOf(ecosystem) ?? ecosystem}\u0000${normalizePackageName(ecosystem, name)}`;
}
