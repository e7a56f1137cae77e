import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import { openSources, pullOpenedSources } from '../backend/sources';
import { BackendError } from '../engine/backendError';
import type { Logger } from '../engine/ports';
import { createNodeWorkspace, loadGoDependencySources, loadMavenJarPackages, loadVirtualenvs, type NodeWorkspace } from '../host/nodeEngine';
import { WorkerIndexer } from '../host/workerIndexer';
import { TreeSitterHost } from '../host/treeSitterHost';
import { loadOsvFolder } from '../host/osvSource';
import { confineSettingPath, globsOutside } from '../host/confinedPath';
import { GitBaselineSource } from '../host/gitBaseline';
import { branchChanges, type BaselineState } from '../core/baseline/baseline';
import { parseSettings, restrictedSettingKeys } from '../../../shared/src/settings';
import type { SourceSiteMode } from '../core/correlate/sourceSites';
import { wasmLocator } from '../host/wasmLocator';
import { evaluateAllControls } from '../core/controls/evaluateControls';
import { formatCycloneDx, formatOpenVex } from './exportFormats';
import { gateOutcome, isGate, type Gate } from './gates';
import { writeEvidenceReport } from './reportCommand';
import { toReport, type Report } from './report';
import { formatSarif } from './sarifFormat';
import { formatTable } from './tableFormat';
import { toPlainLine } from '../core/model/plainText';
import { environmentCredentials, SourceFlagError, sourcesFromFlags } from './sources';
import { sourceIdOf } from '../engine/ports';
import { WorkspaceEngine } from '../engine/workspaceEngine';

const usage = `Usage: aspm scan [dir] [--source KIND=URL]... [--backend URL] [--project NAME] [--repository ID]
                 [--format table|json|sarif|cyclonedx|openvex] [--min-priority N] [--show-unreachable]
                 [--timeout MS] [--sarif GLOB]... [--osv DIR] [--include-ignored GLOB]...
                 [--fail-on policy|surfaced|none] [--since REF] [--trust-workspace-settings]
       aspm report [dir] [--format html|md] [--out FILE] [the source options of scan]

scan indexes dir (default: .), pulls the findings and exposure of its services from each source, and prints
them prioritized, with why each is surfaced or filtered. Sources: --source KIND=URL, repeatable, KIND one of
aspm, defectdojo, dependency-track, github (api.github.com or https://HOST/api/v3); --backend URL is
--source aspm=URL. A finding several sources report is listed once, with each source. --project NAME names the
DefectDojo product, Dependency-Track project (name or name@version) or GitHub owner/repo (default: from the
repository identity). Tokens come from ASPM_TOKEN, DEFECTDOJO_TOKEN, DEPENDENCY_TRACK_API_KEY, GITHUB_TOKEN.
Local SARIF reports matching --sarif globs (default: aspm.sarif.paths, else **/*.sarif) are merged in; with
--osv DIR (or aspm.osv.path) a folder of OSV advisories is matched against the dependencies, with or without a
source. Files that .gitignore or .aspmignore ignore are not indexed, except below folders matching
--include-ignored globs (default: aspm.index.includeIgnored; ** for every ignored folder).
--format cyclonedx writes a CycloneDX 1.6 SBOM with VEX analysis from reachability; openvex the same
statements as OpenVEX 0.2.0. --since REF keeps only what the branch introduces since its merge-base with REF.
report writes the evidence report (inventory, controls, findings, SOC 2 / ISO 27001 mapping) to --out or stdout.
Settings default to dir/.vscode/settings.json, except those a repository must not decide for its own scan
(${restrictedSettingKeys.join(', ')}): they are ignored unless --trust-workspace-settings is given.
Paths from settings must stay inside dir.
Exit code: 0 on success; 1 when the --fail-on gate fails (policy: a control of .aspm/policy.yaml or of the
organisation fails; surfaced: a finding is surfaced; --fail-on-surfaced is --fail-on surfaced); 2 on errors.`;

