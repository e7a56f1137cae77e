import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { isInVersionRange } from '../../src/core/versions/versionRange';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { applyEdits, startBackend } from './testBackend';

type ScenarioFinding = { id: string; ruleId: string; package: { purl: string; fixedVersions?: string[]; vulnerableRange?: string } };

const scenarioFindings = (scenario: string, service: string): ScenarioFinding[] =>
  JSON.parse(readFileSync(path.resolve(__dirname, `../../../../test-fixtures/backend/scenarios/${scenario}/findings/${service}.json`), 'utf8')) as ScenarioFinding[];


/** Where each package version is expected: its manifest line (1-based), how many advisories, and the preferred fix. */
type Expected = { subject: string; line: number; advisories: number; purl: string; ecosystem: string; fixedTo: string; isMajor: boolean; versionAfter: (text: string) => string | undefined };

const cases: { name: string; workspace: string; scenario: string; service: string; repository: string; manifest: string; expected: Expected[] }[] = [
  {
    // pygoat's Django line carried 16 diagnostics and 80 quick-fix rows, and no upgrade.
    // The name as the dependency graph normalizes it (PEP 503).
    name: 'python-django: 24 Django advisories on one requirements line',
    workspace: 'python-django',
    scenario: 'python-django',
    service: 'svc-polls',
    repository: 'github.com/acme/python-django',
    manifest: 'requirements.txt',
    expected: [
      {
        subject: 'django 3.2.12',
        line: 6,
        advisories: 24,
        purl: 'pkg:pypi/django@3.2.12',
        ecosystem: 'pypi',
        fixedTo: '4.2.16',
        isMajor: true,
        versionAfter: (text) => /^Django==(\S+)$/im.exec(text)?.[1],
      },
    ],
  },
  {
    // juice-shop: four conflicting "preferred" lodash overrides (4.17.12 preselected), jsonwebtoken 4.2.2 before 9.0.0.
    name: 'npm-juice: a transitive lodash under sanitize-html, jsonwebtoken whose fix is a major upgrade',
    workspace: 'npm-juice',
    scenario: 'npm-juice',
    service: 'svc-juice',
    repository: 'github.com/acme/juice-like',
    manifest: 'package.json',
    expected: [
      {
        subject: 'jsonwebtoken 0.4.0',
        line: 8,
        advisories: 4,
        purl: 'pkg:npm/jsonwebtoken@0.4.0',
        ecosystem: 'npm',
        fixedTo: '9.0.0',
        isMajor: true,
        versionAfter: (text) => (JSON.parse(text) as { dependencies: Record<string, string> }).dependencies.jsonwebtoken,
      },
      {
        subject: 'lodash 4.17.11 via sanitize-html',
        line: 9,
        advisories: 4,
        purl: 'pkg:npm/lodash@4.17.11',
        ecosystem: 'npm',
        fixedTo: '4.17.21',
        isMajor: false,
        versionAfter: (text) => (JSON.parse(text) as { overrides?: { 'sanitize-html'?: { lodash?: string } } }).overrides?.['sanitize-html']?.lodash,
      },
      {
        subject: 'sanitize-html 1.4.2',
        line: 9,
        advisories: 3,
        purl: 'pkg:npm/sanitize-html@1.4.2',
        ecosystem: 'npm',
        fixedTo: '2.3.1',
        isMajor: true,
        versionAfter: (text) => (JSON.parse(text) as { dependencies: Record<string, string> }).dependencies['sanitize-html'],
      },
    ],
  },
];

/** Whether an advisory of the scenario still affects a version (its range, else below its lowest fixed version). */
function affects(ecosystem: string, finding: ScenarioFinding, version: string): boolean {
  const range = finding.package.vulnerableRange;
  assert.ok(range, `${finding.id} has a range to check against`);
  const inRange = isInVersionRange(ecosystem, version, range);
  assert.notEqual(inRange, undefined, `${finding.id}: ${range} reads`);
  return inRange!;
}

