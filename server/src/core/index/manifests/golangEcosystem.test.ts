import { strict as assert } from 'node:assert';
import { readFixture, workspaceManifests } from '../../../test/fixtures';
import { golangEcosystem } from './golangEcosystem';
import { parseVendorModules } from './vendorModules';
import { parseGoMod } from './goMod';
import { parseGoSum } from './goSum';
import { snapshotGraphs, type GraphSnapshot } from './graphSnapshot';

type Expected = { graphs: GraphSnapshot[]; problems: { at: string; matches: string }[] };

function build(files: Record<string, string>): { graphs: GraphSnapshot[]; problems: string[] } {
  const { graphs, problems } = golangEcosystem.buildGraphs(new Map(Object.entries(files)));
  return { graphs: snapshotGraphs(graphs), problems: problems.map((problem) => `${problem.path}:${(problem.range?.start.line ?? -1) + 1} ${problem.message}`) };
}

const sum = (...lines: string[]): string => lines.map((line) => `${line} h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`).join('\n');

suite('core/index/manifests/golangEcosystem', () => {
  test('go-service: the graph matches the expectations file', () => {
    const expected = JSON.parse(readFixture('workspaces', 'go-service', 'go-service.expected.json')) as Expected;
    const files = workspaceManifests('go-service', golangEcosystem);
    assert.deepEqual([...files.keys()], ['go.mod', 'go.sum']);
    const { graphs, problems } = golangEcosystem.buildGraphs(files);
    const [actual] = snapshotGraphs(graphs);
    const [want] = expected.graphs;
    assert.equal(graphs.length, 1);
    assert.deepEqual(actual?.declared, want?.declared);
    assert.deepEqual(Object.keys(actual?.packages ?? {}), Object.keys(want?.packages ?? {}));
    for (const [name, pkg] of Object.entries(want?.packages ?? {})) {
      assert.deepEqual(actual?.packages[name], pkg, name);
    }
    assert.deepEqual(actual, want);
    assert.deepEqual(problems, []);
  });

  test('replace: a local directory is first-party, a module version is what is built', () => {
    const { graphs } = build({
      'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/shared v0.1.0\n\tgolang.org/x/net v0.7.0 // indirect\n\tgithub.com/old/lib v1.0.0\n)\n\nreplace example.com/shared => ../shared\nreplace golang.org/x/net v0.6.0 => golang.org/x/net v0.99.0\nreplace golang.org/x/net => golang.org/x/net v0.98.0\nreplace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0\nreplace github.com/old/lib => github.com/new/lib v1.2.0\n',
    });
    const packages = graphs[0]!.packages;
    assert.deepEqual(Object.keys(packages), ['github.com/new/lib', 'golang.org/x/net']);
    assert.equal(packages['golang.org/x/net']?.version, 'v0.17.0', 'the replace for exactly v0.7.0 wins over the one for every version; the one for v0.6.0 does not apply');
    assert.deepEqual(packages['github.com/new/lib']?.introducedBy, ['go.mod#github.com/old/lib'], 'the require line of the replaced module introduces it');
    assert.equal(packages['github.com/new/lib']?.isDirect, true);
    assert.equal(graphs[0]!.declared.length, 3, 'the locally replaced module is still declared');
  });

  test('replace by another module: the replacement is the package, and it keeps the path the code imports', () => {
    const { graphs } = golangEcosystem.buildGraphs(new Map([['go.mod', 'module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/dgrijalva/jwt-go v3.2.0+incompatible\n\tgolang.org/x/net v0.7.0\n)\n\nreplace github.com/dgrijalva/jwt-go => github.com/golang-jwt/jwt v3.2.1+incompatible\nreplace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0\n']]));
    const packages = graphs[0]!.graph.packages.map((pkg) => [pkg.name, pkg.version, pkg.replacedModule]);
    assert.deepEqual(packages, [
      ['github.com/golang-jwt/jwt', 'v3.2.1+incompatible', 'github.com/dgrijalva/jwt-go'],
      ['golang.org/x/net', 'v0.17.0', undefined],
    ], 'a version replace of the same module replaces no module');
  });

  test('go.sum: a require without a checksum is reported; /go.mod-only lines are not builds', () => {
    const { graphs, problems } = build({
      'go.mod': 'module example.com/app\ngo 1.21\nrequire github.com/a/b v1.0.0\nrequire github.com/c/d v2.0.0+incompatible\n',
      'go.sum': sum('github.com/a/b v1.0.0', 'github.com/a/b v1.0.0/go.mod', 'github.com/c/d v1.0.0/go.mod', 'github.com/e/f v1.0.0'),
    });
    assert.equal(graphs[0]?.hasLockfile, true);
    assert.deepEqual(problems, ['go.mod:4 go.sum has no checksum for github.com/c/d v2.0.0+incompatible; run `go mod tidy`']);
    assert.deepEqual(Object.keys(graphs[0]!.packages), ['github.com/a/b', 'github.com/c/d'], 'go 1.17+: go.sum-only modules are not in the build');
  });

  test('before Go 1.17 the modules go.sum checksums are added at their highest version, introduced by go.sum', () => {
    const { graphs } = build({
      'go.mod': 'module example.com/app\ngo 1.16\nrequire github.com/a/b v1.0.0\n',
      'go.sum': sum('github.com/a/b v1.0.0', 'github.com/x/y v1.9.0', 'github.com/x/y v1.10.0', 'github.com/x/y v1.11.0/go.mod', 'github.com/z/z v0.1.0/go.mod'),
    });
    const y = graphs[0]!.packages['github.com/x/y'];
    assert.deepEqual(y, { version: 'v1.10.0', isDirect: false, isDevOnly: false, introducedBy: ['go.sum#github.com/x/y'], declaredAt: 'go.sum:3', chain: ['github.com/x/y'], parentsKnown: false });
    assert.equal(graphs[0]!.packages['github.com/z/z'], undefined);
  });

  test('one graph per go.mod; a go.sum without go.mod is ignored', () => {
    const { graphs } = build({
      'services/a/go.mod': 'module example.com/a\ngo 1.21\nrequire github.com/a/b v1.0.0\n',
      'services/b/go.mod': 'module example.com/b\ngo 1.21\n',
      'tools/go.sum': sum('github.com/q/q v1.0.0'),
    });
    assert.deepEqual(graphs.map((graph) => `${graph.rootDir} ${graph.rootManifestPath} ${graph.hasLockfile}`), ['services/a services/a/go.mod false', 'services/b services/b/go.mod false']);
  });

  test('require lines carry their range; // indirect and quoted paths are read', () => {
    const text = 'module "example.com/app"\n\nrequire (\n    "github.com/a/b" v1.0.0 // indirect; needed by c\n\tgithub.com/c/d v0.2.0 // used directly\n)\n';
    const goMod = parseGoMod(text, 'go.mod').value!;
    assert.equal(goMod.module, 'example.com/app');
    assert.deepEqual(goMod.requires.map((require) => `${require.module} ${require.version} ${require.isIndirect}`), ['github.com/a/b v1.0.0 true', 'github.com/c/d v0.2.0 false']);
    assert.deepEqual(goMod.requires[0]?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 52 } });
  });

  const bad: { name: string; text: string; problems: RegExp[]; requires: string[] }[] = [
    { name: 'unknown directive', text: 'module m\nfrobnicate x\nrequire a/b v1.0.0\n', problems: [/^Unknown go.mod directive "frobnicate"/], requires: ['a/b'] },
    { name: 'require without version', text: 'module m\nrequire a/b\nrequire c/d v1.0.0\n', problems: [/^Malformed require/], requires: ['c/d'] },
    { name: 'unclosed block', text: 'module m\nrequire (\n\ta/b v1.0.0\n', problems: [/^Unclosed require block/], requires: ['a/b'] },
    { name: 'replace without version to a module', text: 'module m\nreplace a/b => c/d\n', problems: [/^Malformed replace/], requires: [] },
    { name: 'empty file', text: '', problems: [], requires: [] },
  ];
  for (const { name, text, problems, requires } of bad) {
    test(`bad go.mod: ${name}`, () => {
      const parsed = parseGoMod(text, 'go.mod');
      assert.equal(parsed.problems.length, problems.length, JSON.stringify(parsed.problems));
      problems.forEach((pattern, index) => assert.match(parsed.problems[index]?.message ?? '', pattern));
      assert.deepEqual(parsed.value?.requires.map((require) => require.module), requires);
    });
  }

  test('bad go.sum lines are problems; good lines are kept', () => {
    const parsed = parseGoSum('github.com/a/b v1.0.0 h1:x=\ngarbage\ngithub.com/a/b v1.0.0/go.mod h1:y=\n', 'go.sum');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.range?.start.line, 1);
    assert.deepEqual(parsed.value?.map((entry) => `${entry.module} ${entry.version} ${entry.isGoModOnly}`), ['github.com/a/b v1.0.0 false', 'github.com/a/b v1.0.0 true']);
  });
});

