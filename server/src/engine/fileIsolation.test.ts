import { strict as assert } from 'node:assert';
import type { EcosystemIndexer } from '../core/index/manifests/ecosystem';
import { golangEcosystem } from '../core/index/manifests/golangEcosystem';
import { npmEcosystem } from '../core/index/manifests/npmEcosystem';
import { readFixture, sharedIndexer } from '../test/fixtures';
import type { Logger, SourceIndexer, WorkspaceFileSystem } from './ports';
import { WorkspaceEngine } from './workspaceEngine';

// Issue 13 §7: one bad file (a stack overflow in a parser, a YAML alias bomb) made the CLI exit 2 and the server
// publish nothing for the folder. Every file is read in isolation.

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function memoryFileSystem(files: Record<string, string>): WorkspaceFileSystem {
  return {
    listFiles: () => Promise.resolve(Object.keys(files).sort()),
    readText: (path) => Promise.resolve(path in files ? { text: files[path]! } : { skipped: 'file not found' }),
  };
}

async function indexedEngine(files: Record<string, string>, options: { indexer?: SourceIndexer; ecosystems?: EcosystemIndexer[]; isReport?: (path: string) => boolean } = {}): Promise<WorkspaceEngine> {
  const engine = new WorkspaceEngine({ fs: memoryFileSystem(files), indexer: options.indexer ?? (await sharedIndexer()), log: quietLog, now: () => new Date('2026-11-27T10:00:00Z'), ecosystems: options.ecosystems, isReport: options.isReport });
  await engine.indexAll();
  return engine;
}

/** `{"a":{"a":…1…}}`, `depth` objects deep: beyond what a recursive JSON parser's stack takes. */
const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const installed = (engine: WorkspaceEngine): string[] =>
  engine
    .installedPackages()
    .map((pkg) => `${pkg.ecosystem}:${pkg.name}@${pkg.version ?? ''}`)
    .sort();

