import { strict as assert } from 'node:assert';
import { importsOf, readFixture, workspaceManifests } from '../../test/fixtures';
import type { ImportFact } from '../model/importFact';
import { npmEcosystem } from '../index/manifests/npmEcosystem';
import type { Finding } from '../model/finding';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { importTargetResolver } from './importTargets';
import { locatePackage } from './locatePackage';
import { npmTargetName } from './npmCopies';

/** A site as the JavaScript indexer gives it, without the parts resolution ignores. */
function site(path: string, specifier: string, loadedBy?: ImportFact['loadedBy'], kind: ImportFact['kind'] = 'require'): ImportFact {
  const packageName = specifier.startsWith('#') ? specifier : specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return { specifier, packageName, kind, isTypeOnly: false, path, range, ...(loadedBy && { loadedBy }) };
}

function resolverOf(files: Record<string, string>): (site: ImportFact) => string | undefined {
  const { graphs } = npmEcosystem.buildGraphs(new Map(Object.entries(files)));
  return importTargetResolver(graphs, new Set(Object.keys(files)));
}

const npmLock = (packages: Record<string, object>): string => JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages: { '': {}, ...packages } });

const sequelizeManifest = JSON.stringify({ name: 'app', dependencies: { sequelize: '6.37.3', mysql2: '3.9.7' } });

