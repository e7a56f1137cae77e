import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { snapshotGraphs, type GraphSnapshot } from './graphSnapshot';
import { buildResolvedNpmGraph, type ResolvedLockfile } from './npmGraph';
import { parseNpmManifest } from './npmManifest';
import { parsePnpmLockfile } from './pnpmLockfile';

function graphOf(lockfile: ResolvedLockfile, manifests: Record<string, string>): GraphSnapshot {
  const parsed = Object.entries(manifests).map(([path, text]) => parseNpmManifest(text, path).value!);
  const { graph } = buildResolvedNpmGraph('', parsed, lockfile);
  return snapshotGraphs([{ rootDir: '', rootManifestPath: 'package.json', overrides: {}, graph }])[0]!;
}

/** pnpm 9 keeps one snapshot per peer set; both are one package (real shape, resolution lines removed). */
const peersV9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      react:
        specifier: 18.2.0
        version: 18.2.0
      use-sync-external-store:
        specifier: 1.2.0
        version: 1.2.0(react@18.2.0)

  packages/legacy:
    dependencies:
      react:
        specifier: 17.0.2
        version: 17.0.2
      use-sync-external-store:
        specifier: 1.2.0
        version: 1.2.0(react@17.0.2)

packages:

  loose-envify@1.4.0:
    hasBin: true

  react@17.0.2:
    engines: {node: '>=0.10.0'}

  react@18.2.0:
    engines: {node: '>=0.10.0'}

  use-sync-external-store@1.2.0:
    peerDependencies:
      react: ^16.8.0 || ^17.0.0 || ^18.0.0

snapshots:

  loose-envify@1.4.0: {}

  react@17.0.2:
    dependencies:
      loose-envify: 1.4.0

  react@18.2.0:
    dependencies:
      loose-envify: 1.4.0

  use-sync-external-store@1.2.0(react@17.0.2):
    dependencies:
      react: 17.0.2

  use-sync-external-store@1.2.0(react@18.2.0):
    dependencies:
      react: 18.2.0
`;

/** pnpm 7 (lockfile 5.4): `specifiers` next to bare versions, `/name/version_peer` keys. */
const v5 = `lockfileVersion: 5.4

importers:

  .:
    specifiers:
      '@acme/lib': workspace:*
      use-sync-external-store: 1.2.0
    dependencies:
      '@acme/lib': link:packages/lib
      use-sync-external-store: 1.2.0_react@18.2.0

  packages/lib:
    specifiers:
      react: 18.2.0
    dependencies:
      react: 18.2.0

packages:

  /loose-envify/1.4.0:
    resolution: {integrity: sha512-lyuxPGr}
    dev: false

  /react/18.2.0:
    resolution: {integrity: sha512-/3IjMdb}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /use-sync-external-store/1.2.0_react@18.2.0:
    resolution: {integrity: sha512-eEgnFxG}
    peerDependencies:
      react: ^16.8.0 || ^17.0.0 || ^18.0.0
    dependencies:
      react: 18.2.0
    dev: false