suite('engine: every file is read in isolation', () => {
  test('a package.json and a Pipfile.lock nested past the parser stack are one problem each; the good manifests are analysed', async () => {
    const engine = await indexedEngine({
      'package.json': readFixture('workspaces', 'node-express', 'package.json'),
      'package-lock.json': readFixture('workspaces', 'node-express', 'package-lock.json'),
      'tools/deep/package.json': `{"name":"deep","dependencies":{"left-pad":"1.3.0"},"x":${nestedJson(50_000)}}`,
      'py/requirements.txt': 'flask==2.0.1\n',
      'py/Pipfile.lock': `{"default":${nestedJson(50_000)}}`,
      'src/index.js': "const _ = require('lodash');\n",
    });
    assert.deepEqual(engine.filesWithProblems(), ['py/Pipfile.lock', 'tools/deep/package.json']);
    for (const path of engine.filesWithProblems()) {
      assert.deepEqual(
        engine.problemsOf(path).map((problem) => problem.message),
        ['Not read: nested too deeply for the parser (it ran out of stack); is it generated or hostile?'],
        path,
      );
    }
    const packages = installed(engine);
    assert.ok(packages.includes('npm:lodash@4.17.15'), 'the good lockfile is read');
    assert.ok(packages.includes('pypi:flask@2.0.1'), 'the good requirements file is read');
    assert.ok(!packages.some((pkg) => pkg.includes('left-pad')), 'nothing is made up for the unreadable manifest');
    assert.equal(engine.analyze({ minPriority: 0, showUnreachable: true }).services.length, 0, 'the analysis runs (no backend, no local findings)');
  });

  test('an .aspm/ignore.yaml alias bomb is one problem, reported by the yaml library limit, and nothing else is lost', async () => {
    const bomb = [
      'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      ...Array.from({ length: 149 }, (_, level) => `a${level + 1}: &a${level + 1} [${Array.from({ length: 9 }, () => `*a${level}`).join(', ')}]`),
      'ignore:',
      '  - id: GHSA-p6mc-m468-83gw',
      '    reason: not used',
    ].join('\n');
    const engine = await indexedEngine({ '.aspm/ignore.yaml': bomb, 'package.json': readFixture('workspaces', 'node-express', 'package.json') });
    assert.deepEqual(
      engine.problemsOf('.aspm/ignore.yaml').map((problem) => problem.message),
      ['Cannot read: Excessive alias count indicates a resource exhaustion attack'],
    );
    assert.ok(installed(engine).some((pkg) => pkg.startsWith('npm:lodash')));
  });

  test('an indexer that throws (a stack overflow reported by a worker thread as text) is a problem of that file only', async () => {
    const real = await sharedIndexer();
    const failing: SourceIndexer = {
      handles: (path) => real.handles(path),
      index: (path, text) => (path === 'src/bad.js' ? Promise.reject(new Error('Maximum call stack size exceeded')) : real.index(path, text)),
    };
    const engine = await indexedEngine({ 'src/bad.js': "require('a');\n", 'src/good.js': "require('lodash');\n", 'src/throws.js': "require('b');\n" }, {
      indexer: { ...failing, index: (path, text) => (path === 'src/throws.js' ? Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')\n    at secret line")) : failing.index(path, text)) },
    });
    assert.deepEqual(engine.filesWithProblems(), ['src/bad.js', 'src/throws.js']);
    assert.match(engine.problemsOf('src/bad.js')[0]!.message, /^Not read: nested too deeply/);
    assert.equal(engine.problemsOf('src/throws.js')[0]!.message, "Cannot read: Cannot read properties of undefined (reading 'x')", 'the first line only');
  });

  test('an open document whose routing facts fail to settle keeps its facts and gets one problem', async () => {
    const real = await sharedIndexer();
    const engine = await indexedEngine({ 'src/app.js': "require('lodash');\n" }, {
      indexer: {
        handles: (path) => real.handles(path),
        index: (path, text) => real.index(path, text),
        indexOpen: async (path, text) => ({ facts: await real.index(path, text), isSettled: false }),
        settleOpen: () => Promise.reject(new RangeError('Maximum call stack size exceeded')),
      },
    });
    await engine.setOpenText('src/app.js', "require('lodash');\nrequire('qs');\n");
    assert.equal(await engine.settleOpenDocuments(), true);
    assert.match(engine.problemsOf('src/app.js')[0]!.message, /^Not read: nested too deeply/);
  });

  test('files that break an ecosystem only together lose that ecosystem\'s graphs, each saying so; other ecosystems stay', async () => {
    const together: EcosystemIndexer = {
      ecosystem: 'npm',
      isManifestFile: (path) => npmEcosystem.isManifestFile(path),
      buildGraphs(files) {
        if (files.has('a/package.json') && files.has('b/package.json')) {
          throw new Error('broken invariant');
        }
        return npmEcosystem.buildGraphs(files);
      },
    };
    const manifest = '{"dependencies":{"lodash":"4.17.15"}}';
    const engine = await indexedEngine({ 'a/package.json': manifest, 'b/package.json': manifest, 'go.mod': 'module x\n\nrequire github.com/gin-gonic/gin v1.9.0\n' }, { ecosystems: [together, golangEcosystem] });
    assert.deepEqual(engine.filesWithProblems(), ['a/package.json', 'b/package.json']);
    assert.deepEqual(engine.problemsOf('a/package.json').map((problem) => problem.message), ['Not analysed: the npm files of this folder fail only when read together (Cannot read: broken invariant)']);
    assert.deepEqual(installed(engine), ['golang:github.com/gin-gonic/gin@v1.9.0']);
  });
});

// Issue 13 §8: open documents bypassed the size limit, and a 2.2 MB YAML blocked the server for more than 20 s.
suite('engine: open documents have the size limits of their kind', () => {
  const deployment = readFixture('workspaces', 'k8s-manifests', 'deployment.yaml');
  const huge = `${deployment}\n---\n`.repeat(Math.ceil((2.1 * 1024 * 1024) / deployment.length));
  const findings = (engine: WorkspaceEngine): number => engine.analyze({ minPriority: 0, showUnreachable: true }).services.flatMap((service) => service.findings).length;

  test('limits by kind: manifests, lockfiles and reports 64 MB, the rest 2 MB', async () => {
    const engine = await indexedEngine({}, { isReport: (path) => path.endsWith('.sarif') });
    assert.deepEqual(
      ['package-lock.json', 'yarn.lock', 'poetry.lock', 'pom.xml', 'reports/scan.sarif', 'deploy/app.yaml', 'src/index.ts', '.aspm/ignore.yaml'].map((path) => engine.maxBytesOf(path) / 1024 / 1024),
      [64, 64, 64, 64, 64, 2, 2, 2],
    );
  });

  test('a document over the limit is not read while open, keeps its last facts and says so; closed, the disk counts again', async () => {
    const engine = await indexedEngine({ 'deploy/app.yaml': deployment });
    const fromDisk = findings(engine);
    assert.ok(fromDisk > 0, 'the fixture has IaC findings');
    await engine.setOpenText('deploy/app.yaml', huge);
    assert.deepEqual(engine.problemsOf('deploy/app.yaml').map((problem) => problem.message), ['Not indexed while open: larger than 2 MB; its facts are those of the last version read']);
    assert.equal(findings(engine), fromDisk, 'the facts of the disk version stay');
    await engine.setOpenText('deploy/app.yaml', `${deployment}\n---\n${deployment.replace(/name: (\S+)/g, 'name: $1-copy')}`);
    assert.deepEqual(engine.problemsOf('deploy/app.yaml'), [], 'small again: read, and the problem goes');
    const whileSmall = findings(engine);
    assert.ok(whileSmall > fromDisk, 'the open text is read');
    await engine.setOpenText('deploy/app.yaml', huge);
    assert.equal(findings(engine), whileSmall, 'the last version read is the open one now');
    await engine.closeOpenText('deploy/app.yaml');
    assert.deepEqual(engine.problemsOf('deploy/app.yaml'), []);
    assert.equal(findings(engine), fromDisk);
  });

  test('a document opened over the limit, never read: closing it clears its problem', async () => {
    const engine = await indexedEngine({ 'deploy/app.yaml': deployment });
    await engine.setOpenText('deploy/app.yaml', huge);
    assert.equal(engine.problemsOf('deploy/app.yaml').length, 1);
    await engine.closeOpenText('deploy/app.yaml');
    assert.deepEqual(engine.problemsOf('deploy/app.yaml'), []);
  });
});
