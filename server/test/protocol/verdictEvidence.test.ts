import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVulnerableSymbol } from '../../src/core/correlate/vulnerableCode';
import type { Report, ReportFinding } from '../../src/cli/report';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { startBackend } from './testBackend';

const fixtures = path.resolve(__dirname, '../../../../test-fixtures');
const cliBundle = path.resolve(__dirname, '../../../../server/dist/cli.js');
const osvRecords = path.join(fixtures, 'osv', 'records');

/** Expectations a workspace may carry in `<name>.expected.json`: per advisory, tier, a part of the summary, cited lines. */
type ReachabilityExpectations = Record<string, { tier: string; summary: string; cites: string[] }>;

/**
 * The OSV records a workspace is scanned with: the shared ones, plus those its own `osv/` folder carries (advisories
 * of packages only that workspace has, such as lodash.template), merged in a temporary folder.
 */
const mergedOsvFolders: string[] = [];

function osvRecordsFor(workspace: string): string {
  const own = path.join(workspace, 'osv');
  if (!existsSync(own)) {
    return osvRecords;
  }
  const merged = mkdtempSync(path.join(os.tmpdir(), 'aspm-osv-'));
  mergedOsvFolders.push(merged);
  cpSync(osvRecords, merged, { recursive: true });
  cpSync(own, path.join(merged, 'workspace'), { recursive: true });
  return merged;
}

function runScan(workspace: string, backendUrl: string | undefined): Promise<Report> {
  const args = [cliBundle, 'scan', workspace, '--trust-workspace-settings', '--osv', osvRecordsFor(workspace), '--format', 'json', ...(backendUrl ? ['--backend', backendUrl] : [])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, ASPM_TOKEN: 'fixture-token' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && !stdout) {
        reject(new Error(`${path.basename(workspace)}: ${stderr}`));
        return;
      }
      assert.ok(!/"(path|line)":\s*(null|"undefined")|undefined:undefined/.test(stdout), `${path.basename(workspace)}: no evidence field printed as undefined`);
      resolve(JSON.parse(stdout) as Report);
    });
  });
}

function repositoryOf(settingsFile: string): string | undefined {
  return existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as { 'aspm.repository'?: string })['aspm.repository'] : undefined;
}

/** The text from a 1-based line on (a few lines, for calls written across lines), without whitespace. */
function codeFrom(workspace: string, file: string, line: number): string {
  const lines = readFileSync(path.join(workspace, file), 'utf8').split('\n');
  return lines.slice(line - 1, line + 2).join('').replace(/\s+/g, '');
}

/** `main.go:12 calls app.Get() — …` → the call site and the callee as written. */
const callSentence = /^(\S+):(\d+) calls (.+?)\(\)/;

/**
 * Issue 8: a verdict may never claim what the code it cites contradicts. For every finding of `aspm scan` on every
 * sample workspace (local OSV records, plus the fixture backend scenario of the same repository when there is one):
 * each cited call is on the line it names; a "symbol-called" verdict cites a call of a listed symbol; a "not called"
 * verdict never cites a call of a listed symbol (a method only when the cited receiver is of another type).
 */
