import { strict as assert } from 'node:assert';
import { readFixture, workspaceManifests } from '../../../test/fixtures';
import { snapshotGraphs, type GraphSnapshot } from './graphSnapshot';
import { npmEcosystem } from './npmEcosystem';
import type { DependencyGraph } from '../../model/dependency';
import { buildNpmGraph } from './npmGraph';
import { parseNpmLockfile } from './npmLockfile';
import { parseNpmManifest, type NpmManifest } from './npmManifest';

type Expected = {
  packages: Record<string, { version: string; isDirect: boolean; isDevOnly: boolean; introducedBy: string[]; chainStartsWith?: string }>;
};

function graphOf(workspace: string, manifestPaths: string[]): DependencyGraph {
  const manifests = manifestPaths.map((path) => parseNpmManifest(readFixture('workspaces', workspace, path), path).value as NpmManifest);
  const lockfile = parseNpmLockfile(readFixture('workspaces', workspace, 'package-lock.json'), 'package-lock.json').value;
  return buildNpmGraph('', manifests, lockfile);
}

suite('core/index/manifests/npmGraph', () => {
  test('npm workspaces: declarations, links, transitive and dev-only packages match the expectations file', () => {
    const expected = JSON.parse(readFixture('workspaces', 'npm-monorepo', 'npm-monorepo.expected.json')) as Expected;
    const graph = graphOf('npm-monorepo', ['package.json', 'packages/api/package.json', 'packages/shared/package.json']);
    for (const [name, want] of Object.entries(expected.packages)) {
      const found = graph.packages.find((candidate) => candidate.name === name);
      assert.ok(found, `${name} in the graph`);
      assert.equal(found.version, want.version, `${name} version`);
      assert.equal(found.isDirect, want.isDirect, `${name} isDirect`);
      assert.equal(found.isDevOnly, want.isDevOnly, `${name} isDevOnly`);
      assert.deepEqual(
        found.introducedBy.map((dependency) => `${dependency.manifestPath}#${dependency.name}`).sort(),
        [...want.introducedBy].sort(),
        `${name} introducedBy`,
      );
      if (want.chainStartsWith) {
        assert.equal(found.chain[0], want.chainStartsWith);
        assert.equal(found.chain.at(-1), name);
      }
    }
  });

  test('the sample service: direct, transitive and dev-only packages', () => {
    const graph = graphOf('node-express', ['package.json']);
    const pkg = (name: string, version?: string) => graph.packages.find((candidate) => candidate.name === name && (!version || candidate.version === version));
    assert.equal(pkg('lodash')?.version, '4.17.15');
    assert.equal(pkg('lodash')?.isDirect, true);
    assert.equal(pkg('qs')?.isDirect, false);
    assert.deepEqual(pkg('qs')?.introducedBy.map((dependency) => dependency.name), ['express']);
    assert.equal(pkg('nanoid', '3.1.20')?.isDevOnly, true, 'mocha pulls nanoid 3.1.20');
    assert.equal(pkg('nanoid', '3.3.20')?.isDevOnly, false, 'postcss has its own nested nanoid');
    assert.deepEqual(pkg('nanoid', '3.3.20')?.chain, ['sanitize-html', 'postcss', 'nanoid']);
    assert.equal(pkg('moment')?.isDevOnly, false);
    assert.equal(graph.hasLockfile, true);
  });

  test('lockfile v1 (npm 6): the same graph as npm\'s own packages section of the same install, nested copies included', () => {
    const files = workspaceManifests('npm-lockfile-v1', npmEcosystem);
    const expected = JSON.parse(readFixture('workspaces', 'npm-lockfile-v1', 'npm-lockfile-v1.expected.json')) as { graphs: GraphSnapshot[]; problems: string[] };
    const { graphs, problems } = npmEcosystem.buildGraphs(files);
    assert.deepEqual(problems, expected.problems);
    assert.deepEqual(snapshotGraphs(graphs), expected.graphs);
    const lockfile = parseNpmLockfile(files.get('package-lock.json')!, 'package-lock.json').value!;
    assert.equal(lockfile.lockfileVersion, 1);
    const nested = [...lockfile.entries.keys()].filter((installPath) => installPath.split('node_modules/').length > 2);
    assert.deepEqual(nested.sort(), [
      'node_modules/form-data/node_modules/safe-buffer',
      'node_modules/jsonwebtoken/node_modules/ms',
      'node_modules/mocha/node_modules/debug',
      'node_modules/superagent/node_modules/debug',
      'node_modules/superagent/node_modules/ms',
      'node_modules/superagent/node_modules/process-nextick-args',
      'node_modules/superagent/node_modules/readable-stream',
      'node_modules/superagent/node_modules/string_decoder',
    ]);
    // npm wrote `dev` on exactly the entries only devDependencies reach: the graph agrees entry by entry.
    const graph = graphs[0]!.graph;
    for (const [installPath, entry] of lockfile.entries) {
      const pkg = graph.packages.find((candidate) => candidate.copy === installPath);
      if (installPath !== '') {
        assert.equal(pkg?.isDevOnly, entry.isDev, `${installPath} dev flag`);
      }
    }
    assert.deepEqual(lockfile.entries.get('node_modules/jsonwebtoken')?.dependencies.slice(0, 2), ['jws', 'lodash.includes'], 'edges come from requires');
  });

  test('without a lockfile only the declared packages are known, without versions', () => {
    const manifest = parseNpmManifest(readFixture('workspaces', 'node-express', 'package.json'), 'package.json').value!;
    const graph = buildNpmGraph('', [manifest]);
    assert.equal(graph.hasLockfile, false);
    assert.deepEqual(graph.packages.map((candidate) => candidate.name).sort(), ['@types/express', 'express', 'jsonwebtoken', 'lodash', 'mocha', 'moment', 'sanitize-html']);
    assert.equal(graph.packages.find((candidate) => candidate.name === 'mocha')?.isDevOnly, true);
  });
});