/** Lockfiles of each shape, and which copy a site loads. */
const cases: { name: string; files: Record<string, string>; sites: [ImportFact, string | undefined][] }[] = [
  {
    name: 'npm: the nearest node_modules copy up from the importing file; a subpath loads its package',
    files: {
      'package.json': JSON.stringify({ name: 'app', dependencies: { ms: '2.1.3', debug: '2.6.9' } }),
      'package-lock.json': npmLock({
        'node_modules/ms': { version: '2.1.3' },
        'node_modules/debug': { version: '2.6.9', dependencies: { ms: '2.0.0' } },
        'node_modules/debug/node_modules/ms': { version: '2.0.0' },
      }),
    },
    sites: [
      [site('src/app.js', 'ms'), 'npm:ms@node_modules/ms'],
      [site('src/deep/er/app.js', 'ms/package.json'), 'npm:ms@node_modules/ms'],
      [site('index.js', 'debug'), 'npm:debug@node_modules/debug'],
      // No lockfile records it: the name alone, which every copy of the name accepts.
      [site('src/app.js', 'left-pad'), 'npm:left-pad'],
    ],
  },
  {
    name: 'npm workspaces: a workspace package\'s own nested copy first; a workspace package resolves to its folder',
    files: {
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*'], dependencies: { lodash: '4.17.21' } }),
      'packages/worker/package.json': JSON.stringify({ name: '@acme/worker', dependencies: { lodash: '4.17.4', '@acme/shared': '1.0.0' } }),
      'packages/shared/package.json': JSON.stringify({ name: '@acme/shared' }),
      'package-lock.json': npmLock({
        'node_modules/lodash': { version: '4.17.21' },
        'node_modules/@acme/worker': { resolved: 'packages/worker', link: true },
        'node_modules/@acme/shared': { resolved: 'packages/shared', link: true },
        'packages/worker': { name: '@acme/worker', dependencies: { lodash: '4.17.4', '@acme/shared': '1.0.0' } },
        'packages/worker/node_modules/lodash': { version: '4.17.4' },
        'packages/shared': { name: '@acme/shared' },
      }),
    },
    sites: [
      [site('packages/worker/src/jobs/nightly.js', 'lodash'), 'npm:lodash@packages/worker/node_modules/lodash'],
      [site('packages/shared/src/index.js', 'lodash'), 'npm:lodash@node_modules/lodash'],
      [site('src/server.js', 'lodash/fp'), 'npm:lodash@node_modules/lodash'],
      [site('packages/worker/src/index.js', '@acme/shared'), 'npm:@acme/shared@packages/shared'],
    ],
  },
  {
    name: 'a lockfile in a subfolder: its folders are repository-relative, and a project below it without node_modules walks up',
    files: {
      'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { ms: '2.1.3' } }),
      'services/api/package-lock.json': npmLock({ 'node_modules/ms': { version: '2.1.3' } }),
    },
    sites: [
      [site('services/api/src/index.js', 'ms'), 'npm:ms@services/api/node_modules/ms'],
      [site('tools/build.js', 'ms'), 'npm:ms'],
    ],
  },
  {
    name: 'without a lockfile: names only',
    files: { 'package.json': JSON.stringify({ name: 'app', dependencies: { ms: '2.1.3' } }) },
    sites: [[site('src/app.js', 'ms'), 'npm:ms']],
  },
  {
    name: 'a package loaded by configuration resolves from its loader\'s copy, as the loader\'s require does',
    files: {
      'package.json': sequelizeManifest,
      'package-lock.json': npmLock({
        'node_modules/sequelize': { version: '6.37.3' },
        'node_modules/mysql2': { version: '3.9.7' },
        'node_modules/legacy-orm': { version: '1.0.0' },
        'node_modules/legacy-orm/node_modules/mysql2': { version: '1.7.0' },
      }),
    },
    sites: [
      [site('src/db.js', 'mysql2', { loader: 'sequelize', trigger: "configures Sequelize with dialect 'mysql'" }), 'npm:mysql2@node_modules/mysql2'],
      [site('src/db.js', 'mysql2', { loader: 'legacy-orm', trigger: "configures legacy-orm with dialect 'mysql'" }), 'npm:mysql2@node_modules/legacy-orm/node_modules/mysql2'],
      [site('src/db.js', 'mysql2', { loader: 'not-installed', trigger: "configures x with dialect 'mysql'" }), 'npm:mysql2@node_modules/mysql2'],
    ],
  },
  {
    name: 'pnpm: each importer\'s own resolution, and a copy\'s recorded dependencies for what it loads',
    files: {
      'package.json': JSON.stringify({ name: 'root', dependencies: { ms: '2.1.3', sequelize: '6.37.3', mysql2: '3.9.7' } }),
      'packages/api/package.json': JSON.stringify({ name: 'api', dependencies: { ms: '2.0.0' } }),
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'pnpm-lock.yaml': `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: 2.1.3
        version: 2.1.3
      mysql2:
        specifier: 3.9.7
        version: 3.9.7
      sequelize:
        specifier: 6.37.3
        version: 6.37.3(mysql2@3.9.7)

  packages/api:
    dependencies:
      ms:
        specifier: 2.0.0
        version: 2.0.0

packages:

  ms@2.0.0:

  ms@2.1.3:

  mysql2@3.9.7:

  sequelize@6.37.3:

snapshots:

  ms@2.0.0: {}

  ms@2.1.3: {}

  mysql2@3.9.7: {}

  sequelize@6.37.3(mysql2@3.9.7):
    dependencies:
      ms: 2.1.3
    optionalDependencies:
      mysql2: 3.9.7
`,
    },
    sites: [
      [site('packages/api/src/index.js', 'ms'), 'npm:ms@#ms@2.0.0'],
      [site('src/index.js', 'ms'), 'npm:ms@#ms@2.1.3'],
      [site('src/db.js', 'mysql2', { loader: 'sequelize', trigger: "configures Sequelize with dialect 'mysql'" }), 'npm:mysql2@#mysql2@3.9.7'],
    ],
  },
  {
    name: 'yarn classic: what each workspace declares resolves through the lockfile\'s descriptors',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'], dependencies: { ms: '^2.1.1' } }),
      'packages/api/package.json': JSON.stringify({ name: 'api', dependencies: { ms: '2.0.0' } }),
      'yarn.lock': '# yarn lockfile v1\n\n\nms@2.0.0:\n  version "2.0.0"\n\nms@^2.1.1:\n  version "2.1.3"\n',
    },
    sites: [
      [site('packages/api/src/index.js', 'ms'), 'npm:ms@#ms@2.0.0'],
      [site('src/index.js', 'ms'), 'npm:ms@#ms@2.1.3'],
    ],
  },
  {
    name: 'package.json `imports`: a `#` specifier loads what its map gives for the site\'s conditions, resolved from that package.json\'s folder',
    files: {
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*'], dependencies: { lodash: '4.17.21', undici: '6.0.0' } }),
      'packages/worker/package.json': JSON.stringify({
        name: '@acme/worker',
        dependencies: { lodash: '4.17.4', 'node-fetch': '2.6.0' },
        imports: {
          '#fetch': { browser: './src/fetch-browser.js', require: 'node-fetch', import: 'undici', default: './src/fetch.js' },
          '#utils/*': 'lodash/*.js',
          '#utils/internal/*': './src/internal/*.js',
          '#db': ['./src/db.js'],
          '#off': { node: null, default: 'lodash' },
        },
      }),
      'package-lock.json': npmLock({
        'node_modules/lodash': { version: '4.17.21' },
        'node_modules/undici': { version: '6.0.0' },
        'node_modules/@acme/worker': { resolved: 'packages/worker', link: true },
        'packages/worker': { name: '@acme/worker', dependencies: { lodash: '4.17.4', 'node-fetch': '2.6.0' } },
        'packages/worker/node_modules/lodash': { version: '4.17.4' },
        'packages/worker/node_modules/node-fetch': { version: '2.6.0' },
      }),
    },
    sites: [
      // A pattern: the worker's own nested lodash, not the root's, wherever in the package the file is.
      [site('packages/worker/src/jobs/nightly.js', '#utils/merge'), 'npm:lodash@packages/worker/node_modules/lodash'],
      // The longer prefix wins: a file of the package, not a dependency.
      [site('packages/worker/src/a.js', '#utils/internal/x'), undefined],
      // Conditions in the map's order: `browser` is not Node's; `require()` takes node-fetch, `import` takes undici
      // (resolved from the worker's folder, found at the root).
      [site('packages/worker/src/a.js', '#fetch'), 'npm:node-fetch@packages/worker/node_modules/node-fetch'],
      [site('packages/worker/src/a.js', '#fetch', undefined, 'import'), 'npm:undici@node_modules/undici'],
      [site('packages/worker/src/a.js', '#db'), undefined],
      // `node: null` excludes the path under Node; an unmapped `#` specifier, or one outside any scope with `imports`, loads nothing.
      [site('packages/worker/src/a.js', '#off'), undefined],
      [site('packages/worker/src/a.js', '#nope'), undefined],
      [site('src/app.js', '#utils/merge'), undefined],
    ],
  },
  {
    name: 'self-reference: a package importing its own name (with `exports`) loads its own files, not the copy of that name a tool installed',
    files: {
      'package.json': JSON.stringify({ name: 'fast-json', version: '3.0.0', exports: { '.': './index.js', './parse': './src/parse.js' }, devDependencies: { 'bench-kit': '1.0.0' } }),
      'tools/legacy/package.json': JSON.stringify({ name: 'legacy-tool', dependencies: { 'fast-json': '1.0.0' } }),
      'package-lock.json': npmLock({
        'node_modules/bench-kit': { version: '1.0.0', dev: true, dependencies: { 'fast-json': '1.0.0' } },
        'node_modules/fast-json': { version: '1.0.0', dev: true },
      }),
    },
    sites: [
      [site('src/cli.js', 'fast-json/parse'), undefined],
      [site('index.js', 'fast-json'), undefined],
      // Outside the package's scope (another package.json is nearer), the name loads the installed copy.
      [site('tools/legacy/run.js', 'fast-json'), 'npm:fast-json@node_modules/fast-json'],
    ],
  },
  {
    name: 'self-reference needs `exports`: without them Node looks in node_modules',
    files: {
      'package.json': JSON.stringify({ name: 'fast-json', main: 'index.js', devDependencies: { 'bench-kit': '1.0.0' } }),
      'package-lock.json': npmLock({
        'node_modules/bench-kit': { version: '1.0.0', dev: true, dependencies: { 'fast-json': '1.0.0' } },
        'node_modules/fast-json': { version: '1.0.0', dev: true },
      }),
    },
    sites: [[site('src/cli.js', 'fast-json'), 'npm:fast-json@node_modules/fast-json']],
  },
];

