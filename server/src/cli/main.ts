import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import { BackendError } from '../engine/backendError';
import type { FolderSession } from '../engine/folderSession';
import type { FolderSettings } from '../engine/folderSettings';
import type { Logger } from '../engine/ports';
import { branchChanges, type BaselineState } from '../core/baseline/baseline';
import { machineSettingKeys, parseWorkspaceSettingsFile, restrictedSettingKeys, type Settings } from '../../../shared/src/settings';
import { evaluateAllControls } from '../core/controls/evaluateControls';
import { composeCliService, type CliComposition } from './compose';
import { formatCycloneDx, formatOpenVex } from './exportFormats';
import { gateOutcome, isGate, type Gate } from './gates';
import { writeEvidenceReport } from './reportCommand';
import { toReport, type Report } from './report';
import { formatSarif } from './sarifFormat';
import { formatTable } from './tableFormat';
import { toPlainLine } from '../core/model/plainText';
import { environmentCredentials, SourceFlagError, sourcesFromFlags } from './sources';
import { sourceIdOf, type SourceConfig } from '../engine/sourcePorts';

const usage = `Usage: aspm scan [dir] [--source KIND=URL]... [--backend URL] [--project NAME] [--repository ID]
                 [--format table|json|sarif|cyclonedx|openvex] [--min-priority N] [--show-unreachable]
                 [--timeout MS] [--sarif GLOB]... [--osv DIR] [--osv-url URL] [--ca-certificate FILE]...
                 [--include-ignored GLOB]...
                 [--fail-on policy|surfaced|none] [--since REF] [--trust-workspace-settings]
       aspm report [dir] [--format html|md] [--out FILE] [the source options of scan]

scan indexes dir (default: .), pulls the findings and exposure of its services from each source, and prints
them prioritized, with why each is surfaced or filtered. Sources: --source KIND=URL, repeatable, KIND one of
aspm, defectdojo, dependency-track, github (api.github.com or https://HOST/api/v3); --backend URL is
--source aspm=URL. A finding several sources report is listed once, with each source. --project NAME names the
DefectDojo product, Dependency-Track project (name or name@version) or GitHub owner/repo (default: from the
repository identity). Tokens come from ASPM_TOKEN, DEFECTDOJO_TOKEN, DEPENDENCY_TRACK_API_KEY, GITHUB_TOKEN.
Local SARIF reports matching --sarif globs (default: aspm.sarif.paths, else **/*.sarif) are merged in; with
--osv DIR (or aspm.osv.path) a folder of OSV advisories, and with --osv-url URL an OSV-API-compatible service,
are matched against the dependencies, with or without a source. Files that .gitignore or .aspmignore ignore are not indexed, except below folders matching
--include-ignored globs (default: aspm.index.includeIgnored; ** for every ignored folder).
--format cyclonedx writes a CycloneDX 1.6 SBOM with VEX analysis from reachability; openvex the same
statements as OpenVEX 0.2.0. --since REF keeps only what the branch introduces since its merge-base with REF.
report writes the evidence report (inventory, controls, findings, SOC 2 / ISO 27001 mapping) to --out or stdout.
Settings default to dir/.vscode/settings.json, except those a repository must not decide for its own scan
(${restrictedSettingKeys.join(', ')}): they are ignored unless --trust-workspace-settings is given.
Paths from settings must stay inside dir. Settings only a machine may set (${machineSettingKeys.join(', ')}) are
never read from dir: --backend, --source, --timeout, --osv-url and --ca-certificate (PEM files of extra certificate
authorities, for sources and the OSV API) set them; the proxy comes from HTTPS_PROXY / NO_PROXY.
Exit code: 0 on success; 1 when the --fail-on gate fails (policy: a control of .aspm/policy.yaml or of the
organisation fails; surfaced: a finding is surfaced; --fail-on-surfaced is --fail-on surfaced); 2 on errors.`;

const toolVersion = '0.1.0';

