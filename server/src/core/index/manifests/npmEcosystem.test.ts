import { strict as assert } from 'node:assert';
import { importsOf, readFixture, workspaceManifests } from '../../../test/fixtures';
import { snapshotGraphs, type GraphSnapshot, type PackageSnapshot } from './graphSnapshot';
import { npmEcosystem } from './npmEcosystem';

/** `<name>.expected.json` of the yarn and pnpm fixture workspaces (same style as `npm-monorepo.expected.json`). */
type Expected = {
  rootManifestPath: string;
  lockfile: string;
  packageCount: number;
  declared: string[];
  packages: Record<string, { version: string; isDirect: boolean; isDevOnly: boolean; introducedBy: string[]; chainStartsWith: string; chain?: string[] }>;
  imports: Record<string, string[]>;
  problems: string[];
};

function build(files: Record<string, string> | Map<string, string>): { graphs: GraphSnapshot[]; problems: string[] } {
  const { graphs, problems } = npmEcosystem.buildGraphs(files instanceof Map ? files : new Map(Object.entries(files)));
  return { graphs: snapshotGraphs(graphs), problems: problems.map((problem) => `${problem.path}:${(problem.range?.start.line ?? -1) + 1} ${problem.message}`) };
}

/** Packages as `name@version` → the facts that do not depend on the manifest layout. */
function byNameVersion(graph: GraphSnapshot): Map<string, Pick<PackageSnapshot, 'isDirect' | 'isDevOnly' | 'chain'>> {
  return new Map(
    Object.entries(graph.packages).map(([key, pkg]) => {
      const name = key.endsWith(`@${pkg.version}`) ? key.slice(0, key.length - `@${pkg.version}`.length) : key;
      return [`${name}@${pkg.version}`, { isDirect: pkg.isDirect, isDevOnly: pkg.isDevOnly, chain: pkg.chain }];
    }),
  );
}

const fixtures: { workspace: string; manifests: string[] }[] = [
  { workspace: 'yarn-classic', manifests: ['package.json', 'packages/api/package.json', 'packages/shared/package.json', 'yarn.lock'] },
  { workspace: 'yarn-berry', manifests: ['package.json', 'packages/api/package.json', 'packages/shared/package.json', 'yarn.lock'] },
  { workspace: 'pnpm-workspace', manifests: ['package.json', 'packages/api/package.json', 'packages/shared/package.json', 'pnpm-lock.yaml'] },
];

