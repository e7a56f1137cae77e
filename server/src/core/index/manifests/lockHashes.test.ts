import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFixture, workspaceManifests } from '../../../test/fixtures';
import type { EcosystemIndexer } from './ecosystem';
import type { ResolvedPackage } from '../../model/dependency';
import { golangEcosystem } from './golangEcosystem';
import { parseIntegrity, parsePrefixedHash } from './lockHashes';
import { npmEcosystem } from './npmEcosystem';
import { pypiEcosystem } from './pypiEcosystem';

/** Every package of a fixture workspace's graphs for one ecosystem, by `name@version`. */
function packagesOf(workspace: string, ecosystem: EcosystemIndexer): Map<string, ResolvedPackage> {
  const { graphs } = ecosystem.buildGraphs(workspaceManifests(workspace, ecosystem));
  return new Map(graphs.flatMap((rooted) => rooted.graph.packages.map((pkg) => [`${pkg.name}@${pkg.version ?? ''}`, pkg] as const)));
}

/** The hex digest npm's `integrity` stands for, decoded by Node (not by the code under test). */
function integrityHex(integrity: string): string {
  return Buffer.from(integrity.slice(integrity.indexOf('-') + 1), 'base64').toString('hex');
}

suite('core/index/manifests/lockHashes', () => {
  test('SRI strings decode to hex per algorithm; unknown algorithms and bad base64 are skipped', () => {
    const digest = createHash('sha512').update('lodash').digest();
    const sha1 = createHash('sha1').update('lodash').digest();
    assert.deepEqual(parseIntegrity(`sha512-${digest.toString('base64')} sha1-${sha1.toString('base64')}`), [
      { algorithm: 'SHA-512', value: digest.toString('hex') },
      { algorithm: 'SHA-1', value: sha1.toString('hex') },
    ]);
    assert.deepEqual(parseIntegrity('md5-AAAA'), []);
    assert.deepEqual(parseIntegrity('sha512-not*base64'), []);
    assert.deepEqual(parseIntegrity(undefined), []);
  });

  test('Python `sha256:` hashes keep their file; other shapes are skipped', () => {
    assert.deepEqual(parsePrefixedHash('sha256:ABCDEF01', 'a-1.0.tar.gz'), [{ algorithm: 'SHA-256', value: 'abcdef01', file: 'a-1.0.tar.gz' }]);
    assert.deepEqual(parsePrefixedHash('md5:abcdef'), []);
    assert.deepEqual(parsePrefixedHash(42), []);
  });

  test('package-lock.json: integrity becomes the hash, resolved edges become dependsOn', () => {
    const lock = JSON.parse(readFixture('workspaces', 'node-express', 'package-lock.json')) as { packages: Record<string, { integrity: string }> };
    const packages = packagesOf('node-express', npmEcosystem);
    const lodash = packages.get('lodash@4.17.15')!;
    assert.deepEqual(lodash.hashes, [{ algorithm: 'SHA-512', value: integrityHex(lock.packages['node_modules/lodash']!.integrity) }]);
    assert.deepEqual(lodash.dependsOn, [], 'a leaf: known to need nothing');
    const express = packages.get('express@4.17.1')!;
    assert.equal(express.dependsOn?.length, 30, 'every dependency of express in the lockfile');
    assert.ok(express.dependsOn?.includes('body-parser@1.19.0'), express.dependsOn?.join(', '));
    for (const pkg of packages.values()) {
      for (const key of pkg.dependsOn ?? []) {
        assert.ok(packages.has(key), `${pkg.name}@${pkg.version} → ${key} is a package of the graph`);
      }
    }
  });

  test('yarn classic and pnpm lockfiles carry integrity; yarn berry checksums (of its cache zips) are not file hashes', () => {
    for (const workspace of ['yarn-classic', 'pnpm-workspace']) {
      const packages = packagesOf(workspace, npmEcosystem);
      const express = packages.get('express@4.17.1')!;
      assert.equal(express.hashes?.[0]?.algorithm, 'SHA-512', workspace);
      assert.equal(express.hashes?.[0]?.value, packagesOf('node-express', npmEcosystem).get('express@4.17.1')!.hashes?.[0]?.value, `${workspace}: same tarball as npm's`);
      assert.ok(express.dependsOn?.includes('body-parser@1.19.0'), `${workspace}: ${express.dependsOn?.join(', ')}`);
    }
    const berry = packagesOf('yarn-berry', npmEcosystem).get('express@4.17.1')!;
    assert.equal(berry.hashes, undefined);
    assert.ok(berry.dependsOn?.includes('body-parser@1.19.0'));
  });

  test('poetry.lock: one sha256 per distribution file, and edges through the requested extras', () => {
    const packages = packagesOf('python-flask', pypiEcosystem);
    const pyjwt = packages.get('pyjwt@2.4.0')!;
    assert.deepEqual(pyjwt.hashes, [
      { algorithm: 'SHA-256', value: '970f47fc8560af8bbb8cb6cc4a06cfdd1a80ead6ee199daeec60f87f89322cef', file: 'PyJWT-2.4.0-py3-none-any.whl' },
      { algorithm: 'SHA-256', value: '45d356f7fb61a1a628b92e848e52dd49ae41bac2520d0ba13323874182e8e574', file: 'PyJWT-2.4.0.tar.gz' },
    ]);
    assert.deepEqual(pyjwt.dependsOn, ['cryptography@38.0.1'], 'pyproject asks for pyjwt[crypto]');
  });

  test('uv.lock and Pipfile.lock hashes', () => {
    const uv = pypiEcosystem.buildGraphs(
      new Map([
        ['pyproject.toml', '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["idna"]\n'],
        [
          'uv.lock',
          'version = 1\n\n[[package]]\nname = "app"\nversion = "1.0"\nsource = { editable = "." }\ndependencies = [{ name = "idna" }]\n\n[[package]]\nname = "idna"\nversion = "3.7"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.example/idna-3.7.tar.gz", hash = "sha256:aa", size = 1 }\nwheels = [{ url = "https://files.example/idna-3.7-py3-none-any.whl", hash = "sha256:bb", size = 1 }]\n',
        ],
      ]),
    );
    const idna = uv.graphs[0]!.graph.packages.find((pkg) => pkg.name === 'idna')!;
    assert.deepEqual(idna.hashes?.map((hash) => `${hash.value} ${hash.file}`), ['aa https://files.example/idna-3.7.tar.gz', 'bb https://files.example/idna-3.7-py3-none-any.whl']);
    const pipenv = pypiEcosystem.buildGraphs(
      new Map([
        ['Pipfile', '[packages]\nrequests = "*"\n'],
        ['Pipfile.lock', JSON.stringify({ _meta: {}, default: { requests: { version: '==2.31.0', hashes: ['sha256:cc', 'sha256:dd'] } }, develop: {} })],
      ]),
    );
    const requests = pipenv.graphs[0]!.graph.packages.find((pkg) => pkg.name === 'requests')!;
    assert.deepEqual(requests.hashes?.map((hash) => hash.value), ['cc', 'dd']);
    assert.equal(requests.dependsOn, undefined, 'Pipfile.lock records no edges: unknown, not none');
  });

  test('go.sum: the module content checksum is kept as go-h1, never as a file hash', () => {
    const gin = packagesOf('go-service', golangEcosystem).get('github.com/gin-gonic/gin@v1.9.0')!;
    assert.deepEqual(gin.hashes, [{ algorithm: 'go-h1', value: 'h1:Ly+CPX0WG6xzwBlP3JMiXgL71oZj/icn027m8SEXaQU=' }]);
    assert.equal(gin.dependsOn, undefined, 'go.mod records no edges');
  });
});
