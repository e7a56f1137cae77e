import type { PropertyBag, ReportingDescriptorReference, ReportingDescriptorRelationship, Result, ToolComponentReference } from 'sarif';
import { asArray, asObject, asString, ownValue, type Loose } from './json';
import type { RuleDescriptor } from './rules';

/**
 * The CWE ids of a result, normalized to `CWE-<n>` without leading zeros and in first-seen order, from the places
 * tools put them: tags (`external/cwe/cwe-089` from CodeQL, `CWE-89: Improper Neutralization…` from Semgrep), a
 * `cwe` property (string or list), and taxonomy references to a `CWE` tool component (ZAP `relationships`,
 * result `taxa`).
 */
export function cweOf(rule: RuleDescriptor | undefined, result: Loose<Result>): string[] {
  const candidates: string[] = [];
  for (const properties of [rule?.properties, result.properties]) {
    candidates.push(...strings(asObject<PropertyBag>(properties)?.tags), ...strings(ownValue(properties, 'cwe')));
  }
  const references = [
    ...asArray(rule?.relationships).map((relationship) => asObject<ReportingDescriptorRelationship>(relationship)?.target),
    ...asArray(result.taxa),
  ];
  for (const value of references) {
    const reference = asObject<ReportingDescriptorReference>(value);
    const component = asString(asObject<ToolComponentReference>(reference?.toolComponent)?.name);
    const id = asString(reference?.id) ?? (typeof reference?.id === 'number' ? String(reference.id) : undefined);
    if (component?.toUpperCase() === 'CWE' && id !== undefined) {
      candidates.push(/^\d+$/.test(id) ? `CWE-${id}` : id);
    }
  }
  const ids = candidates.flatMap((candidate) => {
    const match = /^(?:external\/cwe\/)?cwe[-_ ]?0*(\d+)\b/i.exec(candidate.trim());
    return match ? [`CWE-${match[1]}`] : [];
  });
  return [...new Set(ids)];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  return asArray(value).filter((item): item is string => typeof item === 'string');
}
