import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixturePath, readFixture } from '../test/fixtures';
import { loadOsvFolder } from './osvSource';

suite('host/osvSource: OSV folder', () => {
  test('reads every record under the folder; a bad file is one problem', async () => {
    const { advisories, problems } = await loadOsvFolder(fixturePath('osv/records'));
    assert.deepEqual(advisories.map((advisory) => advisory.id).sort(), [
      'GHSA-fixt-jnja-0005',
      'GHSA-fixt-pyym-0004',
      'GHSA-fixt-sani-0003',
      'GHSA-fixt-xstr-0001',
      'GHSA-fixt-yaml-0002',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-j9h8-phrw-h4fh',
      'GHSA-p6mc-m468-83gw',
      'GHSA-wwww-xxxx-yyyy',
      'GO-2021-0113',
      'GO-2023-2402',
      'GO-2099-0101',
      'GO-2099-0102',
      'GO-2099-0103',
      'GO-2099-0202',
      'GO-2099-0203',
      'GO-2099-0204',
      'GO-2099-0301',
      'GO-2099-0302',
      'GO-2099-0303',
      'PYSEC-2021-142',
    ]);
    assert.deepEqual(
      problems.map((problem) => path.basename(problem.path)),
      ['malformed.json'],
    );
    assert.ok(advisories.every((advisory) => advisory.source === 'records'));
  });

  test('skips large files, hidden folders and other extensions; never throws on a missing folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aspm-osv-'));
    try {
      await mkdir(path.join(dir, 'nested', 'deeper'), { recursive: true });
      await mkdir(path.join(dir, '.git'));
      await writeFile(path.join(dir, 'nested', 'deeper', 'GO-2021-0113.json'), readFixture('osv/records/go/GO-2021-0113.json'));
      await writeFile(path.join(dir, '.git', 'GHSA-p6mc-m468-83gw.json'), readFixture('osv/records/npm/GHSA-p6mc-m468-83gw.json'));
      await writeFile(path.join(dir, 'notes.txt'), 'not a record');
      await writeFile(path.join(dir, 'huge.json'), `{"id":"HUGE-1","details":"${'x'.repeat(5 * 1024 * 1024)}"}`);
      const { advisories, problems } = await loadOsvFolder(dir, { source: 'mirror' });
      assert.deepEqual(advisories.map((advisory) => [advisory.id, advisory.source]), [['GO-2021-0113', 'mirror']]);
      assert.equal(problems.length, 1);
      assert.equal(path.basename(problems[0]!.path), 'huge.json');
      assert.match(problems[0]!.message, /larger than 5 MB/);

      const missing = await loadOsvFolder(path.join(dir, 'does-not-exist'));
      assert.deepEqual(missing.advisories, []);
      assert.match(missing.problems[0]?.message ?? '', /cannot read folder: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
