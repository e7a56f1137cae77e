import { strict as assert } from 'node:assert';
import type { AnalyzedFinding } from '../model/analysis';
import type { IacResource } from '../model/iacFacts';
import type { RootedGraph } from '../model/workspaceIndex';
import { baselineStateOf, branchChanges, type Baseline } from './baseline';
import { parseUnifiedDiff, touchesChangedLines } from './unifiedDiff';

const diff = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -3 +3,2 @@ import x
-old
+new one
+new two
@@ -20,0 +22 @@ function y
+added
diff --git a/src/new.ts b/src/new.ts
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
--- a/src/gone.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/old/name.ts b/new/name.ts
similarity 100%
rename from old/name.ts
rename to new/name.ts
diff --git "a/src/t\\303\\251st.ts" "b/src/t\\303\\251st.ts"
--- "a/src/t\\303\\251st.ts"
+++ "b/src/t\\303\\251st.ts"
@@ -1,0 +2 @@
+x
`;

suite('core/baseline/unifiedDiff', () => {
  test('added and rewritten lines per file, new files, renames and quoted paths; deleted files are left out', () => {
    const changes = parseUnifiedDiff(diff);
    assert.deepEqual([...changes.keys()], ['src/app.ts', 'src/new.ts', 'new/name.ts', 'src/tést.ts']);
    assert.deepEqual(changes.get('new/name.ts'), { isNew: false, renamedFrom: 'old/name.ts', addedLines: [] });
    assert.deepEqual(changes.get('src/app.ts'), { isNew: false, addedLines: [[2, 3], [21, 21]] });
    assert.equal(changes.get('src/new.ts')?.isNew, true);
    assert.deepEqual(changes.get('src/tést.ts')?.addedLines, [[1, 1]]);
    const app = changes.get('src/app.ts');
    assert.equal(touchesChangedLines(app, 3, 3), true);
    assert.equal(touchesChangedLines(app, 4, 20), false);
    assert.equal(touchesChangedLines(app, 21, 30), true);
    assert.equal(touchesChangedLines(changes.get('src/new.ts'), 100, 100), true, 'every line of a new file is new');
    assert.equal(touchesChangedLines(undefined, 0, 0), false);
  });

  test('a pure rename with no edits changes no line', () => {
    const renamed = parseUnifiedDiff('diff --git a/a.ts b/b.ts\nsimilarity index 100%\nrename from a.ts\nrename to b.ts\n');
    assert.deepEqual(renamed.get('b.ts'), { isNew: false, renamedFrom: 'a.ts', addedLines: [] });
  });
});

function graph(packages: [string, string][]): RootedGraph {
  return {
    rootDir: '',
    rootManifestPath: 'package.json',
    overrides: {},
    graph: { ecosystem: 'npm', declared: [], hasLockfile: true, packages: packages.map(([name, version]) => ({ ecosystem: 'npm', name, version, isDirect: true, isDevOnly: false, introducedBy: [], chain: [name] })) },
  };
}

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });

function packageFinding(version: string, options: { fixed?: boolean } = {}): AnalyzedFinding {
  return {
    finding: { id: 'f', kind: 'sca', title: 't', severity: 'high', sources: [], package: { ecosystem: 'npm', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15', fixedVersions: ['4.17.19'], vulnerableRange: '<4.17.19' } },
    serviceId: 's',
    location: { path: 'package.json', range: range(3) },
    package: { ecosystem: 'npm', name: 'lodash', version, isDirect: true, isDevOnly: false, introducedBy: [], chain: ['lodash'] },
    isFixedInWorkspace: options.fixed ?? false,
    reachability: { tier: 'imported', summary: '', evidence: [] },
    priority: { score: 50, band: 'medium', factors: [] },
    isSurfaced: true,
  };
}

function codeFinding(kind: 'sast' | 'iac', path: string, line: number): AnalyzedFinding {
  return { ...packageFinding('1'), finding: { id: 'c', kind, title: 't', severity: 'high', sources: [] }, package: undefined, location: { path, range: range(line) } };
}

suite('core/baseline: what a branch introduces', () => {
  const baseline = (packages: [string, string][], iacAddresses: string[] = []): Baseline => ({ ref: 'main', commit: 'abc', changes: parseUnifiedDiff(diff), graphs: [graph(packages)], iacAddresses: new Set(iacAddresses) });
  const table: { name: string; finding: AnalyzedFinding; base: Baseline; state: string }[] = [
    { name: 'a package the base did not have is new', finding: packageFinding('4.17.15'), base: baseline([['express', '4.17.1']]), state: 'new' },
    { name: 'the same version as the base is unchanged', finding: packageFinding('4.17.15'), base: baseline([['lodash', '4.17.15']]), state: 'unchanged' },
    { name: 'another affected version is updated', finding: packageFinding('4.17.15'), base: baseline([['lodash', '4.17.10']]), state: 'updated' },
    { name: 'a branch that downgrades from a fixed version introduces it', finding: packageFinding('4.17.15'), base: baseline([['lodash', '4.17.21']]), state: 'new' },
    { name: 'a branch that upgrades to a fixed version makes it absent', finding: packageFinding('4.17.21', { fixed: true }), base: baseline([['lodash', '4.17.15']]), state: 'absent' },
    { name: 'a code finding on a changed line is new', finding: codeFinding('sast', 'src/app.ts', 3), base: baseline([]), state: 'new' },
    { name: 'a code finding on an untouched line is unchanged', finding: codeFinding('sast', 'src/app.ts', 10), base: baseline([]), state: 'unchanged' },
    { name: 'a code finding in a new file is new', finding: codeFinding('sast', 'src/new.ts', 0), base: baseline([]), state: 'new' },
    { name: 'an IaC finding on a resource the base lacked is new', finding: codeFinding('iac', 'main.tf', 10), base: baseline([], ['aws_s3_bucket.old']), state: 'new' },
    { name: 'an IaC finding on an existing, untouched resource is unchanged', finding: codeFinding('iac', 'main.tf', 10), base: baseline([], ['aws_s3_bucket.logs']), state: 'unchanged' },
  ];
  const resource: IacResource = { tool: 'terraform', type: 'aws_s3_bucket', name: 'logs', address: 'aws_s3_bucket.logs', location: { path: 'main.tf', range: { start: { line: 8, character: 0 }, end: { line: 12, character: 1 } } } };
  for (const row of table) {
    test(row.name, () => {
      assert.equal(baselineStateOf(row.finding, row.base, (at) => (at.path === 'main.tf' ? resource : undefined)), row.state);
    });
  }

  test('branch changes: added and changed dependency versions, new IaC resources', () => {
    const base = baseline([['lodash', '4.17.21'], ['express', '4.17.1']], ['aws_s3_bucket.logs']);
    const changes = branchChanges(base, [graph([['lodash', '4.17.15'], ['express', '4.17.1'], ['qs', '6.7.0']])], [resource, { ...resource, name: 'assets', address: 'aws_s3_bucket.assets' }]);
    assert.deepEqual(changes.dependencies.map((dependency) => `${dependency.change} ${dependency.name}@${dependency.version} ${dependency.before?.join(',') ?? ''}`.trim()), ['changed lodash@4.17.15 4.17.21', 'added qs@6.7.0']);
    assert.deepEqual(changes.iacResources.map((added) => added.address), ['aws_s3_bucket.assets']);
  });
});
