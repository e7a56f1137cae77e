import type {
  FindingKindDto,
  FindingNodeDto,
  FindingsTreeResult,
  PostureFilter,
  PostureGroupBy,
  PostureNodeDto,
  PostureScope,
  PostureState,
  PostureTreeParams,
  PostureTreeResult,
  PriorityBand,
  ReachabilityTier,
  ServiceDto,
  SourceStatusDto,
} from '../../../shared/src/dto';
import { escapeMarkdown, markdownLink, safeWebUrl } from '../../../shared/src/markdown';
import type { AnalyzedFinding, FilterReason } from '../core/model/analysis';
import type { ServiceData } from '../core/analyze';
import { serviceForPath } from '../core/model/service';
import { advisoryId } from '../core/model/finding';
import { toPlainLine } from '../core/model/plainText';
import { fixedVersionsOf } from '../core/fixes/lowestFixedVersion';
import { localServiceId } from '../engine/workspaceEngine';
import { findingActionArgs, toFindingNode } from './convert';
import type { FolderSession } from './folderSession';
import { noCheckpoint, type Checkpoint } from './cancellation';

const bands: PriorityBand[] = ['critical', 'high', 'medium', 'low'];

/** The posture of the service whose root holds the active file (else the folder's first service). */
export function findingsTreeFor(
  session: FolderSession | undefined,
  activePath: string | undefined,
  services: { data: ServiceData; findings: AnalyzedFinding[] }[],
  staleSince: Date | undefined,
  emptyMessage: string,
): FindingsTreeResult {
  const empty: FindingsTreeResult = {
    message: emptyMessage,
    summary: { total: 0, surfaced: 0, byBand: { critical: 0, high: 0, medium: 0, low: 0 }, filtered: {} },
    groups: [],
    filteredFindings: [],
  };
  if (!session || services.length === 0) {
    return empty;
  }
  const chosen =
    (activePath !== undefined ? serviceForPath(services.map((entry) => ({ ...entry, root: entry.data.service.root })), activePath) : undefined) ??
    services[0]!;
  const uriOf = (path: string): string => session.uriOf(path);
  const node = (finding: AnalyzedFinding) => toFindingNode(finding, uriOf, findingActionArgs(finding, session.uri, chosen.data.service.name));
  const surfaced = chosen.findings.filter((finding) => finding.isSurfaced);
  const hidden = chosen.findings.filter((finding) => !finding.isSurfaced);
  const filtered: Record<string, number> = {};
  for (const finding of hidden) {
    const label = finding.filterReason?.code ?? 'other';
    filtered[label] = (filtered[label] ?? 0) + 1;
  }
  const byBand = Object.fromEntries(bands.map((band) => [band, surfaced.filter((finding) => finding.priority.band === band).length])) as Record<PriorityBand, number>;
  return {
    service: toServiceDto(chosen.data),
    summary: { total: chosen.findings.length, surfaced: surfaced.length, byBand, filtered },
    groups: bands
      .map((band) => ({ band, findings: surfaced.filter((finding) => finding.priority.band === band).map(node) }))
      .filter((group) => group.findings.length > 0),
    filteredFindings: hidden.map(node),
    staleSince: staleSince?.toISOString(),
    message: chosen.findings.length === 0 ? `No open findings for ${chosen.data.service.name}.` : undefined,
  };
}

function toServiceDto(data: ServiceData): ServiceDto {
  const { service, exposure } = data;
  const badges: string[] = [];
  if (exposure.isInternetFacing) {
    badges.push('internet-facing');
  } else if (exposure.audience === 'external') {
    badges.push('external audience');
  }
  if (exposure.environments.some((environment) => environment.kind === 'production')) {
    badges.push('production');
  }
  badges.push(...exposure.dataClasses);
  if (service.businessCriticality) {
    badges.push(`criticality: ${service.businessCriticality}`);
  }
  return { id: service.id, name: service.name, root: service.root, badges, dashboardUrl: safeWebUrl(service.dashboardUrl) };
}