suite('core/index/manifests/npmEcosystem: yarn and pnpm fixtures', () => {
  for (const { workspace, manifests } of fixtures) {
    test(`${workspace}: one graph over the root and its workspaces matches the expectations file`, () => {
      const expected = JSON.parse(readFixture('workspaces', workspace, `${workspace}.expected.json`)) as Expected;
      const files = workspaceManifests(workspace, npmEcosystem);
      assert.deepEqual([...files.keys()], manifests);
      const { graphs, problems } = build(files);
      assert.deepEqual(problems, expected.problems);
      assert.equal(graphs.length, 1, 'the workspaces are members of the root graph, not graphs of their own');
      const [graph] = graphs;
      assert.equal(graph?.rootManifestPath, expected.rootManifestPath);
      assert.equal(graph?.hasLockfile, true);
      assert.deepEqual(graph?.declared, expected.declared);
      assert.equal(Object.keys(graph?.packages ?? {}).length, expected.packageCount, 'package count');
      assert.equal(graph?.packages['@acme/shared'], undefined, 'workspace packages are first-party, not packages');
      for (const [key, want] of Object.entries(expected.packages)) {
        const found = graph?.packages[key];
        assert.ok(found, `${key} in the graph`);
        assert.equal(found.version, want.version, `${key} version`);
        assert.equal(found.isDirect, want.isDirect, `${key} isDirect`);
        assert.equal(found.isDevOnly, want.isDevOnly, `${key} isDevOnly`);
        assert.deepEqual(found.introducedBy, [...want.introducedBy].sort(), `${key} introducedBy`);
        assert.equal(found.chain[0], want.chainStartsWith, `${key} chain start`);
        assert.equal(found.chain.at(-1), key.replace(/(.)@.*$/, '$1'), `${key} chain end`);
        if (want.chain) {
          assert.deepEqual(found.chain, want.chain, `${key} chain`);
        }
      }
    });

    test(`${workspace}: the source files import what the expectations file says`, async () => {
      const expected = JSON.parse(readFixture('workspaces', workspace, `${workspace}.expected.json`)) as Expected;
      for (const [path, packages] of Object.entries(expected.imports)) {
        const facts = await importsOf(path, readFixture('workspaces', workspace, path));
        assert.deepEqual(
          facts.map((fact) => fact.packageName),
          packages,
          path,
        );
      }
    });
  }

  test('yarn classic, yarn berry and pnpm agree on the same workspace; berry adds the node-gyp it injects under fsevents', () => {
    const [classic, berry, pnpm] = fixtures.map(({ workspace }) => build(workspaceManifests(workspace, npmEcosystem)).graphs[0]!);
    assert.deepEqual(pnpm!.packages, classic!.packages);
    const classicKeys = byNameVersion(classic!);
    const berryKeys = byNameVersion(berry!);
    assert.deepEqual([...classicKeys.keys()].filter((key) => !berryKeys.has(key)), []);
    const extra = [...berryKeys].filter(([key]) => !classicKeys.has(key));
    assert.equal(extra.length, 20);
    for (const [key, pkg] of extra) {
      assert.equal(pkg.isDevOnly, true, key);
      assert.deepEqual(pkg.chain.slice(0, 4), ['mocha', 'chokidar', 'fsevents', 'node-gyp'], key);
    }
  });

  test('the yarn and pnpm graphs hold the npm lockfile versions of node-express, with the same direct and dev-only facts', () => {
    const npm = byNameVersion(build(workspaceManifests('node-express', npmEcosystem)).graphs[0]!);
    const yarn = byNameVersion(build(workspaceManifests('yarn-classic', npmEcosystem)).graphs[0]!);
    for (const [key, { isDirect, isDevOnly }] of npm) {
      // npm keeps a prod and a dev copy of ms@2.1.3 apart (jsonwebtoken's and mocha's); one package is not dev-only.
      const want = { isDirect, isDevOnly: key === 'ms@2.1.3' ? false : isDevOnly };
      const got = yarn.get(key);
      assert.deepEqual(got && { isDirect: got.isDirect, isDevOnly: got.isDevOnly }, want, key);
    }
    assert.deepEqual([...yarn.keys()].filter((key) => !npm.has(key)).sort(), ['left-pad@1.3.0', 'minimist@1.2.5'], 'only the workspace packages add packages');
  });
});

/** One small project, locked by each package manager (real output, checksum/integrity/resolution lines removed). */
const tinyManifest = `{
  "name": "tiny",
  "private": true,
  "dependencies": {
    "str-width": "npm:string-width@4.2.3",
    "strip-ansi": "^6.0.0"
  },
  "optionalDependencies": {
    "is-number": "7.0.0"
  },
  "devDependencies": {
    "ansi-regex": "5.0.1"
  }
}
`;

