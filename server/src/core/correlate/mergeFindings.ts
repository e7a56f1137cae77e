import type { Finding, FindingOrigin } from '../model/finding';
import { packageKey } from './locatePackage';

/**
 * Merges findings several sources report for the same issue: same advisory (by id or alias) on the same package
 * version, or same rule on the same file and fingerprint (else line). A report without a package version (GitHub
 * Dependabot names only the package and the vulnerable range) joins the first report of the same advisory on the
 * same package. The first report wins each field; the merged finding keeps every source and every origin.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged: Finding[] = [];
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const keys = identityKeys(finding);
    const existing = lookupKeys(finding).map((key) => byKey.get(key)).find((candidate) => candidate !== undefined);
    if (existing) {
      mergeInto(existing, finding);
      for (const key of identityKeys(existing)) {
        if (!byKey.has(key) || byKey.get(key) === existing) {
          byKey.set(key, existing);
        }
      }
      for (const key of keys) {
        byKey.set(key, existing);
      }
      continue;
    }
    const copy: Finding = { ...finding, sources: [...finding.sources] };
    if (finding.origins) {
      copy.origins = [...finding.origins];
    }
    merged.push(copy);
    for (const key of keys) {
      if (!byKey.has(key)) {
        byKey.set(key, copy);
      }
    }
  }
  return merged;
}

function mergeInto(existing: Finding, finding: Finding): void {
  existing.sources = [...new Set([...existing.sources, ...finding.sources])];
  const origins = mergeOrigins(existing.origins, finding.origins);
  if (origins) {
    existing.origins = origins;
  }
  existing.aliases = unique([...(existing.aliases ?? []), ...(finding.aliases ?? []), ...(finding.ruleId && finding.ruleId !== existing.ruleId ? [finding.ruleId] : [])]);
  existing.cvss ??= finding.cvss;
  existing.epss ??= finding.epss;
  existing.kev = existing.kev || finding.kev;
  existing.suggestedFixes ??= finding.suggestedFixes;
  existing.links = { ...finding.links, ...existing.links };
  if (existing.package && finding.package) {
    // A versionless report learns the version (and gains fixed versions) from a versioned one.
    existing.package = {
      ...existing.package,
      version: existing.package.version ?? finding.package.version,
      purl: existing.package.version === undefined ? finding.package.purl : existing.package.purl,
      fixedVersions: existing.package.fixedVersions.length > 0 ? existing.package.fixedVersions : finding.package.fixedVersions,
      vulnerableRange: existing.package.vulnerableRange ?? finding.package.vulnerableRange,
      vulnerableSymbols: existing.package.vulnerableSymbols ?? finding.package.vulnerableSymbols,
    };
  }
}

function mergeOrigins(left: FindingOrigin[] | undefined, right: FindingOrigin[] | undefined): FindingOrigin[] | undefined {
  if (!right || right.length === 0) {
    return left;
  }
  const all = [...(left ?? [])];
  for (const origin of right) {
    if (!all.some((known) => known.source === origin.source && known.id === origin.id)) {
      all.push(origin);
    }
  }
  return all;
}

/** The keys a finding is known by once merged. */
function identityKeys(finding: Finding): string[] {
  const pkg = finding.package;
  if (pkg) {
    const name = packageKey(pkg.ecosystem, pkg.name);
    return advisoryIds(finding).flatMap((id) => [`pkg:${pkg.ecosystem}/${name}@${pkg.version ?? ''}#${id}`, `pkg:${pkg.ecosystem}/${name}@*#${id}`]);
  }
  const location = finding.location;
  if (location && finding.ruleId) {
    // Either identity merges: scanners that share a fingerprint, or reports of the same rule on the same line.
    const keys = [`code:${finding.ruleId}:${location.path}:line:${location.startLine ?? ''}`];
    if (location.fingerprint) {
      keys.unshift(`code:${finding.ruleId}:${location.path}:fp:${location.fingerprint}`);
    }
    return keys;
  }
  return [`id:${finding.id}`];
}

/**
 * The keys a new finding looks for: its own, and for a versionless package report the advisory on any version of
 * the package. A versioned report also finds a versionless one (`@*` keys are held by the first report, whichever).
 */
function lookupKeys(finding: Finding): string[] {
  const pkg = finding.package;
  if (!pkg) {
    return identityKeys(finding);
  }
  const name = packageKey(pkg.ecosystem, pkg.name);
  return advisoryIds(finding).flatMap((id) => [`pkg:${pkg.ecosystem}/${name}@${pkg.version ?? '*'}#${id}`, ...(pkg.version === undefined ? [] : [`pkg:${pkg.ecosystem}/${name}@#${id}`])]);
}

function advisoryIds(finding: Finding): string[] {
  return unique([finding.ruleId, ...(finding.aliases ?? [])].filter((id): id is string => Boolean(id)).map((id) => id.toUpperCase()));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