/** Rows per page of a node's children: the first page of every group, and each "Show more". */
export const postureTreePageSize = 200;
const maxPageSize = 1000;

const bandRank: Record<PriorityBand, number> = { critical: 3, high: 2, medium: 1, low: 0 };
const tierRank: Record<ReachabilityTier, number> = { 'runtime-loaded': 5, 'symbol-called': 4, imported: 3, declared: 2, 'dev-only': 1, unknown: 0, indexing: 0 };
const sectionOrder: FindingKindDto[] = ['sca', 'container', 'iac', 'sast', 'secret', 'dast'];
const sectionLabels: Record<FindingKindDto, string> = {
  sca: 'Dependencies',
  container: 'Container images',
  iac: 'Infrastructure as code',
  sast: 'Code',
  secret: 'Secrets',
  dast: 'Running application (DAST)',
};
const reasonLabels: Record<FilterReason['code'] | 'other', string> = {
  triaged: 'triaged',
  ignored: 'ignored',
  'not-in-workspace': 'not in workspace',
  'not-affected': 'not affected',
  declared: 'declared',
  'dev-only': 'dev-only',
  'below-threshold': 'below threshold',
  unchanged: 'unchanged',
  other: 'other',
};

/** What the view's emptiness depends on besides the findings: trust, settings, the token, the last backend failure. */
export type PostureEnvironment = {
  isTrusted: boolean;
  hasBackendUrl: boolean;
  hasToken: boolean;
  repository?: string;
  failure?: { kind: string; message: string };
  /** The folder's configured sources with their freshness and failure: the "Sources" row lists them. */
  sources?: readonly SourceStatusDto[];
};

type Group = {
  id: string;
  label: string;
  description: string;
  findings: AnalyzedFinding[];
  band: PriorityBand;
  score: number;
  /** Made only when the row is sent: most groups of a large posture are never shown. */
  tooltip: () => string;
};

/** The grouped view of one service's findings under one set of view options; cached while the analysis is unchanged. */
type PostureIndex = {
  sections: { kind: FindingKindDto; groups: Group[]; count: number }[];
  groupsById: Map<string, Group>;
  /** Unsorted: {@link sortedFindings} orders a list when a page of it is asked. */
  reasons: { code: string; findings: AnalyzedFinding[]; first: AnalyzedFinding }[];
  surfaced: number;
  shown: number;
};

const indexCache = new WeakMap<AnalyzedFinding[], { key: string; index: PostureIndex }>();

/** The band of a set of findings: its highest finding's, as the grouped diagnostic of a package takes. */
export function highestBand(findings: readonly AnalyzedFinding[]): PriorityBand {
  return findings.reduce<PriorityBand>((best, finding) => (bandRank[finding.priority.band] > bandRank[best] ? finding.priority.band : best), 'low');
}

/** The strongest reachability tier of a set of findings. */
export function strongestTier(findings: readonly AnalyzedFinding[]): ReachabilityTier {
  return findings.reduce<ReachabilityTier>((best, finding) => (tierRank[finding.reachability.tier] > tierRank[best] ? finding.reachability.tier : best), 'unknown');
}

/** Whether a finding passes the user's view filter. */
export function matchesFilter(analyzed: AnalyzedFinding, filter: PostureFilter | undefined): boolean {
  if (!filter) {
    return true;
  }
  const { finding } = analyzed;
  if (filter.kinds?.length && !filter.kinds.includes(sectionOf(analyzed))) {
    return false;
  }
  if (filter.tiers?.length && !filter.tiers.includes(analyzed.reachability.tier)) {
    return false;
  }
  if (filter.bands?.length && !filter.bands.includes(analyzed.priority.band)) {
    return false;
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = [advisoryId(finding), finding.id, finding.title, finding.package?.name, finding.package?.version, analyzed.location?.path ?? finding.location?.path, ...(finding.aliases ?? [])]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    return haystack.includes(text);
  }
  return true;
}

function sectionOf(analyzed: AnalyzedFinding): FindingKindDto {
  return analyzed.finding.kind;
}