suite('cli: every verdict can be checked against the lines it cites (issue 8)', function () {
  this.timeout(300_000);
  const backends: FixtureBackend[] = [];
  const runs: { name: string; dir: string; report: Report }[] = [];

  suiteSetup(async () => {
    const scenarios = readdirSync(path.join(fixtures, 'backend', 'scenarios')).filter((scenario) => existsSync(path.join(fixtures, 'backend', 'scenarios', scenario, 'services.json')));
    const scenarioOf = new Map<string, string>();
    for (const scenario of scenarios) {
      const services = JSON.parse(readFileSync(path.join(fixtures, 'backend', 'scenarios', scenario, 'services.json'), 'utf8')) as { services: { repository: string }[] };
      for (const service of services.services) {
        if (!scenarioOf.has(service.repository)) {
          scenarioOf.set(service.repository, scenario);
        }
      }
    }
    const workspaces = readdirSync(path.join(fixtures, 'workspaces')).filter((name) => statSync(path.join(fixtures, 'workspaces', name)).isDirectory());
    const scan = async (name: string): Promise<void> => {
      const dir = path.join(fixtures, 'workspaces', name);
      const repository = repositoryOf(path.join(dir, '.vscode', 'settings.json'));
      const scenario = repository ? scenarioOf.get(repository) : undefined;
      const backend = scenario ? await startBackend(scenario) : undefined;
      if (backend) {
        backends.push(backend);
      }
      runs.push({ name, dir, report: await runScan(dir, backend?.url) });
    };
    // Two scans at a time: each is a process of its own, and most of its time is starting its index workers.
    const queue = [...workspaces];
    await Promise.all([1, 2].map(async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        await scan(name);
      }
    }));
  });

  suiteTeardown(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
    for (const folder of mergedOsvFolders.splice(0)) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('every sample workspace was scanned, and the Go, Java, JavaScript and Python ones have verdicts on symbols', () => {
    assert.ok(runs.length >= 10, runs.map((run) => run.name).join(', '));
    const tiers = new Set(runs.flatMap((run) => run.report.findings.map((finding) => `${finding.package?.ecosystem}:${finding.reachability.tier}`)));
    for (const expected of ['golang:symbol-called', 'maven:symbol-called', 'npm:symbol-called', 'pypi:symbol-called', 'golang:unknown']) {
      assert.ok(tiers.has(expected), `${expected} in ${[...tiers].join(', ')}`);
    }
  });

  test('each cited call is on the line it names', () => {
    let checked = 0;
    for (const { name, dir, report } of runs) {
      for (const finding of report.findings) {
        for (const evidence of finding.reachability.evidence) {
          const call = callSentence.exec(evidence.message);
          if (!call) {
            continue;
          }
          const [, file, line, callee] = call;
          assert.equal(`${evidence.path}:${evidence.line}`, `${file}:${line}`, `${name} ${finding.id}: ${evidence.message}`);
          assert.ok(codeFrom(dir, file!, Number(line)).includes(`${callee!.replace(/\s+/g, '')}(`), `${name} ${finding.id}: ${evidence.message}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 20, `${checked} cited calls checked`);
  });

  test('"symbol-called" cites a call of a listed symbol; "not called" never does', () => {
    let notCalled = 0;
    for (const { name, report } of runs) {
      for (const finding of report.findings) {
        const label = `${name} ${finding.id}: ${finding.reachability.summary}`;
        const symbols = (finding.package?.vulnerableSymbols ?? []).map((symbol) => parseVulnerableSymbol(finding.package!.ecosystem, symbol, finding.package?.vulnerablePackages));
        const calls = finding.reachability.evidence.filter((evidence) => callSentence.test(evidence.message));
        if (finding.reachability.tier === 'symbol-called') {
          assert.ok(
            calls.some((evidence) => {
              const at = evidence.message.lastIndexOf('(vulnerable: ');
              const listed = at < 0 ? undefined : evidence.message.slice(at + '(vulnerable: '.length);
              const whole = (finding.package?.vulnerablePackages ?? []).some((pkg) => listed?.includes(`every function of ${pkg}`));
              return listed !== undefined && (whole || symbols.some((symbol) => symbol !== undefined && listed.startsWith(`${symbol.receiver ? `${symbol.receiver}.` : ''}${symbol.name})`)));
            }),
            label,
          );
        }
        if (/not called/.test(finding.reachability.summary)) {
          notCalled++;
          assert.ok(!calls.some((evidence) => evidence.message.includes('(vulnerable:')), label);
          for (const evidence of calls) {
            assertNotAListedCall(evidence.message, symbols, label);
          }
        }
      }
    }
    assert.ok(notCalled >= 2, `${notCalled} "not called" verdicts checked`);
  });

  test('evidence without a location carries neither path nor line; evidence with one carries both', () => {
    let notes = 0;
    for (const { name, report } of runs) {
      for (const finding of report.findings) {
        for (const evidence of finding.reachability.evidence) {
          assert.equal('path' in evidence, 'line' in evidence, `${name} ${finding.id}: ${JSON.stringify(evidence)}`);
          assert.ok(!('path' in evidence) || (typeof evidence.path === 'string' && typeof evidence.line === 'number'), `${name} ${finding.id}: ${JSON.stringify(evidence)}`);
          notes += 'path' in evidence ? 0 : 1;
        }
      }
    }
    assert.ok(notes > 0, 'some evidence has no location');
  });

  test('workspaces that carry reachability expectations get exactly those verdicts', () => {
    let checked = 0;
    for (const { name, dir, report } of runs) {
      const file = path.join(dir, `${name}.expected.json`);
      const sidecar = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { reachability?: ReachabilityExpectations; unmatched?: Record<string, string> }) : {};
      const expected = sidecar.reachability;
      // An advisory of a package the build does not contain (a Go module replaced by another) gives no finding at all.
      for (const [advisory, why] of Object.entries(sidecar.unmatched ?? {})) {
        const found = report.findings.filter((finding: ReportFinding) => finding.advisory === advisory || finding.id.split(':')[1] === advisory);
        assert.deepEqual(found.map((finding) => finding.id), [], `${name}: no finding for ${advisory} (${why})`);
        checked++;
      }
      for (const [advisory, want] of Object.entries(expected ?? {})) {
        // `ADVISORY` alone, or `ADVISORY:name@version` when the advisory matches several packages of the workspace.
        const finding = report.findings.find((candidate: ReportFinding) => candidate.advisory === advisory || candidate.id.split(':')[1] === advisory || candidate.id.split(':').slice(1).join(':') === advisory);
        assert.ok(finding, `${name}: a finding for ${advisory}`);
        assert.equal(finding.reachability.tier, want.tier, `${name} ${advisory}: ${finding.reachability.summary}`);
        assert.ok(finding.reachability.summary.includes(want.summary), `${name} ${advisory}: ${finding.reachability.summary}`);
        const cited = finding.reachability.evidence.map((evidence) => `${evidence.path}:${evidence.line}`);
        for (const cite of want.cites) {
          assert.ok(cited.includes(cite), `${name} ${advisory} cites ${cite}: ${cited.join(', ')}`);
        }
        checked++;
      }
    }
    assert.ok(checked >= 12, `${checked} expectations checked`);
  });
});

/**
 * A call listed under a "not called" verdict must not be one of the listed symbols: a function of that name never;
 * a method of that name only when the evidence says the receiver is of another type.
 */
function assertNotAListedCall(message: string, symbols: readonly (ReturnType<typeof parseVulnerableSymbol>)[], label: string): void {
  const callee = callSentence.exec(message)?.[3] ?? '';
  const name = callee.slice(callee.lastIndexOf('.') + 1);
  const stated = /(?:has type|of type) ([\w.]+)/.exec(message)?.[1];
  for (const symbol of symbols) {
    if (symbol?.name !== name) {
      continue;
    }
    assert.ok(symbol.receiver !== undefined, `${label}: ${message} calls the listed function ${symbol.text}`);
    assert.ok(stated !== undefined && stated.split('.').at(-1) !== symbol.receiver, `${label}: ${message} may call the listed ${symbol.text}`);
  }
}
