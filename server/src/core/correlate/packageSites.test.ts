import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import { PackageSiteStore, summarizeSites, type SiteContext } from './packageSites';
import { readVulnerableCode } from './vulnerableCode';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
const site = (path: string, specifier: string, extra: Partial<ImportFact> = {}): ImportFact => ({ specifier, packageName: specifier, kind: 'import', isTypeOnly: false, path, range, ...extra });

function contextOf(targets: Map<ImportFact, string>, vulnerable = readVulnerableCode('npm', ['zipObjectDeep'], [])): SiteContext {
  return { ownKeys: new Set(['npm:lodash']), introducers: new Set(['npm:wrapper']), unresolvedKey: 'npm:?', importTargets: targets, serviceRoot: 'svc', vulnerable };
}

suite('core/correlate/packageSites', () => {
  test('a file\'s sites are told apart by kind: application, test, type-only, tied to no package; others and those outside the service root are left out', () => {
    const sites = [
      site('svc/a.ts', 'lodash', { bindings: [{ local: '_', imported: 'default' }] }),
      site('svc/a.ts', 'lodash', { isTypeOnly: true }),
      site('svc/a.ts', 'wrapper'),
      site('svc/a.ts', 'mystery'),
      site('svc/a.ts', 'express'),
      site('svc/a.test.ts', 'lodash'),
      site('other/b.ts', 'lodash'),
    ];
    const targets = new Map(sites.map((each) => [each, each.specifier === 'mystery' ? 'npm:?' : `npm:${each.specifier}`]));
    const files = summarizeSites(sites, contextOf(targets));
    assert.deepEqual(files.map((file) => file.path), ['svc/a.ts', 'svc/a.test.ts']);
    const [app, test] = files;
    assert.deepEqual(app!.app.map((each) => each.specifier), ['lodash', 'wrapper']);
    assert.deepEqual(app!.ownApp.map((each) => each.specifier), ['lodash']);
    assert.deepEqual(app!.tracked.map((each) => each.specifier), ['lodash']);
    assert.deepEqual(app!.type.map((each) => each.specifier), ['lodash']);
    assert.deepEqual(app!.unresolved.map((each) => each.specifier), ['mystery']);
    assert.deepEqual(test!.test.map((each) => each.specifier), ['lodash']);
    assert.equal(test!.app.length, 0);
  });

  test('Go: sites of another package of the module are set apart (issue 8: packages, not modules)', () => {
    const sites = [site('a.go', 'golang.org/x/crypto/md4'), site('b.go', 'golang.org/x/crypto/ssh'), site('c.go', 'golang.org/x/crypto/ssh/agent'), site('d.go', 'example.com/wrapper')];
    const targets = new Map(sites.map((each) => [each, each.specifier.startsWith('golang.org/x/crypto') ? 'golang:golang.org/x/crypto' : 'golang:example.com/wrapper']));
    const context = (vulnerable: ReturnType<typeof readVulnerableCode>): SiteContext => ({
      ownKeys: new Set(['golang:golang.org/x/crypto']),
      introducers: new Set(['golang:example.com/wrapper']),
      unresolvedKey: 'golang:?',
      importTargets: targets,
      serviceRoot: '',
      vulnerable,
    });
    const split = summarizeSites(sites, context(readVulnerableCode('golang', ['golang.org/x/crypto/ssh.Dial'], ['golang.org/x/crypto/ssh'])));
    assert.deepEqual(split.flatMap((file) => file.app).map((each) => each.specifier), ['golang.org/x/crypto/ssh', 'example.com/wrapper']);
    assert.deepEqual(split.flatMap((file) => file.otherApp).map((each) => each.specifier), ['golang.org/x/crypto/md4', 'golang.org/x/crypto/ssh/agent']);
    const unnamed = summarizeSites(sites, context(readVulnerableCode('golang', ['Dial'], [])));
    assert.equal(unnamed.flatMap((file) => file.app).length, 4, 'an advisory naming no package keeps every site');
  });

  test('the store summarizes again only the files it is told changed, and keeps path order as files gain and lose sites', () => {
    const a = site('svc/a.ts', 'lodash');
    const c = site('svc/c.ts', 'lodash');
    const targets = new Map([a, c].map((each) => [each, 'npm:lodash']));
    const store = new PackageSiteStore(contextOf(targets, readVulnerableCode('npm', [], [])), [a, c]);
    const kept = store.files[1];
    const b = site('svc/b.ts', 'lodash');
    targets.set(b, 'npm:lodash');
    store.update(['svc/b.ts', 'svc/a.ts'], [b, c]);
    assert.deepEqual(store.files.map((file) => file.path), ['svc/b.ts', 'svc/c.ts']);
    assert.equal(store.files[1], kept, 'an unchanged file keeps its summary');
    assert.ok(store.has('svc/b.ts') && !store.has('svc/a.ts'));
  });
});
