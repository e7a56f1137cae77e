import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/cli/report';
import { runCli } from './cliRunner';
import { copyWorkspace } from './lspTestClient';

// Issue 13 §8: whole dependency graphs and reports were dropped for their size or shape.

const osvRecords = path.resolve(__dirname, '../../../../test-fixtures/osv/records');

/** `[advisory, package@version, path:line]` of every finding, sorted. */
function findingsOf(report: Report): string[] {
  return report.findings.map((finding) => `${finding.advisory} ${finding.package?.name}@${finding.package?.version} ${finding.location?.path}:${finding.location?.line}`).sort();
}

suite('cli: large and unusual inputs', () => {
  test('npm-pinned: exact pins without a lockfile (4.17.19, =6.9.4, v4.17.15) match OSV advisories; ranges do not', async () => {
    const workspace = copyWorkspace('npm-pinned');
    try {
      const expected = JSON.parse(readFileSync(path.join(workspace.dir, 'npm-pinned.expected.json'), 'utf8')) as { findings: { advisory: string; package: string; version: string; location: string }[] };
      const { code, stdout } = await runCli(['scan', workspace.dir, '--osv', osvRecords, '--format', 'json']);
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as Report;
      assert.deepEqual(findingsOf(report), expected.findings.map((finding) => `${finding.advisory} ${finding.package}@${finding.version} ${finding.location}`).sort());
      assert.ok(report.findings.every((finding) => finding.reachability.tier === 'imported'), 'src/index.js imports all three');
    } finally {
      workspace.dispose();
    }
  });

  test('a 5 MB package-lock.json (real monorepos have 5–30 MB) is read whole: its versions match advisories', async () => {
    const workspace = copyWorkspace('node-express');
    try {
      const lockPath = path.join(workspace.dir, 'package-lock.json');
      const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, unknown> };
      // Thousands of installed packages shaped like npm writes them, around the fixture's real ones.
      let size = statSync(lockPath).size;
      for (let at = 0; size < 5.2 * 1024 * 1024; at++) {
        const name = `@acme/generated-${at}`;
        const entry = {
          version: `1.${at % 10}.${at % 7}`,
          resolved: `https://registry.npmjs.org/${name}/-/generated-${at}-1.${at % 10}.${at % 7}.tgz`,
          integrity: `sha512-${Buffer.from(name.repeat(6)).toString('base64').slice(0, 86)}==`,
          dependencies: { [`@acme/generated-${Math.floor(at / 2)}`]: '^1.0.0', lodash: '^4.17.15' },
          engines: { node: '>=14' },
          license: 'MIT',
        };
        lock.packages[`node_modules/${name}`] = entry;
        size += JSON.stringify(entry, null, 6).length + name.length + 20;
      }
      writeFileSync(lockPath, JSON.stringify(lock, null, 2));
      assert.ok(statSync(lockPath).size > 5 * 1024 * 1024);
      const { code, stdout } = await runCli(['scan', workspace.dir, '--osv', osvRecords, '--format', 'json']);
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as Report;
      assert.deepEqual(report.problems.filter((problem) => problem.includes('package-lock.json')), []);
      assert.ok(findingsOf(report).includes('GHSA-p6mc-m468-83gw lodash@4.17.15 package.json:14'), findingsOf(report).join('\n'));
    } finally {
      workspace.dispose();
    }
  });

  test('a SARIF report over 64 MB is a problem in the JSON and table output, and the rest is scanned', async () => {
    const workspace = copyWorkspace('node-express');
    try {
      mkdirSync(path.join(workspace.dir, 'reports'));
      const result = JSON.stringify({ ruleId: 'js/sql-injection', level: 'error', message: { text: 'Query built from user input' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/routes/login.ts' }, region: { startLine: 12 } } }] });
      const results = `${result},`.repeat(Math.ceil((65 * 1024 * 1024) / (result.length + 1)));
      writeFileSync(path.join(workspace.dir, 'reports', 'huge.sarif'), `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL"}},"results":[${results}${result}]}]}`);
      writeFileSync(path.join(workspace.dir, 'reports', 'small.sarif'), readFileSync(path.resolve(__dirname, '../../../../test-fixtures/sarif/semgrep.sarif')));
      const json = await runCli(['scan', workspace.dir, '--osv', osvRecords, '--format', 'json']);
      assert.equal(json.code, 0);
      const report = JSON.parse(json.stdout) as Report;
      assert.deepEqual(report.problems.filter((problem) => problem.includes('huge.sarif')), ['reports/huge.sarif: Not indexed: larger than 64 MB (65 MB)']);
      assert.ok(report.findings.some((finding) => finding.advisory === 'GHSA-p6mc-m468-83gw'), 'advisories still matched');
      assert.ok(report.summary.total > 1, 'the small report is still read');
      const table = await runCli(['scan', workspace.dir, '--osv', osvRecords]);
      assert.match(table.stdout, /! reports\/huge\.sarif: Not indexed: larger than 64 MB \(65 MB\)/);
    } finally {
      workspace.dispose();
    }
  });
  // Issue 13 §7: one bad file made the CLI exit 2 with nothing analysed.
  test('a deeply nested package.json and Pipfile.lock and an alias-bomb ignore file: exit 0, one problem each, the rest scanned', async () => {
    const workspace = copyWorkspace('node-express');
    try {
      const aliases = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]', ...Array.from({ length: 149 }, (_, level) => `a${level + 1}: &a${level + 1} [${Array(9).fill(`*a${level}`).join(', ')}]`)];
      mkdirSync(path.join(workspace.dir, '.aspm'));
      writeFileSync(path.join(workspace.dir, '.aspm', 'ignore.yaml'), [...aliases, 'ignore:', '  - id: GHSA-p6mc-m468-83gw', '    reason: must not hide it'].join('\n'));
      mkdirSync(path.join(workspace.dir, 'tools', 'deep'), { recursive: true });
      writeFileSync(path.join(workspace.dir, 'tools', 'deep', 'package.json'), `{"name":"deep","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
      mkdirSync(path.join(workspace.dir, 'tools', 'py'), { recursive: true });
      writeFileSync(path.join(workspace.dir, 'tools', 'py', 'Pipfile.lock'), `{"default":{"x":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}}`);
      const { code, stdout } = await runCli(['scan', workspace.dir, '--osv', osvRecords, '--format', 'json']);
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as Report;
      for (const file of ['.aspm/ignore.yaml', 'tools/deep/package.json', 'tools/py/Pipfile.lock']) {
        assert.equal(report.problems.filter((problem) => problem.includes(file)).length, 1, `one problem for ${file}: ${report.problems.join('\n')}`);
      }
      assert.ok(findingsOf(report).includes('GHSA-p6mc-m468-83gw lodash@4.17.15 package.json:14'), findingsOf(report).join('\n'));
    } finally {
      workspace.dispose();
    }
  });
});