// Issue #8 item 3: a project still on dep has no go.mod; its Gopkg.lock says which packages the build compiles in.
suite('core/index/manifests/golangEcosystem: vendor/modules.txt', () => {
  test('go-vendored: the packages each module compiles in, on its `# module version` line; no package lines, none', () => {
    const files = new Map(Object.entries({ 'go.mod': readFixture('workspaces', 'go-vendored', 'go.mod'), 'vendor/modules.txt': readFixture('workspaces', 'go-vendored', 'vendor', 'modules.txt') }));
    assert.ok(golangEcosystem.isManifestFile('vendor/modules.txt') && golangEcosystem.isManifestFile('svc/vendor/modules.txt') && !golangEcosystem.isManifestFile('modules.txt'));
    const { graphs, problems } = golangEcosystem.buildGraphs(files);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      graphs[0]!.graph.packages.map((pkg) => [pkg.name, pkg.isDirect, pkg.compiledPackages, pkg.compiledPackagesSource && `${pkg.compiledPackagesSource.path}:${pkg.compiledPackagesSource.range.start.line + 1}`]),
      [
        ['github.com/acme-labs/kvstore', true, ['github.com/acme-labs/kvstore'], 'vendor/modules.txt:1'],
        ['github.com/acme-labs/metrics', false, [], 'vendor/modules.txt:4'],
        ['golang.org/x/net', false, ['golang.org/x/net/html'], 'vendor/modules.txt:6'],
      ],
    );
  });

  test('a module vendored at another version than go.mod selects (a stale vendor folder) or not listed keeps what go.mod says', () => {
    const { graphs } = golangEcosystem.buildGraphs(new Map(Object.entries({
      'go.mod': 'module m\n\ngo 1.21\n\nrequire (\n\ta.io/x v1.1.0\n\tb.io/y v1.0.0\n)\n',
      'vendor/modules.txt': '# a.io/x v1.0.0\n## explicit\na.io/x\n',
    })));
    assert.deepEqual(graphs[0]!.graph.packages.map((pkg) => pkg.compiledPackages), [undefined, undefined]);
  });

  test('parseVendorModules: replacements, markers, and package lines outside their module', () => {
    const parsed = parseVendorModules('# a.io/x v1.0.0 => b.io/x v1.0.1\n## explicit; go 1.20\na.io/x/sub\n# c.io/z v0.1.0\nd.io/other\n', 'vendor/modules.txt');
    assert.deepEqual(parsed.value?.map((module) => [module.module, module.version, module.isExplicit, module.packages]), [['a.io/x', 'v1.0.0', true, ['a.io/x/sub']], ['c.io/z', 'v0.1.0', false, []]]);
    assert.deepEqual(parsed.problems.map((problem) => `${(problem.range?.start.line ?? 0) + 1} ${problem.message}`), ['5 A package line outside its module: d.io/other']);
  });
});