// Issue 9 items 1 and 2: one diagnostic per package version per manifest line, ≤ 8 quick-fix rows on a line, one
// preferred fix per package that fixes every one of its advisories, and a bounded table hover.
suite('protocol: one diagnostic per vulnerable package version, one right fix (issue 9)', function () {
  this.timeout(120_000);

  for (const { name, workspace: workspaceName, scenario, service, repository, manifest, expected } of cases) {
    suite(name, () => {
      let backend: FixtureBackend;
      let workspace: ReturnType<typeof copyWorkspace>;
      let client: LspTestClient;
      let diagnostics: Diagnostic[];
      let manifestUri: string;
      let manifestText: string;

      suiteSetup(async () => {
        backend = await startBackend(scenario);
        workspace = copyWorkspace(workspaceName);
        manifestUri = workspace.uriOf(manifest);
        manifestText = readFileSync(path.join(workspace.dir, manifest), 'utf8');
        client = await LspTestClient.start({
          workspaceUri: workspace.uri,
          settings: { backend: { url: backend.url, timeoutMs: 3000 }, repository, diagnostics: { minPriority: 0, showUnreachable: true } },
        });
        diagnostics = await client.waitForDiagnostics(
          manifestUri,
          (list) => expected.every((entry) => list.some((diagnostic) => messageOf(diagnostic).startsWith(`${entry.subject}:`))),
          `a diagnostic for each of ${expected.map((entry) => entry.subject).join(', ')}`,
        );
      });

      suiteTeardown(async () => {
        await client?.stop();
        await backend?.close();
        workspace?.dispose();
      });

      test('exactly one diagnostic per package version per line, counting its advisories, with its highest advisory’s severity', () => {
        const subjects = diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${messageOf(diagnostic).split(':')[0]}`);
        assert.equal(new Set(subjects).size, subjects.length, `no package version twice on a line: ${subjects.join(' | ')}`);
        for (const entry of expected) {
          const matching = diagnostics.filter((diagnostic) => messageOf(diagnostic).startsWith(`${entry.subject}:`));
          assert.equal(matching.length, 1, `${entry.subject}: ${matching.map(messageOf).join(' | ')}`);
          const [diagnostic] = matching;
          assert.equal(diagnostic!.range.start.line + 1, entry.line, `${entry.subject} on its manifest line`);
          assert.match(messageOf(diagnostic!), new RegExp(`^${entry.subject}: ${entry.advisories} advisories \\((\\d+ (critical|high|medium|low|info)(, )?)+\\) · priority \\d+ \\((critical|high|medium|low)\\) · `));
          const data = diagnostic!.data as { findingIds: string[] };
          assert.equal(data.findingIds.length, entry.advisories);
        }
        assert.ok(diagnostics.length <= 12, `per-advisory diagnostics would be many more: ${diagnostics.length}`);
      });

      test('at most 8 quick-fix rows on any line, one Triage… row, exactly one preferred fix per package that fixes every advisory', async () => {
        const findings = scenarioFindings(scenario, service);
        const lines = [...new Set(diagnostics.map((diagnostic) => diagnostic.range.start.line))];
        for (const line of lines) {
          const onLine = diagnostics.filter((diagnostic) => diagnostic.range.start.line === line);
          const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: manifestUri },
            range: onLine[0]!.range,
            context: { diagnostics: onLine, only: ['quickfix'] },
          });
          const titles = actions.map((action) => action.title);
          assert.ok(actions.length <= 8, `line ${line + 1}: ${actions.length} rows: ${titles.join(' | ')}`);
          assert.equal(titles.filter((title) => title === 'Triage…').length, 1, titles.join(' | '));
          const triage = actions.find((action) => action.title === 'Triage…')!;
          const advisories = (triage.command!.arguments![0] as { advisories: { advisoryId: string; severity: string }[] }).advisories;
          assert.equal(advisories.length, onLine.reduce((sum, diagnostic) => sum + (diagnostic.data as { findingIds: string[] }).findingIds.length, 0), 'Triage… offers every advisory on the line');
          assert.ok(advisories.every((advisory) => /^(GHSA|CVE)-/.test(advisory.advisoryId) && advisory.severity !== ''), 'each labelled with id and severity');
          assert.equal(titles.filter((title) => title.startsWith('Open advisory')).length, 1, titles.join(' | '));
          for (const entry of expected.filter((candidate) => candidate.line === line + 1)) {
            const diagnostic = onLine.find((candidate) => messageOf(candidate).startsWith(`${entry.subject}:`))!;
            const forPackage = actions.filter((action) => action.edit && action.diagnostics?.some((candidate) => messageOf(candidate) === messageOf(diagnostic)));
            const preferred = forPackage.filter((action) => action.isPreferred);
            assert.equal(preferred.length, 1, `${entry.subject}: one preferred fix among ${forPackage.map((action) => action.title).join(' | ')}`);
            const fix = preferred[0]!;
            assert.equal(forPackage[0], fix, 'the preferred fix comes first');
            assert.equal(fix.title.includes('major upgrade'), entry.isMajor, fix.title);
            assert.match(fix.title, new RegExp(`fixes all ${entry.advisories} advisories`));
            const after = entry.versionAfter(applyEdits(manifestText, (fix.edit!.changes![manifestUri] ?? []) as TextEdit[]));
            assert.equal(after?.replace(/^[=^~]+/, ''), entry.fixedTo, `${entry.subject}: ${fix.title}`);
            const own = findings.filter((finding) => finding.package.purl === entry.purl);
            assert.equal(own.length, entry.advisories);
            for (const finding of own) {
              assert.equal(affects(entry.ecosystem, finding, entry.fixedTo), false, `${entry.fixedTo} fixes ${finding.ruleId}`);
            }
            for (const other of forPackage.filter((action) => action !== fix)) {
              assert.ok(!other.isPreferred, `an alternative is not preferred: ${other.title}`);
            }
          }
        }
      });

      test('the hover is a compact table of the advisories, the evidence once, under 32 KB', async () => {
        for (const entry of expected) {
          const diagnostic = diagnostics.find((candidate) => messageOf(candidate).startsWith(`${entry.subject}:`))!;
          const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: manifestUri }, position: diagnostic.range.start });
          const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
          assert.ok(value.includes('| Advisory | Severity | Fixed in | Reachability |'), value.slice(0, 400));
          assert.ok(Buffer.byteLength(value, 'utf8') < 32 * 1024, `${Buffer.byteLength(value, 'utf8')} bytes`);
          const evidence = value.split('\n').filter((line) => line.startsWith('- '));
          assert.equal(new Set(evidence).size, evidence.length, 'each piece of evidence once');
          assert.equal(value.split('| Factor').length - 1, value.split('**ASPM ·').length - 1, 'the priority factors once per package');
          assert.ok(value.includes('**Fix:**'), 'the fix is named');
        }
      });
    });
  }
});