const toolVersion = '0.1.0';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      source: { type: 'string', multiple: true, default: [] },
      project: { type: 'string' },
      repository: { type: 'string' },
      format: { type: 'string' },
      'min-priority': { type: 'string' },
      'show-unreachable': { type: 'boolean', default: false },
      'fail-on-surfaced': { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      sarif: { type: 'string', multiple: true, default: [] },
      osv: { type: 'string' },
      'trust-workspace-settings': { type: 'boolean', default: false },
      'include-ignored': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, dirArg] = positionals;
  if (values.help || (command !== 'scan' && command !== 'report')) {
    process.stdout.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  const format = values.format ?? (command === 'report' ? 'html' : 'table');
  if (!(command === 'report' ? ['html', 'md'] : ['table', 'json', 'sarif', 'cyclonedx', 'openvex']).includes(format)) {
    throw new UsageError(`unknown --format ${format} for ${command}`);
  }
  const failOn: Gate = values['fail-on'] !== undefined ? parseGate(values['fail-on']) : values['fail-on-surfaced'] ? 'surfaced' : 'none';
  const dir = path.resolve(dirArg ?? '.');
  const log = stderrLogger();
  const problems: string[] = [];
  const workspaceSettings = withoutRestricted(await readWorkspaceSettings(dir), values['trust-workspace-settings'], log);
  const host = await TreeSitterHost.create(wasmLocator(__dirname));
  const explicitRepository = values.repository ?? stringSetting(workspaceSettings, 'aspm.repository');
  const sarifGlobs = values.sarif.length > 0 ? values.sarif : (confinedGlobs(stringListSetting(workspaceSettings, 'aspm.sarif.paths'), problems, log) ?? ['**/*.sarif']);
  const includeIgnored = values['include-ignored'].length > 0 ? values['include-ignored'] : (stringListSetting(workspaceSettings, 'aspm.index.includeIgnored') ?? []);
  const workspace = await createNodeWorkspace(dir, host, log, { explicitRepository, sarifGlobs, includeIgnored }, (ports) => new WorkspaceEngine(ports));
  const repository = explicitRepository ?? workspace.gitIdentity;
  // Parsing runs in worker threads, as in the language server: a large repository indexes about twice as fast.
  const workers = new WorkerIndexer({ folder: workspace.indexOptions, handles: (file) => workspace.indexer.handles(file), log, fallback: workspace.indexer });
  try {
    await workspace.engine.indexAll(undefined, undefined, workers);
  } finally {
    await workers.dispose();
  }
  await loadVirtualenvs(workspace.engine, dir, workspace.repoRoot);
  await loadMavenJarPackages(workspace.engine);
  await loadGoDependencySources(workspace.engine, workspace.repoRoot, host);
  // --osv is a path as typed (against the current directory); aspm.osv.path is relative to the scanned folder.
  const osvSetting = values.osv === undefined ? await confinedOsvSetting(dir, stringSetting(workspaceSettings, 'aspm.osv.path'), problems, log) : undefined;
  const osvDir = values.osv ?? osvSetting;
  if (osvDir) {
    const osvPath = values.osv !== undefined ? path.resolve(values.osv) : path.resolve(dir, osvDir);
    const loaded = await loadOsvFolder(osvPath, { source: osvDir });
    const unreadable = loaded.problems.find((problem) => path.resolve(problem.path) === osvPath);
    if (unreadable) {
      // A configured advisory source that cannot be read is an error, as a source that does not answer: an empty
      // vulnerabilities list must not pass a gate.
      throw new Error(`OSV folder ${osvDir}: ${unreadable.message}`);
    }
    workspace.engine.setAdvisories(loaded.advisories);
    problems.push(...loaded.problems.map((problem) => `OSV ${problem.path}: ${problem.message}`));
  }
  await workspace.engine.loadCodeTexts();
  problems.push(...workspace.engine.filesWithProblems().flatMap((file) => workspace.engine.problemsOf(file).map((problem) => `${file}: ${problem.message}`)));

  const sources = sourcesFromFlags(values, process.env);
  if (sources.length === 0) {
    problems.push('no backend: pass --source KIND=URL or --backend URL (or set ASPM_BACKEND_URL); only the index was built');
  } else if (!repository) {
    problems.push('no repository identity: the folder has no git remote "origin"; pass --repository github.com/org/repo');
  } else {
    await pullSources(workspace.engine, sources, repository, { timeoutMs: Number(values.timeout ?? 15000), log }, problems);
  }
  if (values.since !== undefined) {
    workspace.engine.setBaseline(await workspace.engine.loadBaseline(new GitBaselineSource(workspace.repoRoot), values.since));
  }
  const policy = {
    minPriority: Number(values['min-priority'] ?? numberSetting(workspaceSettings, 'aspm.diagnostics.minPriority') ?? 40),
    showUnreachable: values['show-unreachable'] || booleanSetting(workspaceSettings, 'aspm.diagnostics.showUnreachable') === true,
    scope: values.since !== undefined ? ('changed' as const) : ('all' as const),
  };
  const analysis = workspace.engine.analyze(policy);
  // Without a git remote, the project's own name (package.json, pyproject.toml, go.mod), else the folder's.
  const name = repository ?? (await projectName(dir));
  const exportInput = workspace.engine.exportInput(policy, name, { name: 'aspm', version: toolVersion });
  const controls = evaluateAllControls(exportInput);
  const report = { ...toReport(name, analysis, problems, sourceSiteModeOf(workspaceSettings)), controls, ...baselineSummary(workspace.engine, analysis) };
  if (command === 'report' || format === 'cyclonedx' || format === 'openvex') {
    // These formats have no place for problems: they go to stderr.
    problems.forEach((problem) => log.warn(problem));
  }
  if (command === 'report') {
    const pulled = workspace.engine.sourceStatuses().flatMap((status) => {
      const config = sources.find((source) => sourceIdOf(source) === status.id);
      return config ? [{ label: status.label, url: config.url, lastSuccessAt: status.lastSuccessAt, staleSince: status.staleSince }] : [];
    });
    await writeEvidenceReport(format as 'html' | 'md', exportInput, { problems, sources: pulled }, values.out);
    return 0;
  }
  let output: string;
  if (format === 'cyclonedx') {
    output = formatCycloneDx(exportInput);
  } else if (format === 'openvex') {
    const vex = formatOpenVex(exportInput);
    if ('error' in vex) {
      throw new Error(vex.error);
    }
    output = vex.text;
  } else {
    output = format === 'json' ? JSON.stringify(report, null, 2) : format === 'sarif' ? JSON.stringify(formatSarif(report, toolVersion), null, 2) : formatTable(report);
  }
  process.stdout.write(`${output}\n`);
  const gate = gateOutcome(failOn, report);
  if (gate.isFailed) {
    process.stderr.write(`aspm: --fail-on ${failOn}: ${toPlainLine(gate.reason)}\n`);
  }
  return gate.isFailed ? 1 : 0;
}

