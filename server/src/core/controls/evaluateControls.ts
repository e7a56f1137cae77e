import { buildInventory, type ImagePinning } from '../inventory/inventory';
import type { AnalyzedFinding, PriorityBand, ReachabilityTier } from '../model/analysis';
import type { SourceLocation } from '../model/location';
import type { Policy } from '../model/policy';
import { isInServiceRoot } from '../model/service';
import { severities, type Severity } from '../model/severity';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { isInVersionRange } from '../versions/versionRange';
import { packageKey } from '../correlate/locatePackage';
import { servicesOf, type ExportInput, type ExportService } from '../export/exportInput';
import type { DeclaredControl, PolicyControl } from './policyFile';

/** Where a control comes from: the organisation's policies (backend) or a policy file of the repository. */
export type ControlOrigin = { kind: 'organisation'; policyId: string } | { kind: 'repository'; path: string; line: number };

/** One fact behind a control's status: a finding, a package or an image, with the line that shows it. */
export interface ControlEvidence {
  message: string;
  findingId?: string;
  location?: SourceLocation;
}

/**
 * A control evaluated for one service. `not-applicable` says why in its summary (e.g. not in production); `unknown`
 * means it could not be evaluated (e.g. an SLA without first-seen dates): never a pass.
 */
export interface ControlResult {
  id: string;
  title: string;
  rule: PolicyControl['rule'];
  origin: ControlOrigin;
  status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  /** One sentence: what was checked and how it came out. */
  summary: string;
  /** What fails the control (or, when it passes, what was checked, at most a few lines). */
  evidence: ControlEvidence[];
}

/** What controls are evaluated against, besides the service. */
export interface ControlContext {
  index: Pick<WorkspaceIndex, 'graphs' | 'routes' | 'iac'>;
  /** The repository's policy-file controls; those of files outside the service's folders are skipped. */
  controls: readonly DeclaredControl[];
  /** The organisation's policies for the service. */
  policies: readonly Policy[];
  now: Date;
  /**
   * The roots of every service evaluated (default: this service's only). A policy file below a service's root
   * governs that service only when no other service's root holds the policy file's folder more specifically.
   */
  serviceRoots?: readonly string[];
}

const reachableTiers: readonly ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported'];
const bandOrder: readonly PriorityBand[] = ['critical', 'high', 'medium', 'low'];
const dayMs = 24 * 60 * 60 * 1000;
/** Evidence lines kept per control; the summary gives the full count. */
const maxEvidence = 20;

/**
 * Evaluates the organisation's policies and the repository's policy-file controls for one service. Open findings
 * are those not triaged, ignored, fixed in the workspace or absent from it; declared-only and dev-only findings are
 * open too (a control decides with `reachableOnly` whether they count). Pure: `now` decides SLAs.
 */
export function evaluateControls(entry: ExportService, context: ControlContext): ControlResult[] {
  const fromPolicies = context.policies.flatMap((policy) => controlsOfPolicy(policy));
  const roots = context.serviceRoots ?? [entry.service.root];
  const fromFiles = context.controls
    .filter((control) => governs(folderOf(control.path), entry.service.root, roots))
    .map((control) => ({ control, origin: { kind: 'repository' as const, path: control.path, line: control.line } }));
  return [...fromPolicies, ...fromFiles].map(({ control, origin }) => {
    // A policy file in a subfolder of the service checks only what lies below that subfolder.
    const folder = origin.kind === 'repository' ? folderOf(origin.path) : '';
    const scope = folder.length > entry.service.root.length ? folder : entry.service.root;
    return evaluate(control, origin, entry, context, scope);
  });
}

/**
 * Whether the policy file of `folder` governs the service at `root`: the service lies in the folder, or the folder
 * lies in the service and no other service's root holds it more specifically (a monorepo scanned without a
 * backend has one service at the repository root; a policy of services/api governs its files).
 */
function governs(folder: string, root: string, roots: readonly string[]): boolean {
  if (isInServiceRoot(root, folder)) {
    return true;
  }
  return isInServiceRoot(folder, root) && !roots.some((other) => other.length > root.length && isInServiceRoot(folder, other));
}

/** The folder a policy file governs: the one holding its `.aspm/` folder. */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.slice(0, Math.max(0, parts.length - 2)).join('/');
}

/** An organisation policy as controls: its severity ceiling and its SLA, each a control of its own. */
export function controlsOfPolicy(policy: Policy): { control: PolicyControl; origin: ControlOrigin }[] {
  const origin: ControlOrigin = { kind: 'organisation', policyId: policy.id };
  const environment = policy.environment as PolicyControl['environment'];
  const reachableOnly = policy.appliesTo === 'reachable';
  const controls: { control: PolicyControl; origin: ControlOrigin }[] = [];
  if (policy.maxSeverity) {
    controls.push({ control: { id: policy.id, title: policy.title, rule: 'max-severity', severity: policy.maxSeverity, reachableOnly, environment }, origin });
  }
  if (policy.slaDays && Object.keys(policy.slaDays).length > 0) {
    const { critical, high, medium, low } = policy.slaDays;
    controls.push({ control: { id: `${policy.id}-sla`, title: `${policy.title}: fix within SLA`, rule: 'sla', days: { critical, high, medium, low }, reachableOnly, environment }, origin });
  }
  return controls;
}

