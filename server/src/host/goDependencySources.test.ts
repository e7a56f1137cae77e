import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixturePath } from '../test/fixtures';
import { sharedTreeSitterHost } from '../test/languageHost';
import { escapeModulePath, goModuleCache, readGoResultTypes, readVendorModules } from './goDependencySources';

suite('host/goDependencySources', () => {
  const root = fixturePath('workspaces', 'go-vendored');
  const modules = [
    { rootDir: '', name: 'github.com/acme-labs/kvstore', version: 'v1.2.0' },
    { rootDir: '', name: 'golang.org/x/net', version: 'v0.10.0' },
  ];

  test('vendor/: each imported package\'s exported functions and methods, with the package type they return', async () => {
    const types = await readGoResultTypes(await sharedTreeSitterHost(), root, modules, ['github.com/acme-labs/kvstore', 'github.com/acme-labs/kvstore', 'example.com/not/a/dependency']);
    assert.deepEqual([...types.keys()], ['github.com/acme-labs/kvstore']);
    // Backup returns (*Backup, error): the first result; builtins, other packages' types and unexported names are left out.
    assert.deepEqual(Object.fromEntries(types.get('github.com/acme-labs/kvstore')!), { Open: 'Store', 'Store.Snapshot': 'Snapshot', 'Store.Backup': 'Backup' });
  });

  test('the module cache (case-escaped path, selected version) when vendor/ does not hold the package; absent, nothing', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'aspm-gomodcache-'));
    const workspace = mkdtempSync(path.join(tmpdir(), 'aspm-go-'));
    try {
      const folder = path.join(cache, 'github.com', '!acme', 'kit@v1.0.0', 'client');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'client.go'), 'package client\n\ntype Conn struct{}\n\nfunc Dial[T any](addr string) (*Conn, error) { return nil, nil }\n');
      writeFileSync(path.join(folder, 'client_test.go'), 'package client\n\nfunc Fake() *Conn { return nil }\n');
      const found = await readGoResultTypes(await sharedTreeSitterHost(), workspace, [{ rootDir: '', name: 'github.com/Acme/kit', version: 'v1.0.0' }], ['github.com/Acme/kit/client'], cache);
      assert.deepEqual(Object.fromEntries(found.get('github.com/Acme/kit/client') ?? []), { Dial: 'Conn' });
      assert.equal((await readGoResultTypes(await sharedTreeSitterHost(), workspace, [{ rootDir: '', name: 'github.com/Acme/kit', version: 'v2.0.0' }], ['github.com/Acme/kit/client'], cache)).size, 0);
      assert.equal(escapeModulePath('github.com/BurntSushi/toml'), 'github.com/!burnt!sushi/toml');
      assert.equal(await goModuleCache({ GOMODCACHE: cache }), cache);
      assert.equal(await goModuleCache({ GOMODCACHE: path.join(cache, 'missing') }), undefined);
      assert.equal(await goModuleCache({ GOPATH: workspace, HOME: workspace }), undefined);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('vendor/modules.txt of each go.mod folder that has one', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'aspm-go-'));
    try {
      cpSync(path.join(root, 'vendor', 'modules.txt'), path.join(workspace, 'svc', 'vendor', 'modules.txt'));
      assert.deepEqual([...(await readVendorModules(workspace, ['svc', '', 'svc'])).keys()], ['svc/vendor/modules.txt']);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