`;

suite('core/index/manifests/pnpmLockfile', () => {
  test('v9: the workspace fixture has its importers, links and peer-free names', () => {
    const parsed = parsePnpmLockfile(readFixture('workspaces', 'pnpm-workspace', 'pnpm-lock.yaml'), 'pnpm-lock.yaml');
    assert.deepEqual(parsed.problems, []);
    const lockfile = parsed.value!;
    assert.equal(lockfile.lockfileVersion, '9.0');
    assert.deepEqual([...lockfile.importers!.keys()], ['', 'packages/api', 'packages/shared']);
    assert.equal(lockfile.importers!.get('packages/api')!.get('@acme/shared'), 'link:packages/shared');
    assert.deepEqual(lockfile.packages.get('link:packages/shared'), { name: '@acme/shared', dependencies: [], workspaceDir: 'packages/shared' });
    assert.deepEqual(lockfile.packages.get('qs@6.7.0'), {
      name: 'qs',
      version: '6.7.0',
      dependencies: [],
      integrity: 'sha512-VCdBRNFTX1fyE7Nb6FYoURo/SPe62QCaAyzJvUjwRaIsc+NePBEniHlvxFmmX56+HZphIGtV0XeCirBtpDrTyQ==',
    });
  });

  test('v9: peer variants of one version are one package, introduced by each importer', () => {
    const lockfile = parsePnpmLockfile(peersV9, 'pnpm-lock.yaml').value!;
    const graph = graphOf(lockfile, {
      'package.json': '{"dependencies":{"react":"18.2.0","use-sync-external-store":"1.2.0"}}',
      'packages/legacy/package.json': '{"dependencies":{"react":"17.0.2","use-sync-external-store":"1.2.0"}}',
    });
    assert.deepEqual(Object.keys(graph.packages), ['loose-envify', 'react@17.0.2', 'react@18.2.0', 'use-sync-external-store']);
    assert.deepEqual(graph.packages['use-sync-external-store']?.introducedBy, ['package.json#use-sync-external-store', 'packages/legacy/package.json#use-sync-external-store']);
    assert.deepEqual(graph.packages['loose-envify']?.chain, ['react', 'loose-envify']);
  });

  test('v5: bare versions, `/name/version_peer` keys and links', () => {
    const parsed = parsePnpmLockfile(v5, 'pnpm-lock.yaml');
    assert.deepEqual(parsed.problems, []);
    const lockfile = parsed.value!;
    assert.deepEqual(lockfile.packages.get('/use-sync-external-store/1.2.0_react@18.2.0'), { name: 'use-sync-external-store', version: '1.2.0', dependencies: ['/react/18.2.0'], integrity: 'sha512-eEgnFxG' });
    const graph = graphOf(lockfile, {
      'package.json': '{"dependencies":{"@acme/lib":"workspace:*","use-sync-external-store":"1.2.0"}}',
      'packages/lib/package.json': '{"name":"@acme/lib","dependencies":{"react":"18.2.0"},"devDependencies":{"left-pad":"1.3.0"}}',
    });
    assert.deepEqual(Object.keys(graph.packages), ['left-pad', 'loose-envify', 'react', 'use-sync-external-store']);
    assert.deepEqual(graph.packages.react?.introducedBy, ['package.json#@acme/lib', 'package.json#use-sync-external-store', 'packages/lib/package.json#react']);
    assert.equal(graph.packages['left-pad']?.version, null, 'declared, but not in the lockfile');
  });

  test('a link that leaves the repository is dropped; a link to a folder that is no member is walked no further', () => {
    const lockfile = parsePnpmLockfile("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      outside:\n        specifier: link:../../x\n        version: link:../../x\n      tools:\n        specifier: link:tools\n        version: link:tools\n", 'pnpm-lock.yaml').value!;
    assert.deepEqual(Object.fromEntries(lockfile.importers!.get('')!), { tools: 'link:tools' });
    const graph = graphOf(lockfile, { 'package.json': '{"dependencies":{"outside":"link:../../x","tools":"link:tools"}}' });
    assert.deepEqual(Object.keys(graph.packages), ['outside']);
    assert.equal(graph.packages.outside?.version, null);
  });

  const fixture = readFixture('workspaces', 'pnpm-workspace', 'pnpm-lock.yaml');
  const cut = fixture.indexOf('resolution: {integrity: sha512-8xOcRHvCjnocdS5cpwXQXVzmmh5e5');
  const bad: { name: string; text: string; problems: RegExp[]; line?: number; isRead?: boolean; version?: string }[] = [
    {
      name: 'truncated inside a flow map: reported at its line, what parsed is kept',
      text: fixture.slice(0, cut + 30),
      problems: [/^Invalid YAML: Flow map in block collection must be sufficiently indented and end with a \}$/],
      line: fixture.slice(0, cut).split('\n').length,
      isRead: true,
    },
    { name: 'a yarn.lock saved as pnpm-lock.yaml', text: readFixture('workspaces', 'yarn-classic', 'yarn.lock'), problems: [/^Cannot read pnpm-lock\.yaml: no lockfileVersion; not a pnpm lockfile$/] },
    { name: 'a berry yarn.lock saved as pnpm-lock.yaml', text: readFixture('workspaces', 'yarn-berry', 'yarn.lock'), problems: [/^Cannot read pnpm-lock\.yaml: no lockfileVersion; not a pnpm lockfile$/] },
    { name: 'a package-lock.json saved as pnpm-lock.yaml', text: readFixture('workspaces', 'node-express', 'package-lock.json'), problems: [/^Cannot read pnpm-lock\.yaml: lockfileVersion 3 is not a pnpm lockfile version/] },
    { name: 'pnpm 5 lockfile v3', text: 'lockfileVersion: 3.9\ndependencies:\n  a: 1.0.0\n', problems: [/lockfileVersion 3\.9 is not a pnpm lockfile version/] },
    { name: 'CRLF line endings (a Windows checkout)', text: fixture.replace(/\n/g, '\r\n'), problems: [], isRead: true, version: '9.0' },
    { name: 'a YAML list', text: '- a\n', problems: [/not a YAML mapping/] },
    { name: 'a scalar', text: 'pnpm', problems: [/not a YAML mapping/] },
    { name: 'an empty file', text: '', problems: [/no lockfileVersion/] },
    { name: 'duplicate keys: the last one wins', text: "lockfileVersion: '5.4'\nlockfileVersion: '9.0'\n", problems: [], isRead: true, version: '9.0' },
    { name: 'a tab-indented file', text: "lockfileVersion: '9.0'\nimporters:\n\t.: {}\n", problems: [/^Invalid YAML: /], line: 3, isRead: true },
  ];
  for (const { name, text, problems, line, isRead, version } of bad) {
    test(`bad input: ${name}`, () => {
      const parsed = parsePnpmLockfile(text, 'pnpm-lock.yaml');
      assert.equal(parsed.problems.length, problems.length, parsed.problems.map((problem) => problem.message).join('\n'));
      problems.forEach((pattern, index) => assert.match(parsed.problems[index]?.message ?? '', pattern));
      assert.ok(parsed.problems.every((problem) => problem.path === 'pnpm-lock.yaml'));
      if (line !== undefined) {
        assert.equal((parsed.problems[0]?.range?.start.line ?? -1) + 1, line, 'line of the problem');
      }
      assert.equal(parsed.value !== undefined, isRead === true, 'whether anything was read');
      if (version !== undefined) {
        assert.equal(parsed.value?.lockfileVersion, version);
      }
    });
  }

  test('a truncated lockfile still resolves the importers it read', () => {
    const parsed = parsePnpmLockfile(fixture.slice(0, cut + 30), 'pnpm-lock.yaml');
    assert.equal(parsed.value?.importers?.get('')?.get('lodash'), 'lodash@4.17.15');
  });
});
