import type { Finding } from '../model/finding';

/**
 * Merges findings several sources report for the same issue: same advisory (by id or alias) on the same package
 * version, or same rule on the same file and fingerprint (else line). The first report wins each field; the merged
 * finding keeps every source.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged: Finding[] = [];
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const keys = identityKeys(finding);
    const existing = keys.map((key) => byKey.get(key)).find((candidate) => candidate !== undefined);
    if (existing) {
      existing.sources = [...new Set([...existing.sources, ...finding.sources])];
      existing.aliases = unique([...(existing.aliases ?? []), ...(finding.aliases ?? []), ...(finding.ruleId && finding.ruleId !== existing.ruleId ? [finding.ruleId] : [])]);
      existing.cvss ??= finding.cvss;
      existing.epss ??= finding.epss;
      existing.kev = existing.kev || finding.kev;
      existing.suggestedFixes ??= finding.suggestedFixes;
      if (existing.package && finding.package) {
        // One source may name the fix or the range another lacks.
        existing.package.fixedVersions = existing.package.fixedVersions.length > 0 ? existing.package.fixedVersions : finding.package.fixedVersions;
        existing.package.vulnerableRange ??= finding.package.vulnerableRange;
      }
      existing.links = { ...finding.links, ...existing.links };
      for (const key of identityKeys(finding)) {
        byKey.set(key, existing);
      }
      continue;
    }
    const copy: Finding = { ...finding, sources: [...finding.sources], ...(finding.package ? { package: { ...finding.package } } : {}) };
    merged.push(copy);
    for (const key of keys) {
      byKey.set(key, copy);
    }
  }
  return merged;
}

function identityKeys(finding: Finding): string[] {
  const pkg = finding.package;
  if (pkg) {
    const advisories = unique([finding.ruleId, ...(finding.aliases ?? [])].filter((id): id is string => Boolean(id)).map((id) => id.toUpperCase()));
    return advisories.map((id) => `pkg:${pkg.ecosystem}/${pkg.name}@${pkg.version ?? ''}#${id}`);
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

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