suite('core/index/manifests: bad input', () => {
  const manifestCases: { name: string; text: string; problem?: RegExp; dependencies?: string[] }[] = [
    { name: 'valid', text: '{"dependencies":{"a":"^1.0.0"},"devDependencies":{"b":"2"}}', dependencies: ['a:prod', 'b:dev'] },
    { name: 'truncated', text: '{"dependencies":{"a":', problem: /Invalid JSON/ },
    { name: 'not an object', text: '[1,2]', problem: /not a JSON object/ },
    { name: 'empty', text: '', problem: /./ },
    { name: 'non-string spec', text: '{"dependencies":{"a":1}}', dependencies: ['a:prod'] },
    { name: 'same package as peer and dev', text: '{"peerDependencies":{"a":"1"},"devDependencies":{"a":"1"}}', dependencies: ['a:peer'] },
  ];
  for (const { name, text, problem, dependencies } of manifestCases) {
    test(`package.json: ${name}`, () => {
      const parsed = parseNpmManifest(text, 'package.json');
      if (problem) {
        assert.match(parsed.problems[0]?.message ?? '', problem);
      } else {
        assert.deepEqual(parsed.problems, []);
        assert.deepEqual(parsed.value?.dependencies.map((dependency) => `${dependency.name}:${dependency.scope}`), dependencies);
      }
    });
  }

  const lockCases: { name: string; text: string; problem: RegExp }[] = [
    { name: 'truncated', text: '{"packages":{', problem: /Invalid JSON/ },
    { name: 'lockfile v1 whose dependencies is not an object', text: '{"lockfileVersion":1,"dependencies":[]}', problem: /"dependencies" is not an object/ },
    { name: 'a string', text: '"x"', problem: /not a JSON object/ },
  ];
  for (const { name, text, problem } of lockCases) {
    test(`package-lock.json: ${name}`, () => {
      const parsed = parseNpmLockfile(text, 'package-lock.json');
      assert.equal(parsed.value, undefined);
      assert.match(parsed.problems[0]?.message ?? '', problem);
    });
  }

  test('dependency entries carry the range of their line', () => {
    const text = '{\n  "dependencies": {\n    "lodash": "^4.17.15"\n  }\n}\n';
    const [lodash] = parseNpmManifest(text, 'package.json').value!.dependencies;
    assert.deepEqual(lodash?.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 24 } });
  });
});