function pathOf(analyzed: AnalyzedFinding): string | undefined {
  return analyzed.location?.path ?? analyzed.finding.location?.path;
}

function lineOf(analyzed: AnalyzedFinding): number | undefined {
  if (analyzed.location) {
    return analyzed.location.range.start.line + 1;
  }
  return analyzed.finding.location?.startLine;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Highest band first, then highest score, then the finding id (stable order across pages). */
function compareFindings(a: AnalyzedFinding, b: AnalyzedFinding): number {
  return (
    bandRank[b.priority.band] - bandRank[a.priority.band] ||
    b.priority.score - a.priority.score ||
    (pathOf(a) ?? '').localeCompare(pathOf(b) ?? '') ||
    (lineOf(a) ?? 0) - (lineOf(b) ?? 0) ||
    a.finding.id.localeCompare(b.finding.id)
  );
}

/** Lists already in {@link compareFindings} order. */
const sortedLists = new WeakSet<AnalyzedFinding[]>();

/**
 * A group's or a reason's findings in view order, sorted the first time a page of them is asked: most of the
 * thousands of groups of a large posture are never opened.
 */
function sortedFindings(list: AnalyzedFinding[]): AnalyzedFinding[] {
  if (!sortedLists.has(list)) {
    list.sort(compareFindings);
    sortedLists.add(list);
  }
  return list;
}

/** The finding a sorted list would start with, without sorting it. */
function firstOf(list: readonly AnalyzedFinding[]): AnalyzedFinding {
  return list.reduce((best, analyzed) => (compareFindings(analyzed, best) < 0 ? analyzed : best));
}

function packageVersionOf(analyzed: AnalyzedFinding): string | undefined {
  return analyzed.package?.version ?? analyzed.finding.package?.version;
}

/** The group a finding belongs to, by package version (dependencies) or by rule (everything else). */
function groupKeyOf(analyzed: AnalyzedFinding, kind: FindingKindDto): { key: string; isPackage: boolean } {
  const ref = analyzed.finding.package;
  if (ref && (kind === 'sca' || kind === 'container')) {
    return { key: `${ref.ecosystem}:${ref.name}@${packageVersionOf(analyzed) ?? ''}`, isPackage: true };
  }
  return { key: analyzed.finding.ruleId ?? analyzed.finding.title, isPackage: false };
}

function packageGroup(id: string, findings: AnalyzedFinding[]): Group {
  const first = firstOf(findings);
  const ref = first.finding.package!;
  const version = packageVersionOf(first);
  const tier = strongestTier(findings);
  const band = highestBand(findings);
  const path = pathOf(first);
  const line = lineOf(first);
  const tooltip = (): string => {
    const rows = sortedFindings(findings).slice(0, 20).map((analyzed) => `| ${escapeMarkdown(advisoryId(analyzed.finding))} | ${escapeMarkdown(analyzed.finding.severity)} | ${analyzed.priority.score} (${analyzed.priority.band}) | ${escapeMarkdown(fixedInOf(analyzed) ?? '—')} |`);
    const more = findings.length > rows.length ? [`\n… and ${findings.length - rows.length} more`] : [];
    return [
      `**${escapeMarkdown(ref.name)}${version ? ` ${escapeMarkdown(version)}` : ''}** (${escapeMarkdown(ref.ecosystem)}) · priority band ${band} · reachability ${tier}`,
      '',
      '| Advisory | Severity | Priority | Fixed in |',
      '|---|---|---|---|',
      ...rows,
      ...more,
    ].join('\n');
  };
  return {
    id,
    label: toPlainLine(`${ref.name}${version ? ` ${version}` : ''} · ${plural(findings.length, 'advisory', 'advisories')} · ${tier}`),
    description: toPlainLine([band, path ? `${baseName(path)}${line ? `:${line}` : ''}` : undefined].filter(Boolean).join(' · ')),
    findings,
    band,
    score: highestScore(findings),
    tooltip,
  };
}

function ruleGroup(id: string, findings: AnalyzedFinding[]): Group {
  const first = firstOf(findings);
  const band = highestBand(findings);
  const files = new Set(findings.map((analyzed) => pathOf(analyzed) ?? ''));
  const where = files.size === 1 ? `in ${baseName([...files][0]!) || 'no file'}` : `in ${files.size} files`;
  const rule = first.finding.ruleId;
  return {
    id,
    label: toPlainLine(`${first.finding.title} · ${findings.length} ${where}`),
    description: toPlainLine([band, rule].filter(Boolean).join(' · ')),
    findings,
    band,
    score: highestScore(findings),
    tooltip: () => `**${escapeMarkdown(first.finding.title)}**${rule ? ` (${escapeMarkdown(rule)})` : ''}\n\n${plural(findings.length, 'finding')} ${where} · priority band ${band}`,
  };
}

function fileGroup(id: string, path: string, findings: AnalyzedFinding[]): Group {
  const band = highestBand(findings);
  return {
    id,
    label: toPlainLine(`${path ? baseName(path) : '(no file)'} · ${findings.length}`),
    description: toPlainLine([band, dirName(path)].filter(Boolean).join(' · ')),
    findings,
    band,
    score: highestScore(findings),
    tooltip: () => `**${escapeMarkdown(path || '(no file)')}**\n\n${plural(findings.length, 'finding')} · priority band ${band}`,
  };
}

/** The highest priority score of a group (a loop: a spread of tens of thousands of arguments overflows the stack). */
function highestScore(findings: readonly AnalyzedFinding[]): number {
  let highest = -Infinity;
  for (const analyzed of findings) {
    highest = Math.max(highest, analyzed.priority.score);
  }
  return highest;
}

function fixedInOf(analyzed: AnalyzedFinding): string | undefined {
  const ref = analyzed.finding.package;
  if (!ref) {
    return undefined;
  }
  const fixed = fixedVersionsOf(ref.ecosystem, ref.fixedVersions, ref.vulnerableRange);
  return fixed.length > 0 ? fixed.join(', ') : undefined;
}

/** Groups one service's findings for the view: sections by kind, groups by package/rule or by file, reasons. */
export async function buildPostureIndex(findings: readonly AnalyzedFinding[], groupBy: PostureGroupBy, filter: PostureFilter | undefined, includeFiltered: boolean, checkpoint: Checkpoint = noCheckpoint): Promise<PostureIndex> {
  const hidden = findings.filter((analyzed) => !analyzed.isSurfaced);
  const listed = findings.filter((analyzed) => (includeFiltered || analyzed.isSurfaced) && matchesFilter(analyzed, filter));
  const bySection = new Map<FindingKindDto, Map<string, { findings: AnalyzedFinding[]; isPackage: boolean; path: string }>>();
  for (const analyzed of listed) {
    await checkpoint();
    const kind = sectionOf(analyzed);
    const groups = bySection.get(kind) ?? new Map();
    bySection.set(kind, groups);
    const { key, isPackage } = groupBy === 'file' ? { key: pathOf(analyzed) ?? '', isPackage: false } : groupKeyOf(analyzed, kind);
    const entry = groups.get(key) ?? { findings: [], isPackage, path: key };
    groups.set(key, entry);
    entry.findings.push(analyzed);
  }
  const groupsById = new Map<string, Group>();
  const sections: PostureIndex['sections'] = [];
  for (const kind of sectionOrder) {
    const entries = bySection.get(kind);
    if (!entries) {
      continue;
    }
    const groups: Group[] = [];
    for (const [key, entry] of entries) {
      await checkpoint();
      const id = `${groupBy === 'file' ? 'file' : 'group'}:${kind}:${key}`;
      groups.push(groupBy === 'file' ? fileGroup(id, entry.path, entry.findings) : entry.isPackage ? packageGroup(id, entry.findings) : ruleGroup(id, entry.findings));
    }
    groups.sort((a, b) => bandRank[b.band] - bandRank[a.band] || b.score - a.score || b.findings.length - a.findings.length || a.label.localeCompare(b.label));
    for (const group of groups) {
      groupsById.set(group.id, group);
    }
    sections.push({ kind, groups, count: groups.reduce((sum, group) => sum + group.findings.length, 0) });
  }
  const reasons = new Map<string, AnalyzedFinding[]>();
  for (const analyzed of hidden) {
    await checkpoint();
    const code = analyzed.filterReason?.code ?? 'other';
    const list = reasons.get(code);
    if (list) {
      list.push(analyzed);
    } else {
      reasons.set(code, [analyzed]);
    }
  }
  return {
    sections,
    groupsById,
    reasons: [...reasons].map(([code, list]) => ({ code, findings: list, first: firstOf(list) })).sort((a, b) => b.findings.length - a.findings.length),
    surfaced: findings.length - hidden.length,
    shown: listed.length,
  };
}

async function cachedIndex(findings: AnalyzedFinding[], groupBy: PostureGroupBy, filter: PostureFilter | undefined, includeFiltered: boolean, checkpoint: Checkpoint): Promise<PostureIndex> {
  const key = JSON.stringify([groupBy, filter ?? null, includeFiltered]);
  const cached = indexCache.get(findings);
  if (cached?.key === key) {
    return cached.index;
  }
  const index = await buildPostureIndex(findings, groupBy, filter, includeFiltered, checkpoint);
  indexCache.set(findings, { key, index });
  return index;
}

function isFilterActive(filter: PostureFilter | undefined): boolean {
  return Boolean(filter && (filter.kinds?.length || filter.tiers?.length || filter.bands?.length || filter.text?.trim()));
}

/** Why the view is empty, and the sentence that says so, when the service has no finding at all. */
export function emptyPostureState(environment: PostureEnvironment, hasBackendService: boolean): { state: PostureState; message: string } {
  const { failure } = environment;
  if (!environment.isTrusted) {
    return { state: 'untrusted', message: 'Workspace not trusted: the backend is not contacted.' };
  }
  if (!environment.hasBackendUrl) {
    return { state: 'noBackend', message: 'No backend configured: built-in IaC rules, secret detection, local SARIF and OSV found nothing.' };
  }
  if (failure?.kind === 'unauthorized' || failure?.kind === 'forbidden' || !environment.hasToken) {
    return { state: 'signInRequired', message: failure ? `Backend: ${failure.message}` : 'Sign in to the ASPM backend to see its findings.' };
  }
  if (failure && failure.kind !== 'notConfigured') {
    return { state: 'backendError', message: `Backend: ${failure.message}` };
  }
  if (!environment.repository) {
    return { state: 'noRepository', message: 'No repository identity: set "aspm.repository" or add a git remote "origin".' };
  }
  if (!hasBackendService) {
    return { state: 'noService', message: `No service of ${environment.repository} is known to the backend.` };
  }
  return { state: 'clean', message: 'No open findings.' };
}

function paged<T>(items: readonly T[], params: PostureTreeParams): T[] {
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const limit = Math.min(maxPageSize, Math.max(1, Math.floor(params.limit ?? postureTreePageSize)));
  return items.slice(offset, offset + limit);
}

/**
 * One page of the posture view (`aspm/postureTree`): the top level (service, summary, one section per finding kind,
 * with counts) or the children of one node. Nothing but the asked page is converted, so the answer stays small
 * whatever the number of findings.
 */
export async function postureTreeFor(
  session: FolderSession | undefined,
  activePath: string | undefined,
  services: { data: ServiceData; findings: AnalyzedFinding[] }[],
  params: PostureTreeParams,
  environment: PostureEnvironment,
  staleSince: Date | undefined,
  checkpoint: Checkpoint = noCheckpoint,
): Promise<PostureTreeResult> {
  if (!session) {
    return { nodes: [], total: 0, state: 'starting', message: 'ASPM is starting…' };
  }
  const chosen =
    (activePath !== undefined ? serviceForPath(services.map((entry) => ({ ...entry, root: entry.data.service.root })), activePath) : undefined) ?? services[0];
  const scope: PostureScope = { folderUri: session.uri, serviceId: chosen?.data.service.id, serviceRoots: services.map((entry) => ({ id: entry.data.service.id, root: entry.data.service.root })) };
  const groupBy = params.groupBy === 'file' ? 'file' : 'rule';
  const includeFiltered = params.includeFiltered === true;
  const findings = chosen?.findings ?? [];
  const index = await cachedIndex(findings, groupBy, params.filter, includeFiltered, checkpoint);
  const uriOf = (path: string): string => session.uriOf(path);
  const leaf = (parentId: string, analyzed: AnalyzedFinding): PostureNodeDto =>
    findingRow(parentId, analyzed, groupBy, toFindingNode(analyzed, uriOf, findingActionArgs(analyzed, session.uri, chosen!.data.service.name)));

  if (params.parentId !== undefined) {
    return postureChildren(params.parentId, index, environment, params, leaf);
  }

  const hiddenCount = findings.length - index.surfaced;
  const counts = { total: findings.length, surfaced: index.surfaced, filtered: hiddenCount, shown: index.shown };
  const isViewFiltered = isFilterActive(params.filter);
  let state: PostureState = 'findings';
  let message: string | undefined;
  if (findings.length === 0) {
    ({ state, message } = emptyPostureState(environment, chosen !== undefined && chosen.data.service.id !== localServiceId));
  } else if (index.surfaced === 0 && !includeFiltered) {
    state = 'nothingActionable';
    message = `Nothing actionable: ${plural(hiddenCount, 'finding is', 'findings are')} filtered (${reasonSummary(index)}).`;
  }
  if (state !== 'findings' && !(isViewFiltered && findings.length > 0)) {
    return { nodes: [], total: 0, state, message, scope, counts };
  }
  const nodes: PostureNodeDto[] = [];
  if (chosen && chosen.data.service.id !== localServiceId) {
    nodes.push(serviceRow(chosen.data, staleSince));
  }
  nodes.push({
    id: 'summary',
    kind: 'summary',
    label: `${index.shown} shown · ${hiddenCount} filtered${hiddenCount > 0 ? ` (${reasonSummary(index)})` : ''}`,
    description: isViewFiltered ? `${findings.length - index.shown - (includeFiltered ? 0 : hiddenCount)} hidden by the view filter` : includeFiltered ? 'including filtered' : undefined,
    tooltip: `${index.surfaced} of ${findings.length} findings are actionable; expand to see the filtered ones by reason.`,
    count: hiddenCount,
    hasChildren: hiddenCount > 0,
  });
  for (const section of index.sections) {
    nodes.push({
      id: `section:${section.kind}`,
      kind: 'section',
      label: `${sectionLabels[section.kind]} · ${section.count}`,
      description: groupBy === 'file' ? `in ${plural(section.groups.length, 'file')}` : section.kind === 'sca' || section.kind === 'container' ? plural(section.groups.length, 'package') : plural(section.groups.length, 'rule'),
      band: section.groups.reduce<PriorityBand>((best, group) => (bandRank[group.band] > bandRank[best] ? group.band : best), 'low'),
      count: section.count,
      hasChildren: true,
      isExpanded: true,
    });
  }
  if (index.sections.length === 0) {
    nodes.push({ id: 'message', kind: 'message', label: isViewFiltered ? 'No finding matches the view filter.' : 'No finding to show.', hasChildren: false });
  }
  if (environment.sources && environment.sources.length > 0) {
    nodes.push(sourcesRow(environment.sources));
  }
  return { nodes, total: nodes.length, state: 'findings', scope, counts };
}

/** One page of the children of a node of the posture view. */
function postureChildren(
  parentId: string,
  index: PostureIndex,
  environment: PostureEnvironment,
  params: PostureTreeParams,
  leaf: (parentId: string, analyzed: AnalyzedFinding) => PostureNodeDto,
): PostureTreeResult {
  if (parentId === 'sources') {
    const nodes = (environment.sources ?? []).map(sourceRow);
    return { nodes: paged(nodes, params), total: nodes.length };
  }
  if (parentId === 'summary') {
    const nodes = index.reasons.map(
      (reason): PostureNodeDto => ({ id: `reason:${reason.code}`, kind: 'reason', label: `${capitalize(reasonLabels[reason.code as FilterReason['code']] ?? reason.code)} · ${reason.findings.length}`, tooltip: escapeMarkdown(reason.first.filterReason?.message ?? ''), count: reason.findings.length, hasChildren: true }),
    );
    return { nodes: paged(nodes, params), total: nodes.length };
  }
  if (parentId.startsWith('reason:')) {
    const reason = index.reasons.find((entry) => `reason:${entry.code}` === parentId);
    const list = reason ? sortedFindings(reason.findings) : [];
    return { nodes: paged(list, params).map((analyzed) => leaf(parentId, analyzed)), total: list.length };
  }
  if (parentId.startsWith('section:')) {
    const section = index.sections.find((entry) => `section:${entry.kind}` === parentId);
    const groups = section?.groups ?? [];
    return { nodes: paged(groups, params).map(groupRow), total: groups.length };
  }
  const group = index.groupsById.get(parentId);
  const list = group ? sortedFindings(group.findings) : [];
  return { nodes: paged(list, params).map((analyzed) => leaf(parentId, analyzed)), total: list.length };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function reasonSummary(index: PostureIndex): string {
  const parts = index.reasons.map((reason) => `${reasonLabels[reason.code as FilterReason['code']] ?? reason.code} ${reason.findings.length}`);
  return parts.length > 4 ? `${parts.slice(0, 4).join(', ')}, …` : parts.join(', ');
}

function groupRow(group: Group): PostureNodeDto {
  return {
    id: group.id,
    kind: group.id.startsWith('file:') ? 'file' : 'group',
    label: group.label,
    description: group.description,
    tooltip: group.tooltip(),
    band: group.band,
    count: group.findings.length,
    hasChildren: true,
  };
}

/** A finding row: the advisory id first under a package, the file and line under a rule, the line and rule under a file. */
function findingRow(parentId: string, analyzed: AnalyzedFinding, groupBy: PostureGroupBy, node: FindingNodeDto): PostureNodeDto {
  const { finding, priority } = analyzed;
  const path = pathOf(analyzed);
  const line = lineOf(analyzed);
  const where = path ? `${baseName(path)}${line ? `:${line}` : ''}` : '(no file)';
  const id = advisoryId(finding);
  const filtered = analyzed.filterReason ? `filtered: ${reasonLabels[analyzed.filterReason.code]}` : undefined;
  const priorityText = `priority ${priority.score} (${priority.band})`;
  let label: string;
  let details: (string | undefined)[];
  if (parentId.startsWith('reason:')) {
    label = finding.package ? `${id} · ${finding.package.name} ${packageVersionOf(analyzed) ?? ''}`.trim() : `${where} · ${finding.title}`;
    details = [analyzed.filterReason?.message];
  } else if (groupBy === 'file') {
    label = finding.package ? `L${line ?? '?'} · ${finding.package.name} ${packageVersionOf(analyzed) ?? ''} · ${id}` : `L${line ?? '?'} · ${finding.title}`;
    details = [filtered, priorityText, finding.package ? finding.title : finding.ruleId];
  } else if (finding.package && (finding.kind === 'sca' || finding.kind === 'container')) {
    label = id;
    const fixed = fixedInOf(analyzed);
    details = [filtered, `${finding.severity} severity`, priorityText, fixed ? `fixed in ${fixed}` : undefined, finding.title];
  } else {
    label = where;
    details = [filtered, path ? dirName(path) : undefined, finding.resource?.name, priorityText];
  }
  return {
    id: `${parentId}/${finding.id}`,
    kind: 'finding',
    label: toPlainLine(label),
    description: toPlainLine(details.filter(Boolean).join(' · ')),
    band: priority.band,
    hasChildren: false,
    location: node.location,
    finding: node,
  };
}

function serviceRow(data: ServiceData, staleSince: Date | undefined): PostureNodeDto {
  const service = toServiceDto(data);
  const stale = staleSince ? `stale since ${staleSince.toISOString().slice(0, 16).replace('T', ' ')}` : undefined;
  const lines = [`**${escapeMarkdown(service.name)}**`, '', `Root: ${escapeMarkdown(service.root === '' ? '(whole repository)' : service.root)}`];
  if (service.badges.length > 0) {
    lines.push('', `Badges: ${service.badges.map(escapeMarkdown).join(', ')}`);
  }
  if (stale) {
    lines.push('', `Stale: backend unreachable since ${escapeMarkdown(staleSince!.toISOString())}.`);
  }
  if (service.dashboardUrl) {
    lines.push('', markdownLink('Open in the ASPM dashboard', service.dashboardUrl));
  }
  return {
    id: 'service',
    kind: 'service',
    label: toPlainLine(service.name),
    description: toPlainLine([stale, ...service.badges].filter(Boolean).join(' · ')),
    tooltip: lines.join('\n'),
    isStale: stale !== undefined,
    hasChildren: false,
  };
}

/** `2026-11-27 10:00` (UTC), the freshness shown in rows. */
function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The "Sources" row: how many sources feed the view, and how many of them fail or lack a token. */
function sourcesRow(sources: readonly SourceStatusDto[]): PostureNodeDto {
  const failing = sources.filter((source) => source.failure !== undefined).length;
  const unsigned = sources.filter((source) => !source.hasToken).length;
  const problems = [failing > 0 ? `${failing} failing` : undefined, unsigned > 0 ? `${unsigned} without a token` : undefined].filter(Boolean);
  return {
    id: 'sources',
    kind: 'sources',
    label: `Sources · ${sources.length}`,
    description: problems.length > 0 ? problems.join(' · ') : 'all fresh',
    tooltip: 'The platforms this folder\'s findings come from, each with its last good pull and its failure.',
    count: sources.length,
    isStale: failing > 0,
    hasChildren: true,
  };
}

/** One source: its kind and where (URL, project), when it last answered, and why it fails if it does. */
function sourceRow(source: SourceStatusDto): PostureNodeDto {
  const kindLabel = source.label.slice(0, source.label.indexOf(' ('));
  const where = displayUrl(source.url) + (source.project ? ` · ${source.project}` : '');
  const freshness = source.lastSuccessAt ? `pulled ${shortTime(source.lastSuccessAt)}` : 'never pulled';
  const state = !source.hasToken ? 'no token: run "ASPM: Sign In"' : source.failure !== undefined ? `failing: ${source.failure}` : undefined;
  const lines = [
    `**${escapeMarkdown(source.label)}**`,
    '',
    `Kind: ${escapeMarkdown(source.kind)}`,
    '',
    `URL: ${escapeMarkdown(source.url)}`,
    ...(source.project ? ['', `Project: ${escapeMarkdown(source.project)}`] : []),
    '',
    `Last good pull: ${source.lastSuccessAt ? escapeMarkdown(source.lastSuccessAt) : 'none yet'}${source.findings !== undefined ? ` (${plural(source.findings, 'finding')})` : ''}`,
    ...(source.staleSince ? ['', `Stale since ${escapeMarkdown(source.staleSince)}: its last good findings are shown.`] : []),
    ...(source.failure !== undefined ? ['', `Failure: ${escapeMarkdown(source.failure)}`] : []),
    ...(!source.hasToken ? ['', 'No token: run "ASPM: Sign In".'] : []),
  ];
  return {
    id: `source:${source.id}`,
    kind: 'source',
    label: toPlainLine(`${kindLabel} · ${where}`),
    description: toPlainLine([state, freshness, source.findings !== undefined ? plural(source.findings, 'finding') : undefined].filter(Boolean).join(' · ')),
    tooltip: lines.join('\n'),
    ...(source.findings !== undefined ? { count: source.findings } : {}),
    isStale: source.failure !== undefined,
    hasChildren: false,
  };
}

/** `dojo.example.com` or `127.0.0.1:8080/api/v3`: the host and path of a source URL, without scheme or trailing slash. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
