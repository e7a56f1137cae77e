import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { confineSettingPath, globsOutside, realPathInside } from './confinedPath';

// Regression tests for issue 13 §2: `aspm.osv.path: "../secret"` read files outside the repository.
suite('host/confinedPath', () => {
  let root: string;
  let folder: string;
  let outside: string;

  suiteSetup(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'aspm-confined-')));
    folder = path.join(root, 'repo');
    outside = path.join(root, 'secret');
    mkdirSync(path.join(folder, 'advisories'), { recursive: true });
    mkdirSync(path.join(folder, '.git'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, path.join(folder, 'to-secret'));
    symlinkSync(path.join(folder, 'advisories'), path.join(folder, 'to-advisories'));
    symlinkSync(path.join(folder, '.git'), path.join(folder, 'to-git'));
  });

  suiteTeardown(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('a setting path is confined to the folder, lexically and through symlinks', async () => {
    const table: [string, boolean][] = [
      ['advisories', true],
      ['./advisories', true],
      ['.', true],
      ['not-there-yet/records', true],
      ['to-advisories', true],
      ['../secret', false],
      ['advisories/../../secret', false],
      ['to-secret', false],
      ['to-secret/nested', false],
      [outside, false],
      ['/etc', false],
    ];
    for (const [value, isInside] of table) {
      const confined = await confineSettingPath(folder, 'aspm.osv.path', value);
      assert.equal('path' in confined, isInside, `${value}: ${JSON.stringify(confined)}`);
      if (!isInside) {
        assert.match((confined as { problem: string }).problem, /^aspm\.osv\.path ".*" points outside the workspace folder .*; it is not read/);
      }
    }
    assert.deepEqual(await confineSettingPath(folder, 'aspm.osv.path', path.join(folder, 'advisories')), { path: path.join(folder, 'advisories') }, 'an absolute path inside is fine');
  });

  test('the real location of a file (existing or not) is returned only when it lies inside the root', async () => {
    assert.equal(await realPathInside(folder, path.join(folder, 'to-git', 'config')), path.join(folder, '.git', 'config'), 'a symlink is followed to where it lands');
    assert.equal(await realPathInside(folder, path.join(folder, 'to-secret', 'id_rsa')), undefined);
    assert.equal(await realPathInside(folder, folder), undefined, 'the root itself is not inside');
    assert.equal(await realPathInside(path.join(root, 'missing'), path.join(folder, 'a')), undefined, 'a missing root holds nothing');
  });

  test('globs that reach outside the folder are named', () => {
    assert.deepEqual(globsOutside(['**/*.sarif', 'reports/*.sarif', '../other/*.sarif', '/tmp/*.sarif', 'C:/x/*.sarif', 'a/../../b.sarif', '~/r.sarif', 'a\\..\\..\\b.sarif']), [
      '../other/*.sarif',
      '/tmp/*.sarif',
      'C:/x/*.sarif',
      'a/../../b.sarif',
      '~/r.sarif',
      'a\\..\\..\\b.sarif',
    ]);
  });
});