/** With `--since`: the base of the branch, how the findings compare with it, and what else the branch introduces. */
function baselineSummary(engine: NodeWorkspace<WorkspaceEngine>['engine'], analysis: ReturnType<NodeWorkspace<WorkspaceEngine>['engine']['analyze']>): Pick<Report, 'baseline'> {
  const baseline = engine.currentBaseline;
  if (!baseline) {
    return {};
  }
  const findings: Partial<Record<BaselineState, number>> = {};
  for (const finding of analysis.services.flatMap((service) => service.findings)) {
    if (finding.baselineState) {
      findings[finding.baselineState] = (findings[finding.baselineState] ?? 0) + 1;
    }
  }
  const index = engine.workspaceIndex();
  return { baseline: { ref: baseline.ref, commit: baseline.commit, findings, ...branchChanges(baseline, index.graphs, index.iac.resources) } };
}

function parseGate(value: string): Gate {
  if (!isGate(value)) {
    throw new UsageError(`unknown --fail-on ${value} (policy, surfaced or none)`);
  }
  return value;
}

class UsageError extends Error {}

/**
 * Pulls every source; any source that cannot be opened or does not answer is an error (a CI gate must not pass
 * because a source was down), each said with its source.
 */
async function pullSources(
  engine: WorkspaceEngine,
  configs: Parameters<typeof openSources>[0],
  repository: string,
  options: { timeoutMs: number; log: Logger },
  problems: string[],
): Promise<void> {
  const opened = await openSources(configs, { credentials: environmentCredentials(process.env), ...options });
  const { failures } = opened.problems.length === 0 ? await pullOpenedSources(engine, opened, repository) : { failures: opened.problems };
  if (failures.length > 0) {
    throw new BackendError(failures[0]!.kind, failures.map((failure) => failure.message).join('\naspm: '));
  }
  await engine.loadCodeTexts();
  for (const problem of engine.backend.droppedFindings) {
    problems.push(`backend sent an invalid finding (skipped): ${problem}`);
  }
}