function evaluate(control: PolicyControl, origin: ControlOrigin, entry: ExportService, context: ControlContext, folder: string): ControlResult {
  const result = (status: ControlResult['status'], summary: string, evidence: ControlEvidence[] = []): ControlResult => ({
    id: control.id,
    title: control.title ?? defaultTitle(control),
    rule: control.rule,
    origin,
    status,
    summary,
    evidence: evidence.slice(0, maxEvidence),
  });
  const { service, exposure } = entry;
  if (control.services && !control.services.includes(service.id) && !control.services.includes(service.name)) {
    return result('not-applicable', `applies to ${control.services.join(', ')} only`);
  }
  if (control.environment && !exposure.environments.some((environment) => environment.kind === control.environment)) {
    return result(
      'not-applicable',
      exposure.environments.length === 0 ? `applies in ${control.environment}; no runtime data says where ${service.name} runs` : `applies in ${control.environment}; ${service.name} runs in ${exposure.environments.map((environment) => environment.kind).join(', ')}`,
    );
  }
  const open = entry.findings.filter((finding) => isOpen(finding) && (finding.location === undefined || isInServiceRoot(finding.location.path, folder)));
  const counted = 'reachableOnly' in control && control.reachableOnly ? open.filter((finding) => reachableTiers.includes(finding.reachability.tier)) : open;
  const scope = 'reachableOnly' in control && control.reachableOnly ? 'reachable open' : 'open';
  switch (control.rule) {
    case 'max-severity': {
      const ceiling = severities.indexOf(control.severity);
      const over = counted.filter((finding) => severities.indexOf(finding.finding.severity) < ceiling);
      return over.length > 0
        ? result('fail', `${count(over.length, `${scope} finding`)} more severe than ${control.severity}`, over.map((finding) => findingEvidence(finding, finding.finding.severity)))
        : result('pass', `no ${scope} finding more severe than ${control.severity} (${count(counted.length, `${scope} finding`)} checked)`);
    }
    case 'sla':
      return evaluateSla(control.days, counted, scope, context.now, result);
    case 'banned-packages': {
      const dependencies = buildInventory(context.index, folder).dependencies.flatMap((group) => [...group.direct, ...group.transitive, ...group.dev]);
      const hits: ControlEvidence[] = [];
      for (const banned of control.packages) {
        for (const dependency of dependencies) {
          if ((banned.ecosystem === undefined || banned.ecosystem === dependency.ecosystem) && packageKey(dependency.ecosystem, banned.name) === packageKey(dependency.ecosystem, dependency.name)) {
            const inRange = banned.range === undefined || dependency.version === undefined ? true : isInVersionRange(dependency.ecosystem, dependency.version, banned.range);
            if (inRange !== false) {
              const unreadable = inRange === undefined ? ` (range ${banned.range} cannot be read for ${dependency.ecosystem}; counted as banned)` : '';
              hits.push({
                message: `${dependency.name}@${dependency.version ?? '?'} (${dependency.role}) is banned${banned.range ? ` in ${banned.range}` : ''}${banned.reason ? `: ${banned.reason}` : ''}${unreadable}`,
                location: dependency.location,
              });
            }
          }
        }
      }
      return hits.length > 0
        ? result('fail', `${count(hits.length, 'banned package')} installed`, hits)
        : result('pass', `none of ${control.packages.map((banned) => `${banned.name}${banned.range ? ` ${banned.range}` : ''}`).join(', ')} among ${count(dependencies.length, 'package')}`);
    }
    case 'pinned-images': {
      const images = buildInventory(context.index, folder).images.filter((image) => control.roles.includes(image.role));
      const weakest: ImagePinning[] = control.pinning === 'digest' ? ['tag', 'unpinned'] : ['unpinned'];
      const loose = images.filter((image) => weakest.includes(image.pinning));
      return loose.length > 0
        ? result(
            'fail',
            `${count(loose.length, 'image')} not pinned by ${control.pinning === 'digest' ? 'digest' : 'a version tag'}`,
            loose.map((image) => ({ message: `${image.reference} (${image.role}, ${image.resourceAddress}) is ${image.pinning === 'unpinned' ? 'not pinned' : 'pinned by tag only'}`, location: image.location })),
          )
        : result('pass', `${count(images.length, 'image')} pinned by ${control.pinning === 'digest' ? 'digest' : 'tag or digest'}`);
    }
    case 'max-priority-band': {
      const ceiling = bandOrder.indexOf(control.band);
      const over = entry.findings.filter((finding) => finding.isSurfaced && (finding.location === undefined || isInServiceRoot(finding.location.path, folder)) && bandOrder.indexOf(finding.priority.band) < ceiling);
      return over.length > 0
        ? result('fail', `${count(over.length, 'surfaced finding')} above the ${control.band} band`, over.map((finding) => findingEvidence(finding, `${finding.priority.band} ${finding.priority.score}`)))
        : result('pass', `no surfaced finding above the ${control.band} band`);
    }
  }
}