const tinyLockfiles: { name: string; path: string; text: string }[] = [
  {
    name: 'yarn classic 1.22',
    path: 'yarn.lock',
    text: `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


ansi-regex@5.0.1, ansi-regex@^5.0.1:
  version "5.0.1"

emoji-regex@^8.0.0:
  version "8.0.0"

is-fullwidth-code-point@^3.0.0:
  version "3.0.0"

is-number@7.0.0:
  version "7.0.0"

"str-width@npm:string-width@4.2.3":
  version "4.2.3"
  dependencies:
    emoji-regex "^8.0.0"
    is-fullwidth-code-point "^3.0.0"
    strip-ansi "^6.0.1"

strip-ansi@^6.0.0, strip-ansi@^6.0.1:
  version "6.0.1"
  dependencies:
    ansi-regex "^5.0.1"
`,
  },
  {
    name: 'yarn berry 4.18',
    path: 'yarn.lock',
    text: `__metadata:
  version: 10
  cacheKey: 10c0

"ansi-regex@npm:5.0.1, ansi-regex@npm:^5.0.1":
  version: 5.0.1
  resolution: "ansi-regex@npm:5.0.1"
  languageName: node
  linkType: hard

"emoji-regex@npm:^8.0.0":
  version: 8.0.0
  resolution: "emoji-regex@npm:8.0.0"
  languageName: node
  linkType: hard

"is-fullwidth-code-point@npm:^3.0.0":
  version: 3.0.0
  resolution: "is-fullwidth-code-point@npm:3.0.0"
  languageName: node
  linkType: hard

"is-number@npm:7.0.0":
  version: 7.0.0
  resolution: "is-number@npm:7.0.0"
  languageName: node
  linkType: hard

"str-width@npm:string-width@4.2.3":
  version: 4.2.3
  resolution: "string-width@npm:4.2.3"
  dependencies:
    emoji-regex: "npm:^8.0.0"
    is-fullwidth-code-point: "npm:^3.0.0"
    strip-ansi: "npm:^6.0.1"
  languageName: node
  linkType: hard

"strip-ansi@npm:^6.0.0, strip-ansi@npm:^6.0.1":
  version: 6.0.1
  resolution: "strip-ansi@npm:6.0.1"
  dependencies:
    ansi-regex: "npm:^5.0.1"
  languageName: node
  linkType: hard

"tiny@workspace:.":
  version: 0.0.0-use.local
  resolution: "tiny@workspace:."
  dependencies:
    ansi-regex: "npm:5.0.1"
    is-number: "npm:7.0.0"
    str-width: "npm:string-width@4.2.3"
    strip-ansi: "npm:^6.0.0"
  dependenciesMeta:
    is-number:
      optional: true
  languageName: unknown
  linkType: soft
`,
  },
  {
    name: 'pnpm 8 (lockfile v6)',
    path: 'pnpm-lock.yaml',
    text: `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  str-width:
    specifier: npm:string-width@4.2.3
    version: /string-width@4.2.3
  strip-ansi:
    specifier: ^6.0.0
    version: 6.0.1

optionalDependencies:
  is-number:
    specifier: 7.0.0
    version: 7.0.0

devDependencies:
  ansi-regex:
    specifier: 5.0.1
    version: 5.0.1

packages:

  /ansi-regex@5.0.1:

  /emoji-regex@8.0.0:
    dev: false

  /is-fullwidth-code-point@3.0.0:
    dev: false

  /is-number@7.0.0:
    requiresBuild: true
    dev: false
    optional: true

  /string-width@4.2.3:
    dependencies:
      emoji-regex: 8.0.0
      is-fullwidth-code-point: 3.0.0
      strip-ansi: 6.0.1
    dev: false

  /strip-ansi@6.0.1:
    dependencies:
      ansi-regex: 5.0.1
    dev: false
`,
  },
  {
    name: 'pnpm 9 (lockfile v9)',
    path: 'pnpm-lock.yaml',
    text: `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      str-width:
        specifier: npm:string-width@4.2.3
        version: string-width@4.2.3
      strip-ansi:
        specifier: ^6.0.0
        version: 6.0.1
    optionalDependencies:
      is-number:
        specifier: 7.0.0
        version: 7.0.0
    devDependencies:
      ansi-regex:
        specifier: 5.0.1
        version: 5.0.1

packages:

  ansi-regex@5.0.1:

  emoji-regex@8.0.0:

  is-fullwidth-code-point@3.0.0:

  is-number@7.0.0:

  string-width@4.2.3:

  strip-ansi@6.0.1:

snapshots:

  ansi-regex@5.0.1: {}

  emoji-regex@8.0.0: {}

  is-fullwidth-code-point@3.0.0: {}

  is-number@7.0.0:
    optional: true

  string-width@4.2.3:
    dependencies:
      emoji-regex: 8.0.0
      is-fullwidth-code-point: 3.0.0
      strip-ansi: 6.0.1

  strip-ansi@6.0.1:
    dependencies:
      ansi-regex: 5.0.1
`,
  },
];