/** The name the project gives itself in package.json, pyproject.toml or go.mod, else the folder's name. */
async function projectName(dir: string): Promise<string> {
  const read = (file: string) => readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  const packageJson = await read('package.json');
  if (packageJson !== undefined) {
    const parsed: unknown = parseJsonc(packageJson);
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && name.trim() !== '') {
      return name.trim();
    }
  }
  const pyproject = (await read('pyproject.toml'))?.match(/^\[(?:project|tool\.poetry)\][^[]*?^name\s*=\s*["']([^"'\n]+)["']/m)?.[1];
  const goModule = (await read('go.mod'))?.match(/^module\s+"?([^\s"]+)"?/m)?.[1];
  return pyproject ?? goModule ?? path.basename(dir);
}

async function readWorkspaceSettings(dir: string): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8').catch(() => undefined);
  const parsed: unknown = text === undefined ? {} : parseJsonc(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/**
 * The settings without the restricted ones (unless trusted), saying once on stderr which were ignored: a pull
 * request must not be able to switch off its own CI gate (`aspm.diagnostics.minPriority: 101`) or redirect reads.
 */
function withoutRestricted(settings: Record<string, unknown>, isTrusted: boolean, log: Logger): Record<string, unknown> {
  const ignored = isTrusted ? [] : restrictedSettingKeys.filter((key) => key in settings);
  if (ignored.length > 0) {
    log.warn(`ignoring ${ignored.join(', ')} from the scanned folder's .vscode/settings.json (a repository may not set them for its own scan); pass --trust-workspace-settings to use them`);
  }
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !(ignored as string[]).includes(key)));
}

/** `aspm.osv.path` from the settings when it stays inside the scanned folder; a refusal is a problem, nothing read. */
async function confinedOsvSetting(dir: string, value: string | undefined, problems: string[], log: Logger): Promise<string | undefined> {
  if (value === undefined) {
    return undefined;
  }
  const confined = await confineSettingPath(dir, 'aspm.osv.path', value);
  if ('problem' in confined) {
    problems.push(confined.problem);
    log.warn(confined.problem);
    return undefined;
  }
  return value;
}

/** `aspm.sarif.paths` without the globs that reach outside the scanned folder (each one a problem). */
function confinedGlobs(globs: string[] | undefined, problems: string[], log: Logger): string[] | undefined {
  const outside = globsOutside(globs ?? []);
  for (const glob of outside) {
    const problem = `aspm.sarif.paths ${JSON.stringify(glob)} points outside the scanned folder; ignored`;
    problems.push(problem);
    log.warn(problem);
  }
  return globs?.filter((glob) => !outside.includes(glob));
}

function stringSetting(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `aspm.diagnostics.sourceSites` as the editor reads it: an unknown value falls back to the default, `calls`. */
function sourceSiteModeOf(settings: Record<string, unknown>): SourceSiteMode {
  return parseSettings({ diagnostics: { sourceSites: settings['aspm.diagnostics.sourceSites'] } }).settings.diagnostics.sourceSites;
}

function stringListSetting(settings: Record<string, unknown>, key: string): string[] | undefined {
  const value = settings[key];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

function numberSetting(settings: Record<string, unknown>, key: string): number | undefined {
  const value = settings[key];
  return typeof value === 'number' ? value : undefined;
}

function booleanSetting(settings: Record<string, unknown>, key: string): boolean | undefined {
  const value = settings[key];
  return typeof value === 'boolean' ? value : undefined;
}

function stderrLogger(): Logger {
  // Messages quote report and file names: no escape sequence of theirs reaches the terminal.
  const write = (level: string) => (message: string) => process.stderr.write(`[aspm ${level}] ${toPlainLine(message)}\n`);
  return { info: () => undefined, warn: write('warn'), error: write('error') };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Several sources may fail at once: one line each, each made plain.
    process.stderr.write(`aspm: ${(error as Error).message.split('\n').map((line) => toPlainLine(line)).join('\n')}\n`);
    if (error instanceof UsageError || error instanceof SourceFlagError) {
      process.stderr.write(`${usage}\n`);
    }
    process.exitCode = 2;
  },
);
