import type { ReportingDescriptor, ReportingDescriptorReference, Result, Run, Tool, ToolComponent, ToolComponentReference } from 'sarif';
import { asArray, asObject, asString, elementAt, type Loose } from './json';

/** A rule's metadata (`reportingDescriptor`), fields unchecked. */
export type RuleDescriptor = Loose<ReportingDescriptor>;

/** The tool components of one run: the driver, then its extensions (CodeQL query packs keep their rules there). */
export interface RunTool {
  name: string;
  driver: Loose<ToolComponent> | undefined;
  extensions: readonly unknown[];
}

/** Reads `run.tool`; a run without a driver name is reported as tool `unknown`. */
export function readRunTool(run: Loose<Run>): RunTool {
  const tool = asObject<Tool>(run.tool);
  const driver = asObject<ToolComponent>(tool?.driver);
  return { name: asString(driver?.name)?.trim() || 'unknown', driver, extensions: asArray(tool?.extensions) };
}

/**
 * The rule a result refers to and its id. Follows SARIF §3.27.6–3.27.7: `result.rule.toolComponent` (by index into
 * `tool.extensions`, else by name or guid) picks the component, defaulting to the driver; `rule.index` or
 * `ruleIndex` picks the rule when its id agrees; otherwise the id is searched in every component, then its
 * hierarchical parent (`CA2101/1` → `CA2101`).
 */
export function findRule(result: Loose<Result>, tool: RunTool): { ruleId?: string; rule?: RuleDescriptor } {
  const reference = asObject<ReportingDescriptorReference>(result.rule);
  const component = componentOf(asObject<ToolComponentReference>(reference?.toolComponent), tool);
  const indexed = asObject<ReportingDescriptor>(elementAt(component?.rules, reference?.index ?? result.ruleIndex));
  const ruleId = asString(result.ruleId) ?? asString(reference?.id) ?? asString(indexed?.id);
  if (indexed && (ruleId === undefined || asString(indexed.id) === undefined || asString(indexed.id) === ruleId)) {
    return { ruleId, rule: indexed };
  }
  if (ruleId === undefined) {
    return {};
  }
  const components = [component, tool.driver, ...tool.extensions.map((extension) => asObject<ToolComponent>(extension))];
  const candidates = components.flatMap((candidate) => asArray(candidate?.rules).map((rule) => asObject<ReportingDescriptor>(rule)));
  const parentId = ruleId.split('/')[0];
  const rule = candidates.find((candidate) => asString(candidate?.id) === ruleId) ?? candidates.find((candidate) => asString(candidate?.id) === parentId);
  return { ruleId, rule };
}

function componentOf(reference: Loose<ToolComponentReference> | undefined, tool: RunTool): Loose<ToolComponent> | undefined {
  if (!reference) {
    return tool.driver;
  }
  const byIndex = asObject<ToolComponent>(elementAt(tool.extensions, reference.index));
  if (byIndex) {
    return byIndex;
  }
  const name = asString(reference.name);
  const guid = asString(reference.guid);
  const byName = tool.extensions
    .map((extension) => asObject<ToolComponent>(extension))
    .find((extension) => extension !== undefined && ((name !== undefined && extension.name === name) || (guid !== undefined && extension.guid === guid)));
  return byName ?? tool.driver;
}