const cliOptions = {
  backend: { type: 'string' },
  source: { type: 'string', multiple: true, default: [] as string[] },
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
  sarif: { type: 'string', multiple: true, default: [] as string[] },
  osv: { type: 'string' },
  'osv-url': { type: 'string' },
  'ca-certificate': { type: 'string', multiple: true, default: [] as string[] },
  'trust-workspace-settings': { type: 'boolean', default: false },
  'include-ignored': { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

type CliValues = ReturnType<typeof parseArgs<{ options: typeof cliOptions; allowPositionals: true }>>['values'];

/** A folder scanned through the folder service: its session, the sources asked and what could not be read. */
interface Scan {
  session: FolderSession;
  composition: CliComposition;
  settings: Settings;
  sources: SourceConfig[];
  problems: string[];
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions });
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
  const log = stderrLogger();
  const scan = await scanFolder(path.resolve(dirArg ?? '.'), values, log);
  return command === 'report' ? writeReport(scan, format as 'html' | 'md', values, log) : printScan(scan, format, failOn, values, log);
}

/**
 * Opens the folder with the language server's folder service (cold index in worker threads, virtualenvs and Maven
 * jars, OSV advisories, code texts, the sources' pull) under the settings the editor would read, then the flags.
 */
async function scanFolder(dir: string, values: CliValues, log: Logger): Promise<Scan> {
  const problems: string[] = [];
  const settings = await readSettings(dir, values['trust-workspace-settings'], log);
  const sources = sourcesFromFlags(values, process.env);
  // The settings need the host's glob check, and the service is built before they are: it reads them when opening.
  const built: { settings?: FolderSettings } = {};
  const composition = composeCliService(dir, () => built.settings!, { log, credentials: environmentCredentials(process.env), osvFlag: values.osv });
  const folderSettings = (built.settings = withFlags(settings, values, sources, composition.host.globsOutside, problems, log));
  await composition.service.open(composition.folderUri);
  const session = composition.service.sessionOf(composition.folderUri);
  if (!session) {
    throw new Error(`cannot open ${dir}`);
  }
  const osv = session.advisoryProblems;
  if (osv.unreadableFolder !== undefined) {
    // A configured advisory source that cannot be read is an error, as a source that does not answer: an empty
    // vulnerabilities list must not pass a gate.
    throw new Error(`OSV folder ${folderSettings.osv.path}: ${osv.unreadableFolder}`);
  }
  problems.push(...osv.problems.map((problem) => (problem.startsWith('aspm.') ? problem : `OSV ${problem}`)));
  problems.push(...session.engine.filesWithProblems().flatMap((file) => session.engine.problemsOf(file).map((problem) => `${file}: ${problem.message}`)));
  if (sources.length === 0) {
    problems.push('no backend: pass --source KIND=URL or --backend URL (or set ASPM_BACKEND_URL); only the index was built');
  } else if (!session.repository) {
    problems.push('no repository identity: the folder has no git remote "origin"; pass --repository github.com/org/repo');
  } else if (session.sourceFailures.length > 0) {
    // Any source that cannot be opened or does not answer is an error (a CI gate must not pass because a source
    // was down), each said with its source.
    throw new BackendError(session.sourceFailures[0]!.kind, session.sourceFailures.map((failure) => failure.message).join('\naspm: '));
  }
  problems.push(...session.engine.backend.droppedFindings.map((problem) => `backend sent an invalid finding (skipped): ${problem}`));
  if (values.since !== undefined) {
    session.engine.setBaseline(await session.engine.loadBaseline(composition.host.baselineSource(session.repoRoot), values.since));
  }
  return { session, composition, settings, sources, problems };
}

/** The scanned folder's `.vscode/settings.json`, read with the shared schema as the editor reads it. */
async function readSettings(dir: string, isTrusted: boolean, log: Logger): Promise<Settings> {
  const text = await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8').catch(() => undefined);
  const parsed: unknown = text === undefined ? {} : parseJsonc(text);
  const flat = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const { settings, ignoredRestricted, problems } = parseWorkspaceSettingsFile(flat, isTrusted);
  // A pull request must not be able to switch off its own CI gate (`aspm.diagnostics.minPriority: 100`) or
  // redirect reads: said once on stderr.
  if (ignoredRestricted.length > 0) {
    log.warn(`ignoring ${ignoredRestricted.join(', ')} from the scanned folder's .vscode/settings.json (a repository may not set them for its own scan); pass --trust-workspace-settings to use them`);
  }
  for (const problem of problems) {
    log.warn(`Invalid setting, using the default instead: ${problem}`);
  }
  return settings;
}

