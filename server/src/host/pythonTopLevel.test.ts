import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findVirtualenvs, readVirtualenvTopLevelIndex } from './pythonTopLevel';

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

suite('host/pythonTopLevel', () => {
  let root: string;

  suiteSetup(() => {
    root = mkdtempSync(path.join(tmpdir(), 'aspm-venv-'));
    const site = '.venv/lib/python3.12/site-packages';
    write(root, '.venv/pyvenv.cfg', 'home = /usr/bin\n');
    write(root, `${site}/PyYAML-6.0.1.dist-info/top_level.txt`, '_yaml\nyaml\n');
    write(root, `${site}/PyYAML-6.0.1.dist-info/METADATA`, 'Metadata-Version: 2.1\nName: PyYAML\n\nlong description');
    write(root, `${site}/protobuf-4.25.0.dist-info/top_level.txt`, 'google\n');
    write(root, `${site}/google_auth-2.0.dist-info/top_level.txt`, 'google\n');
    write(root, `${site}/pydantic-2.5.0.dist-info/RECORD`, 'pydantic/__init__.py,sha256=x,1\npydantic/main.py,sha256=x,1\n');
    write(root, `${site}/yaml/__init__.py`, '');
    write(root, 'services/api/venv/Lib/site-packages/PyJWT-2.8.0.dist-info/top_level.txt', 'jwt\n');
    write(root, 'services/api/app.py', 'import jwt\n');
    write(root, 'node_modules/pkg/.venv/pyvenv.cfg', '');
    write(root, 'a/b/c/d/e/.venv/pyvenv.cfg', '');
    write(root, 'env.py', 'not a folder');
    symlinkSync(root, path.join(root, 'loop'), 'dir');
  });

  suiteTeardown(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('finds virtualenvs within the depth limit, not in dependency folders, not through symlinks', async () => {
    const found = (await findVirtualenvs(root)).map((dir) => path.relative(root, dir).split(path.sep).join('/'));
    assert.deepEqual(found.sort(), ['.venv', 'services/api/venv']);
  });

  test('the directory budget bounds the search', async () => {
    assert.deepEqual(await findVirtualenvs(root, { maxDirectories: 1 }), []);
    assert.deepEqual(await findVirtualenvs(root, { maxDepth: 0 }), []);
  });

  test('indexes top_level.txt and RECORD of every virtualenv; shared namespace roots are left out', async () => {
    const index = await readVirtualenvTopLevelIndex(root);
    assert.deepEqual([...index].sort(), [
      ['_yaml', 'pyyaml'],
      ['jwt', 'pyjwt'],
      ['pydantic', 'pydantic'],
      ['yaml', 'pyyaml'],
    ]);
  });

  test('a missing root gives an empty index', async () => {
    assert.equal((await readVirtualenvTopLevelIndex(path.join(root, 'missing'))).size, 0);
  });
});