suite('core/correlate/npmCopies', () => {
  for (const { name, files, sites } of cases) {
    test(name, () => {
      const resolve = resolverOf(files);
      for (const [fact, want] of sites) {
        assert.equal(resolve(fact), want, `${fact.path}: ${fact.specifier}${fact.loadedBy ? ` (loaded by ${fact.loadedBy.loader})` : ''}`);
      }
    });
  }

  test('npm-nested-copies: the graph holds each copy, and every import site loads the copy the expectations file names', async () => {
    const expected = JSON.parse(readFixture('workspaces', 'npm-nested-copies', 'npm-nested-copies.expected.json')) as {
      copies: Record<string, { name: string; version: string; isDirect: boolean; isDevOnly: boolean; introducedBy: string[] }>;
      imports: Record<string, string[]>;
    };
    const files = workspaceManifests('npm-nested-copies', npmEcosystem);
    const { graphs, problems } = npmEcosystem.buildGraphs(files);
    assert.deepEqual(problems, []);
    const packages = graphs.flatMap((rooted) => rooted.graph.packages);
    for (const [copy, want] of Object.entries(expected.copies)) {
      const pkg = packages.find((candidate) => candidate.copy === copy);
      assert.ok(pkg, `${copy} in the graph`);
      const introducedBy = pkg.introducedBy.map((dependency) => `${dependency.manifestPath}#${dependency.name}`).sort();
      assert.deepEqual({ name: pkg.name, version: pkg.version, isDirect: pkg.isDirect, isDevOnly: pkg.isDevOnly, introducedBy }, { ...want, introducedBy: [...want.introducedBy].sort() }, copy);
    }
    const resolve = importTargetResolver(graphs, new Set(Object.keys(expected.imports)));
    for (const [path, want] of Object.entries(expected.imports)) {
      const facts = await importsOf(path, readFixture('workspaces', 'npm-nested-copies', ...path.split('/')));
      const got = facts.map((fact) => {
        const target = resolve(fact) ?? '';
        return `${fact.range.start.line + 1} ${fact.specifier} ${target.slice(`npm:${npmTargetName(target)}@`.length)}`;
      });
      assert.deepEqual(got, want, path);
    }
  });

  test('a finding locates the copies of its version: every copy\'s own sites and introducers count, no other copy\'s', () => {
    const files = new Map(
      Object.entries({
        'package.json': JSON.stringify({ name: 'app', dependencies: { ms: '2.1.3', debug: '2.6.9', send: '0.16.2' }, devDependencies: { mocha: '5.2.0' } }),
        'package-lock.json': npmLock({
          'node_modules/ms': { version: '2.1.3' },
          'node_modules/debug': { version: '2.6.9', dependencies: { ms: '2.0.0' } },
          'node_modules/debug/node_modules/ms': { version: '2.0.0' },
          'node_modules/send': { version: '0.16.2', dependencies: { ms: '2.0.0' } },
          'node_modules/send/node_modules/ms': { version: '2.0.0' },
          'node_modules/mocha': { version: '5.2.0', dev: true, dependencies: { ms: '2.0.0' } },
          'node_modules/mocha/node_modules/ms': { version: '2.0.0', dev: true },
        }),
      }),
    );
    const { graphs } = npmEcosystem.buildGraphs(files);
    const index = { graphs } as unknown as WorkspaceIndex;
    const ref = (version: string): NonNullable<Finding['package']> => ({ ecosystem: 'npm', name: 'ms', version, purl: `pkg:npm/ms@${version}`, fixedVersions: [] });
    const old = locatePackage(index, '', ref('2.0.0'))!;
    assert.equal(old.package.isDevOnly, false, 'led by a prod copy');
    assert.deepEqual(
      [...old.importKeys!.own].sort(),
      ['npm:ms', 'npm:ms@node_modules/debug/node_modules/ms', 'npm:ms@node_modules/mocha/node_modules/ms', 'npm:ms@node_modules/send/node_modules/ms'],
    );
    assert.deepEqual([...old.importKeys!.introducers].sort(), ['npm:debug', 'npm:debug@node_modules/debug', 'npm:mocha', 'npm:mocha@node_modules/mocha', 'npm:send', 'npm:send@node_modules/send']);
    assert.deepEqual(old.introducedBy.map((dependency) => dependency.name), ['debug', 'send', 'mocha'], 'prod introducers first');
    const current = locatePackage(index, '', ref('2.1.3'))!;
    assert.deepEqual(current.importKeys, { own: ['npm:ms@node_modules/ms', 'npm:ms'], introducers: [] });
  });
});