/** The folder service's settings: the workspace's, then the flags (which win), with report globs kept inside dir. */
function withFlags(settings: Settings, values: CliValues, sources: SourceConfig[], globsOutside: (globs: readonly string[]) => string[], problems: string[], log: Logger): FolderSettings {
  const outside = values.sarif.length > 0 ? [] : globsOutside(settings.sarif.paths);
  for (const glob of outside) {
    const problem = `aspm.sarif.paths ${JSON.stringify(glob)} points outside the scanned folder; ignored`;
    problems.push(problem);
    log.warn(problem);
  }
  return {
    ...settings,
    repository: values.repository ?? settings.repository,
    sarif: { paths: values.sarif.length > 0 ? values.sarif : settings.sarif.paths.filter((glob) => !outside.includes(glob)) },
    index: { includeIgnored: values['include-ignored'].length > 0 ? values['include-ignored'] : settings.index.includeIgnored },
    osv: { path: values.osv ?? settings.osv.path, url: values['osv-url'] ?? '' },
    backend: { url: '', timeoutMs: Number(values.timeout ?? 15000), caCertificates: values['ca-certificate'] },
    configuredSources: sources,
    diagnostics: { scope: 'all' },
  };
}

/** The policy of the scan: the flags, else the workspace's settings. */
function policyOf(scan: Scan, values: CliValues): { minPriority: number; showUnreachable: boolean; scope: 'all' | 'changed' } {
  return {
    minPriority: Number(values['min-priority'] ?? scan.settings.diagnostics.minPriority),
    showUnreachable: values['show-unreachable'] || scan.settings.diagnostics.showUnreachable,
    scope: values.since !== undefined ? 'changed' : 'all',
  };
}

/** The scan's name: the repository, else the project's own name (package.json, pyproject.toml, go.mod) or the folder's. */
async function nameOf(scan: Scan): Promise<string> {
  return scan.session.repository ?? (await projectName(scan.session.fsPath));
}

async function writeReport(scan: Scan, format: 'html' | 'md', values: CliValues, log: Logger): Promise<number> {
  const exportInput = scan.session.engine.exportInput(policyOf(scan, values), await nameOf(scan), { name: 'aspm', version: toolVersion });
  // The report has no place for problems: they go to stderr.
  scan.problems.forEach((problem) => log.warn(problem));
  const pulled = scan.session.engine.sourceStatuses().flatMap((status) => {
    const config = scan.sources.find((source) => sourceIdOf(source) === status.id);
    return config ? [{ label: status.label, url: config.url, lastSuccessAt: status.lastSuccessAt, staleSince: status.staleSince }] : [];
  });
  await writeEvidenceReport(format, exportInput, { problems: scan.problems, sources: pulled }, values.out);
  return 0;
}

async function printScan(scan: Scan, format: string, failOn: Gate, values: CliValues, log: Logger): Promise<number> {
  const { engine } = scan.session;
  const policy = policyOf(scan, values);
  const analysis = engine.analyze(policy);
  const name = await nameOf(scan);
  const exportInput = engine.exportInput(policy, name, { name: 'aspm', version: toolVersion });
  const report = { ...toReport(name, analysis, scan.problems, scan.settings.diagnostics.sourceSites), controls: evaluateAllControls(exportInput), ...baselineSummary(engine, analysis) };
  if (format === 'cyclonedx' || format === 'openvex') {
    // These formats have no place for problems: they go to stderr.
    scan.problems.forEach((problem) => log.warn(problem));
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
function baselineSummary(engine: FolderSession['engine'], analysis: ReturnType<FolderSession['engine']['analyze']>): Pick<Report, 'baseline'> {
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