/** What every tiny lockfile must give: aliases install the real package, a dev declaration a prod one also pulls in is not dev-only. */
const tinyPackages: Record<string, Pick<PackageSnapshot, 'version' | 'isDirect' | 'isDevOnly' | 'introducedBy' | 'declaredAt' | 'chain'>> = {
  'ansi-regex': {
    version: '5.0.1',
    isDirect: true,
    isDevOnly: false,
    introducedBy: ['package.json#ansi-regex', 'package.json#str-width', 'package.json#strip-ansi'],
    declaredAt: 'package.json:6',
    chain: ['strip-ansi', 'ansi-regex'],
  },
  'emoji-regex': { version: '8.0.0', isDirect: false, isDevOnly: false, introducedBy: ['package.json#str-width'], declaredAt: 'package.json:5', chain: ['str-width', 'emoji-regex'] },
  'is-fullwidth-code-point': { version: '3.0.0', isDirect: false, isDevOnly: false, introducedBy: ['package.json#str-width'], declaredAt: 'package.json:5', chain: ['str-width', 'is-fullwidth-code-point'] },
  'is-number': { version: '7.0.0', isDirect: true, isDevOnly: false, introducedBy: ['package.json#is-number'], declaredAt: 'package.json:9', chain: ['is-number'] },
  'string-width': { version: '4.2.3', isDirect: true, isDevOnly: false, introducedBy: ['package.json#str-width'], declaredAt: 'package.json:5', chain: ['str-width'] },
  'strip-ansi': { version: '6.0.1', isDirect: true, isDevOnly: false, introducedBy: ['package.json#str-width', 'package.json#strip-ansi'], declaredAt: 'package.json:6', chain: ['strip-ansi'] },
};

suite('core/index/manifests/npmEcosystem: one project, four lockfile formats', () => {
  for (const { name, path, text } of tinyLockfiles) {
    test(`${name}: the graph`, () => {
      const { graphs, problems } = build({ 'package.json': tinyManifest, [path]: text });
      assert.deepEqual(problems, []);
      assert.equal(graphs.length, 1);
      const packages = Object.fromEntries(Object.entries(graphs[0]!.packages).map(([key, { version, isDirect, isDevOnly, introducedBy, declaredAt, chain }]) => [key, { version, isDirect, isDevOnly, introducedBy, declaredAt, chain }]));
      assert.deepEqual(packages, tinyPackages);
    });
  }
});

