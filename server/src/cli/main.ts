import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import { ApiClient } from '../backend/apiClient';
import { BackendError } from '../backend/backendError';
import type { Logger } from '../engine/ports';
import { createNodeWorkspace, type NodeWorkspace } from '../host/nodeEngine';
import { WorkerIndexer } from '../host/workerIndexer';
import { TreeSitterHost } from '../host/treeSitterHost';
import { loadOsvFolder } from '../host/osvSource';
import { GitBaselineSource } from '../host/gitBaseline';
import { branchChanges, type BaselineState } from '../core/baseline/baseline';
import { wasmLocator } from '../host/wasmLocator';
import { evaluateAllControls } from '../core/controls/evaluateControls';
import { formatCycloneDx, formatOpenVex } from './exportFormats';
import { gateOutcome, isGate, type Gate } from './gates';
import { writeEvidenceReport } from './reportCommand';
import { toReport, type Report } from './report';
import { formatSarif } from './sarifFormat';
import { formatTable } from './tableFormat';

const usage = `Usage: aspm scan [dir] [--backend URL] [--repository ID] [--format table|json|sarif|cyclonedx|openvex]
                 [--min-priority N] [--show-unreachable] [--timeout MS] [--sarif GLOB]... [--osv DIR]
                 [--fail-on policy|surfaced|none] [--since REF]
       aspm report [dir] [--format html|md] [--out FILE] [the source options of scan]

scan indexes dir (default: .), pulls the findings and exposure of its services from the ASPM backend,
and prints them prioritized, with why each is surfaced or filtered. Local SARIF reports matching
--sarif globs (default: aspm.sarif.paths, else **/*.sarif) are merged in; with --osv DIR (or aspm.osv.path)
a folder of OSV advisories is matched against the dependencies, with or without a backend.
--format cyclonedx writes a CycloneDX 1.6 SBOM with VEX analysis from reachability; openvex the same
statements as OpenVEX 0.2.0. --since REF keeps only what the branch introduces since its merge-base with REF.
report writes the evidence report (inventory, controls, findings, SOC 2 / ISO 27001 mapping) to --out or stdout.
The token is read from the ASPM_TOKEN environment variable. Settings default to dir/.vscode/settings.json.
Exit code: 0 on success; 1 when the --fail-on gate fails (policy: a control of .aspm/policy.yaml or of the
organisation fails; surfaced: a finding is surfaced; --fail-on-surfaced is --fail-on surfaced); 2 on errors.`;

const toolVersion = '0.1.0';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
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
  const workspaceSettings = await readWorkspaceSettings(dir);
  const log = stderrLogger();
  const host = await TreeSitterHost.create(wasmLocator(__dirname));
  const explicitRepository = values.repository ?? stringSetting(workspaceSettings, 'aspm.repository');
  const sarifGlobs = values.sarif.length > 0 ? values.sarif : (stringListSetting(workspaceSettings, 'aspm.sarif.paths') ?? ['**/*.sarif']);
  const workspace = await createNodeWorkspace(dir, host, log, { explicitRepository, sarifGlobs });
  const problems: string[] = [];
  const repository = explicitRepository ?? workspace.gitIdentity;
  // Parsing runs in worker threads, as in the language server: a large repository indexes about twice as fast.
  const workers = new WorkerIndexer({ folder: workspace.indexOptions, handles: (file) => workspace.indexer.handles(file), log, fallback: workspace.indexer });
  try {
    await workspace.engine.indexAll(undefined, undefined, workers);
  } finally {
    await workers.dispose();
  }
  const osvDir = values.osv ?? stringSetting(workspaceSettings, 'aspm.osv.path');
  if (osvDir) {
    const loaded = await loadOsvFolder(path.resolve(dir, osvDir), { source: osvDir });
    workspace.engine.setAdvisories(loaded.advisories);
    problems.push(...loaded.problems.map((problem) => `OSV ${problem.path}: ${problem.message}`));
  }
  await workspace.engine.loadCodeTexts();
  problems.push(...workspace.engine.filesWithProblems().flatMap((file) => workspace.engine.problemsOf(file).map((problem) => `${file}: ${problem.message}`)));

  const backendUrl = values.backend ?? process.env.ASPM_BACKEND_URL;
  if (!backendUrl) {
    problems.push('no backend: pass --backend URL (or set ASPM_BACKEND_URL); only the index was built');
  } else if (!repository) {
    problems.push('no repository identity: the folder has no git remote "origin"; pass --repository github.com/org/repo');
  } else {
    const client = new ApiClient({ baseUrl: backendUrl, token: process.env.ASPM_TOKEN, timeoutMs: Number(values.timeout ?? 15000), log });
    const pulled = await workspace.engine.pull(client, repository);
    if (!pulled.ok) {
      throw new BackendError(pulled.failure!.kind, pulled.failure!.message);
    }
    await workspace.engine.loadCodeTexts();
    problems.push(...workspace.engine.backend.droppedFindings.map((problem) => `backend sent an invalid finding (skipped): ${problem}`));
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
  const exportInput = workspace.engine.exportInput(policy, repository ?? '(unknown repository)', { name: 'aspm', version: toolVersion });
  const controls = evaluateAllControls(exportInput);
  const report = { ...toReport(repository ?? '(unknown repository)', analysis, problems), controls, ...baselineSummary(workspace.engine, analysis) };
  if (command === 'report') {
    const backend = backendUrl ? { url: backendUrl, lastSuccessAt: workspace.engine.backend.lastSuccessAt, staleSince: workspace.engine.backend.staleSince } : undefined;
    await writeEvidenceReport(format as 'html' | 'md', exportInput, { problems, backend }, values.out);
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
    process.stderr.write(`aspm: --fail-on ${failOn}: ${gate.reason}\n`);
  }
  return gate.isFailed ? 1 : 0;
}

/** With `--since`: the base of the branch, how the findings compare with it, and what else the branch introduces. */
function baselineSummary(engine: NodeWorkspace['engine'], analysis: ReturnType<NodeWorkspace['engine']['analyze']>): Pick<Report, 'baseline'> {
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

async function readWorkspaceSettings(dir: string): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8').catch(() => undefined);
  const parsed: unknown = text === undefined ? {} : parseJsonc(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

function stringSetting(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
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
  const write = (level: string) => (message: string) => process.stderr.write(`[aspm ${level}] ${message}\n`);
  return { info: () => undefined, warn: write('warn'), error: write('error') };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`aspm: ${(error as Error).message}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`${usage}\n`);
    }
    process.exitCode = 2;
  },
);