function evaluateSla(
  days: Partial<Record<Severity, number>>,
  findings: readonly AnalyzedFinding[],
  scope: string,
  now: Date,
  result: (status: ControlResult['status'], summary: string, evidence?: ControlEvidence[]) => ControlResult,
): ControlResult {
  const overdue: ControlEvidence[] = [];
  const undated: ControlEvidence[] = [];
  let tracked = 0;
  for (const finding of findings) {
    const allowed = days[finding.finding.severity];
    if (allowed === undefined) {
      continue;
    }
    tracked++;
    const due = slaDueDate(finding, allowed);
    if (due === undefined) {
      undated.push(findingEvidence(finding, 'no first-seen date: its SLA cannot be tracked'));
    } else if (now.getTime() > due.getTime()) {
      overdue.push(findingEvidence(finding, `${finding.finding.severity}, due ${due.toISOString().slice(0, 10)}, ${Math.floor((now.getTime() - due.getTime()) / dayMs)} days overdue`));
    }
  }
  const note = undated.length > 0 ? `; ${count(undated.length, 'finding')} without a first-seen date` : '';
  if (overdue.length > 0) {
    return result('fail', `${count(overdue.length, `${scope} finding`)} past the SLA${note}`, [...overdue, ...undated]);
  }
  // A finding whose age is unknown may be overdue: the control is not evaluated rather than passed.
  return undated.length > 0
    ? result('unknown', `not evaluated: ${count(undated.length, `${scope} finding`)} of ${tracked} with an SLA ${undated.length === 1 ? 'has' : 'have'} no first-seen date, so ${undated.length === 1 ? 'its' : 'their'} SLA cannot be tracked`, undated)
    : result('pass', `${count(tracked, `${scope} finding`)} with an SLA, none overdue`);
}

/** When a finding must be fixed by, counting `days` from when it was first seen; undefined without a date. */
export function slaDueDate(finding: AnalyzedFinding, days: number): Date | undefined {
  const firstSeen = finding.finding.firstSeen ? Date.parse(finding.finding.firstSeen) : Number.NaN;
  return Number.isNaN(firstSeen) ? undefined : new Date(firstSeen + days * dayMs);
}

/** Not triaged, not ignored, not fixed in the workspace and found in it. */
export function isOpen(finding: AnalyzedFinding): boolean {
  const code = finding.filterReason?.code;
  return code !== 'triaged' && code !== 'ignored' && code !== 'not-affected' && code !== 'not-in-workspace';
}

function findingEvidence(finding: AnalyzedFinding, detail: string): ControlEvidence {
  const what = finding.finding.package ? `${finding.finding.package.name}@${finding.package?.version ?? finding.finding.package.version ?? '?'}` : finding.location ? `${finding.location.path}:${finding.location.range.start.line + 1}` : finding.finding.kind;
  return { message: `${finding.finding.title} (${what}; ${detail}; ${finding.reachability.tier})`, findingId: finding.finding.id, location: finding.location };
}

function defaultTitle(control: PolicyControl): string {
  switch (control.rule) {
    case 'max-severity':
      return `No ${control.reachableOnly ? 'reachable ' : ''}finding above ${control.severity}${control.environment ? ` in ${control.environment}` : ''}`;
    case 'sla':
      return `Findings fixed within SLA (${Object.entries(control.days).map(([severity, days]) => `${severity} ${days} d`).join(', ')})`;
    case 'banned-packages':
      return 'No banned package';
    case 'pinned-images':
      return `Container images pinned by ${control.pinning}`;
    case 'max-priority-band':
      return `No surfaced finding above the ${control.band} band`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The controls of one service. */
export interface ServiceControls {
  serviceId: string;
  serviceName: string;
  results: ControlResult[];
}

/** Evaluates every service's controls (organisation policies and repository policy files) of an export. */
export function evaluateAllControls(input: ExportInput): ServiceControls[] {
  const services = servicesOf(input);
  const serviceRoots = services.map((entry) => entry.service.root);
  return services.map((entry) => ({
    serviceId: entry.service.id,
    serviceName: entry.service.name,
    results: evaluateControls(entry, { index: input.index, controls: input.controls, policies: entry.policies, now: input.now, serviceRoots }),
  }));
}