suite('core/index/manifests/golangEcosystem: Gopkg.lock', () => {
  test('go-dep: every locked project, direct when the root imports it, with the packages compiled in', () => {
    const files = workspaceManifests('go-dep', golangEcosystem);
    assert.deepEqual([...files.keys()], ['Gopkg.lock']);
    const { graphs, problems } = golangEcosystem.buildGraphs(files);
    assert.deepEqual(problems, []);
    const graph = graphs[0]!.graph;
    assert.equal(graphs[0]!.rootManifestPath, 'Gopkg.lock');
    const byName = new Map(graph.packages.map((pkg) => [pkg.name, pkg]));
    assert.equal(byName.size, 12);
    const gin = byName.get('github.com/gin-gonic/gin')!;
    assert.deepEqual({ version: gin.version, isDirect: gin.isDirect, hasKnownParents: gin.hasKnownParents, line: gin.introducedBy[0]!.range.start.line + 1 }, { version: 'v1.4.0', isDirect: true, hasKnownParents: false, line: 22 });
    assert.deepEqual(gin.compiledPackages, ['github.com/gin-gonic/gin', 'github.com/gin-gonic/gin/binding', 'github.com/gin-gonic/gin/internal/json', 'github.com/gin-gonic/gin/render']);
    const yaml = byName.get('gopkg.in/yaml.v2')!;
    assert.deepEqual({ isDirect: yaml.isDirect, compiled: yaml.compiledPackages, manifest: yaml.introducedBy[0]!.manifestPath }, { isDirect: false, compiled: ['gopkg.in/yaml.v2'], manifest: 'Gopkg.lock' });
    assert.equal(byName.get('golang.org/x/sys')?.version, undefined, 'a branch lock has a revision, not a version');
    assert.equal(byName.get('golang.org/x/sys')?.revision, 'a5b02f93d862f065920dd6a40dddc66b60d0dec4', 'its revision is kept for the BOM');
    assert.equal(gin.revision, undefined, 'a released version needs no revision');
  });

  test('a go.mod next to a Gopkg.lock wins; a lock without projects is a problem', () => {
    const both = golangEcosystem.buildGraphs(new Map([['go.mod', 'module example.com/app\ngo 1.21\nrequire github.com/a/b v1.0.0\n'], ['Gopkg.lock', '[[projects]]\n  name = "github.com/a/b"\n  packages = ["."]\n  version = "v0.9.0"\n']]));
    assert.deepEqual(both.graphs.map((rooted) => rooted.rootManifestPath), ['go.mod']);
    const empty = golangEcosystem.buildGraphs(new Map([['svc/Gopkg.lock', '[solve-meta]\n  solver-name = "gps-cdcl"\n']]));
    assert.deepEqual(empty.problems.map((problem) => problem.message), ['Gopkg.lock has no [[projects]] entries']);
  });
});