suite('core/index/manifests/npmEcosystem: lockfiles and the manifests they cover', () => {
  const yarnLock = tinyLockfiles[0]!.text;
  const pnpmLock = tinyLockfiles[3]!.text;
  const npmLock = JSON.stringify({
    name: 'tiny',
    lockfileVersion: 3,
    packages: { '': { name: 'tiny', dependencies: { 'strip-ansi': '^6.0.0' } }, 'node_modules/strip-ansi': { version: '6.0.0' } },
  });

  const precedence: { name: string; files: Record<string, string>; used: string; problems: RegExp[] }[] = [
    {
      name: 'package-lock.json wins over yarn.lock and pnpm-lock.yaml, which are reported',
      files: { 'package.json': tinyManifest, 'package-lock.json': npmLock, 'yarn.lock': yarnLock, 'pnpm-lock.yaml': pnpmLock },
      used: 'strip-ansi@6.0.0',
      problems: [/^yarn\.lock:0 Ignored: package-lock\.json in the same folder takes precedence/, /^pnpm-lock\.yaml:0 Ignored: package-lock\.json/],
    },
    {
      name: 'yarn.lock wins over pnpm-lock.yaml',
      files: { 'package.json': tinyManifest, 'pnpm-lock.yaml': pnpmLock, 'yarn.lock': yarnLock.replace('version "6.0.1"', 'version "6.0.9"') },
      used: 'strip-ansi@6.0.9',
      problems: [/^pnpm-lock\.yaml:0 Ignored: yarn\.lock in the same folder takes precedence/],
    },
    {
      name: 'an unreadable package-lock.json is reported and the next lockfile is used',
      files: { 'package.json': tinyManifest, 'package-lock.json': '{"packages":', 'yarn.lock': yarnLock },
      used: 'strip-ansi@6.0.1',
      problems: [/^package-lock\.json:0 Invalid JSON/],
    },
    {
      name: 'npm-shrinkwrap.json wins over package-lock.json, as in npm',
      files: { 'package.json': tinyManifest, 'package-lock.json': npmLock.replace('"6.0.0"', '"6.0.5"'), 'npm-shrinkwrap.json': npmLock },
      used: 'strip-ansi@6.0.0',
      problems: [/^package-lock\.json:0 Ignored: npm-shrinkwrap\.json/],
    },
  ];
  for (const { name, files, used, problems } of precedence) {
    test(name, () => {
      const built = build(files);
      assert.equal(built.graphs.length, 1);
      const pkg = built.graphs[0]!.packages['strip-ansi'];
      assert.equal(`strip-ansi@${pkg?.version}`, used);
      assert.equal(built.problems.length, problems.length, built.problems.join('\n'));
      problems.forEach((pattern, index) => assert.match(built.problems[index] ?? '', pattern));
    });
  }

  test('yarn classic: workspace globs (with a negation) pick the members; other package.json files below the lockfile are covered, not graphs of their own', () => {
    const { graphs, problems } = build({
      'package.json': '{"name":"root","private":true,"workspaces":["packages/*","tools/**","!packages/legacy"],"dependencies":{"strip-ansi":"^6.0.0"}}',
      'packages/a/package.json': '{"name":"a","dependencies":{"b":"*"}}',
      'packages/legacy/package.json': '{"name":"legacy","dependencies":{"left-pad":"1.3.0"}}',
      'tools/deep/cli/package.json': '{"name":"b","dependencies":{"emoji-regex":"^8.0.0"},"devDependencies":{"is-number":"7.0.0"}}',
      'test/fixtures/app/package.json': '{"name":"fixture","dependencies":{"left-pad":"1.3.0"}}',
      'yarn.lock': yarnLock,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      graphs.map((graph) => graph.rootManifestPath),
      ['package.json'],
    );
    const root = graphs[0]!;
    assert.deepEqual(root.declared, [
      'package.json:1 strip-ansi prod ^6.0.0',
      'packages/a/package.json:1 b prod *',
      'tools/deep/cli/package.json:1 emoji-regex prod ^8.0.0',
      'tools/deep/cli/package.json:1 is-number dev 7.0.0',
    ]);
    assert.deepEqual(root.packages['emoji-regex']?.introducedBy, ['packages/a/package.json#b', 'tools/deep/cli/package.json#emoji-regex'], 'a workspace named in a dependency is linked, no lockfile entry needed');
    assert.deepEqual(root.packages['emoji-regex']?.chain, ['emoji-regex']);
    assert.deepEqual(root.packages['is-number']?.introducedBy, ['tools/deep/cli/package.json#is-number'], "a linked workspace does not bring its dev dependencies");
    assert.equal(root.packages['is-number']?.isDevOnly, true);
  });

  test('a chain from a prod declaration beats a shorter one from a dev declaration, and its declaration leads', () => {
    const { graphs } = build({
      'package.json': '{"name":"root","private":true,"workspaces":["packages/*"],"devDependencies":{"strip-ansi":"^6.0.0"}}',
      'packages/a/package.json': '{"name":"a","dependencies":{"str-width":"npm:string-width@4.2.3"}}',
      'yarn.lock': yarnLock,
    });
    const { isDirect, isDevOnly, introducedBy, declaredAt, chain } = graphs[0]!.packages['strip-ansi']!;
    assert.deepEqual({ isDirect, isDevOnly, introducedBy, declaredAt, chain }, {
      isDirect: true,
      isDevOnly: false,
      introducedBy: ['package.json#strip-ansi', 'packages/a/package.json#str-width'],
      declaredAt: 'packages/a/package.json:1',
      chain: ['str-width', 'strip-ansi'],
    });
  });

  test('a declaration the lockfile lacks is reported against the lockfile and stays a direct package without a version', () => {
    const { graphs, problems } = build({ 'package.json': tinyManifest.replace('"strip-ansi": "^6.0.0"', '"strip-ansi": "^7.0.0"'), 'pnpm-lock.yaml': pnpmLock.replace("specifier: ^6.0.0\n        version: 6.0.1", 'specifier: ^6.0.0\n        version: 9.9.9') });
    assert.deepEqual(problems, ['pnpm-lock.yaml:0 No entry for strip-ansi@^7.0.0 declared in package.json; the lockfile is out of date: run `pnpm install`']);
    assert.deepEqual(graphs[0]!.packages['strip-ansi@'], { version: null, isDirect: true, isDevOnly: false, introducedBy: ['package.json#strip-ansi'], declaredAt: 'package.json:6', chain: ['strip-ansi'] });
    assert.equal(graphs[0]!.packages['strip-ansi@6.0.1']?.isDirect, false, 'the copy str-width pulls in is still there');
  });

  test('yarn berry: a workspace the lockfile does not list yet is a member; what the lockfile lacks is reported', () => {
    const { graphs, problems } = build({
      'package.json': tinyManifest.replace('"private": true,', '"private": true,\n  "workspaces": ["packages/*"],'),
      'packages/new/package.json': '{"name":"new","dependencies":{"left-pad":"1.3.0","strip-ansi":"^6.0.0"}}',
      'yarn.lock': tinyLockfiles[1]!.text,
    });
    assert.deepEqual(problems, ['yarn.lock:0 No entry for left-pad@1.3.0 declared in packages/new/package.json; the lockfile is out of date: run `yarn install`']);
    assert.deepEqual(graphs[0]!.packages['strip-ansi']?.introducedBy, ['package.json#str-width', 'package.json#strip-ansi', 'packages/new/package.json#strip-ansi']);
  });

  test('an unreadable lockfile leaves a declarations-only graph over the root and its workspace globs; other manifests keep their own', () => {
    const { graphs, problems } = build({
      'package.json': '{"name":"root","workspaces":["packages/*"],"dependencies":{"a":"1"}}',
      'packages/w/package.json': '{"name":"w","dependencies":{"b":"2"}}',
      'examples/x/package.json': '{"name":"x","dependencies":{"c":"3"}}',
      'yarn.lock': '# yarn lockfile v1\n\na@1:\n  version "1.0.0\n',
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^yarn\.lock:\d+ Cannot read yarn\.lock: /);
    assert.deepEqual(
      graphs.map((graph) => [graph.rootManifestPath, graph.hasLockfile, Object.keys(graph.packages)]),
      [
        ['examples/x/package.json', false, ['c']],
        ['package.json', false, ['a', 'b']],
      ],
    );
  });

  test('workspace globs match folders as npm expands them: `./` and trailing slashes ignored, `**` at any depth, negations, wildcards skip dot folders', () => {
    const { graphs } = build({
      'package.json': '{"name":"root","workspaces":["./tools/cli/","apps/**","packages/*","!apps/old"],"dependencies":{"a":"1"}}',
      'tools/cli/package.json': '{"name":"cli","dependencies":{"b":"1"}}',
      'apps/web/package.json': '{"name":"web","dependencies":{"c":"1"}}',
      'apps/web/admin/package.json': '{"name":"admin","dependencies":{"d":"1"}}',
      'apps/old/package.json': '{"name":"old","dependencies":{"e":"1"}}',
      'packages/.template/package.json': '{"name":"template","dependencies":{"f":"1"}}',
      'packages/p/package.json': '{"name":"p","dependencies":{"g":"1"}}',
      // Unreadable: the members then come from the globs alone.
      'yarn.lock': '# yarn lockfile v1\n\na@1:\n  version "1.0.0\n',
    });
    assert.deepEqual(
      graphs.map((graph) => [graph.rootManifestPath, Object.keys(graph.packages)]),
      [
        ['apps/old/package.json', ['e']],
        ['package.json', ['a', 'b', 'c', 'd', 'g']],
        ['packages/.template/package.json', ['f']],
      ],
    );
  });

  test('a lockfile in a subfolder roots its own graph; yarn and pnpm roots carry no npm overrides', () => {
    const { graphs } = npmEcosystem.buildGraphs(
      new Map([
        ['package.json', '{"name":"top","overrides":{"x":"1"},"dependencies":{"left-pad":"1.3.0"}}'],
        ['apps/web/package.json', tinyManifest.replace('"tiny"', '"web"').replace('{\n  "name"', '{\n  "overrides": {"y": "2"},\n  "name"')],
        ['apps/web/pnpm-lock.yaml', pnpmLock],
      ]),
    );
    assert.deepEqual(
      graphs.map((graph) => [graph.rootDir, graph.rootManifestPath, graph.graph.hasLockfile, graph.overrides]),
      [
        ['apps/web', 'apps/web/package.json', true, {}],
        ['', 'package.json', false, { x: '1' }],
      ],
    );
    assert.equal(graphs[0]!.graph.packages.find((pkg) => pkg.name === 'emoji-regex')?.introducedBy[0]?.manifestPath, 'apps/web/package.json');
  });

  test('yarn roots read their resolutions and pnpm roots their pnpm.overrides, as override keys', () => {
    const yarnManifest = JSON.stringify({
      name: 'y',
      dependencies: { 'left-pad': '1.3.0' },
      overrides: { ignored: '1' },
      resolutions: { qs: '6.7.3', 'express/qs': '6.7.3', 'express/**/send': '0.19.0', '**/debug': '2.6.9', 'a/@scope/b': '1.0.0' },
    });
    const pnpmManifest = JSON.stringify({ name: 'p', dependencies: { 'left-pad': '1.3.0' }, pnpm: { overrides: { 'qs@<6.7.3': '6.7.3', 'express@4>qs': '6.7.3', '@scope/a@1>b': '2.0.0' } } });
    const { graphs } = npmEcosystem.buildGraphs(
      new Map([
        ['yarn/package.json', yarnManifest],
        ['yarn/yarn.lock', '# yarn lockfile v1\n\n\n"left-pad@1.3.0":\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n'],
        ['pnpm/package.json', pnpmManifest],
        ['pnpm/pnpm-lock.yaml', "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      left-pad:\n        specifier: 1.3.0\n        version: 1.3.0\n\npackages:\n\n  left-pad@1.3.0:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  left-pad@1.3.0: {}\n"],
      ]),
    );
    const byRoot = Object.fromEntries(graphs.map((graph) => [graph.rootDir, [graph.packageManager, graph.overrides]]));
    assert.deepEqual(byRoot['yarn'], ['yarn', { qs: '6.7.3', 'express>qs': '6.7.3', 'express>send': '0.19.0', debug: '2.6.9', 'a>@scope/b': '1.0.0' }]);
    assert.deepEqual(byRoot['pnpm'], ['pnpm', { qs: '6.7.3', 'express>qs': '6.7.3', '@scope/a>b': '2.0.0' }]);
  });

  const claims: [string, boolean][] = [
    ['package.json', true],
    ['a/b/package.json', true],
    ['package-lock.json', true],
    ['npm-shrinkwrap.json', true],
    ['yarn.lock', true],
    ['a/pnpm-lock.yaml', true],
    ['pnpm-workspace.yaml', false],
    ['.yarnrc.yml', false],
    ['bun.lockb', false],
    ['yarn.lock.bak', false],
  ];
  for (const [path, claimed] of claims) {
    test(`isManifestFile(${path}) is ${claimed}`, () => assert.equal(npmEcosystem.isManifestFile(path), claimed));
  }
});
