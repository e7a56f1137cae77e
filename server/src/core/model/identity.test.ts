import { strict as assert } from 'node:assert';
import { parsePurl } from './purl';
import { normalizeRepositoryUrl } from './repository';

suite('core/model: repository identity and purls', () => {
  test('git remotes normalize to host/path', () => {
    const table: [string, string | undefined][] = [
      ['git@github.com:acme/shop.git', 'github.com/acme/shop'],
      ['https://github.com/acme/shop.git', 'github.com/acme/shop'],
      ['https://user:secret@GitHub.com/acme/shop/', 'github.com/acme/shop'],
      ['ssh://git@gitlab.example.com:2222/group/sub/repo.git', 'gitlab.example.com/group/sub/repo'],
      ['https://dev.azure.com/org/project/_git/repo', 'dev.azure.com/org/project/_git/repo'],
      ['file:///srv/repos/shop.git', undefined],
      ['/srv/repos/shop.git', undefined],
      ['', undefined],
    ];
    for (const [remote, identity] of table) {
      assert.equal(normalizeRepositoryUrl(remote), identity, remote);
    }
  });

  test('purls parse into ecosystem, name and version', () => {
    assert.deepEqual(parsePurl('pkg:npm/%40babel/core@7.0.0'), { ecosystem: 'npm', name: '@babel/core', version: '7.0.0', purl: 'pkg:npm/%40babel/core@7.0.0' });
    assert.equal(parsePurl('pkg:npm/lodash')?.version, undefined);
    assert.equal(parsePurl('pkg:pypi/pyyaml@5.3')?.ecosystem, 'pypi');
    assert.equal(parsePurl('not a purl'), undefined);
  });
});
