import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import type { CallFact } from '../model/symbolFacts';
import { PackageSiteStore, scanOf, siteFilesOf, summarizeSites, type SiteContext, type SiteKind } from './packageSites';
import { verdictOfScans } from './symbolReachability';
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

  test('after random edits, the store lists the same files of each kind, with the same counts, as summaries made afresh', () => {
    let state = 7;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const paths = ['svc/a.ts', 'svc/b.test.ts', 'svc/c.ts', 'svc/d.ts', 'svc/e.test.ts', 'svc/f.ts'];
    // Each variant gives a file sites of other kinds: application, tracked, type-only, test, through a wrapper, unresolved.
    const variants: ((path: string) => ImportFact[])[] = [
      () => [],
      (path) => [site(path, 'lodash')],
      (path) => [site(path, 'lodash', { bindings: [{ local: '_', imported: 'default' }] }), site(path, 'mystery')],
      (path) => [site(path, 'lodash', { isTypeOnly: true })],
      (path) => [site(path, 'wrapper'), site(path, 'wrapper'), site(path, 'express')],
      (path) => [site(path, 'lodash', { loadedBy: { loader: 'sequelize', trigger: 'configures it' } }), site(path, 'lodash')],
    ];
    const targetOf = (fact: ImportFact): string => (fact.specifier === 'mystery' ? 'npm:?' : `npm:${fact.specifier}`);
    const kinds: SiteKind[] = ['app', 'test', 'type', 'otherApp', 'unresolved', 'ownApp', 'ownLoads', 'tracked'];
    const byPath = new Map(paths.map((path) => [path, pick(variants)(path)]));
    const current = (): ImportFact[] => paths.flatMap((path) => byPath.get(path)!);
    const targets = new Map<ImportFact, string>();
    const context = contextOf(targets);
    current().forEach((fact) => targets.set(fact, targetOf(fact)));
    const store = new PackageSiteStore(context, current());
    const seen = new Set<SiteKind>();
    for (let step = 0; step < 200; step++) {
      const changed = [pick(paths), pick(paths)];
      changed.forEach((path) => byPath.set(path, pick(variants)(path)));
      current().forEach((fact) => targets.set(fact, targetOf(fact)));
      store.update(new Set(changed), current());
      const fresh = siteFilesOf(summarizeSites(current(), context));
      for (const kind of kinds) {
        const where = `${kind} after edit ${step + 1}`;
        assert.deepEqual(store.filesWith(kind).map((file) => file.path), fresh.filesWith(kind).map((file) => file.path), where);
        assert.equal(store.count(kind), fresh.count(kind), where);
        if (store.count(kind) > 0) {
          seen.add(kind);
        }
      }
    }
    assert.deepEqual([...seen].sort(), kinds.filter((kind) => kind !== 'otherApp').sort(), 'every kind but Go\'s other packages had files');
  });

  test('after random edits, the verdict of the store\'s kept scans is that of every tracked file scanned afresh: sums, cited calls, hits', () => {
    let state = 11;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const paths = Array.from({ length: 10 }, (_, at) => `svc/f${String(at).padStart(2, '0')}.ts`);
    const vulnerable = readVulnerableCode('npm', ['zipObjectDeep', 'Sanitizer.clean'], []);
    const call = (path: string, line: number, extra: Partial<CallFact>): CallFact => ({ name: 'get', object: '_', path, range: { start: { line, character: 0 }, end: { line, character: 5 } }, ...extra });
    // Each variant of a file's calls through its tracked lodash binding: none, checked ones, a vulnerable one, unknown receivers of a vulnerable method.
    const checked = (path: string): CallFact[] => [call(path, 1, {}), call(path, 2, { name: 'set' }), call(path, 3, { name: 'pick' }), call(path, 4, { name: 'omit' })];
    const unknown = (path: string, line: number): CallFact => call(path, line, { object: undefined, name: 'clean', receiver: { how: 'unknown', text: 's', count: 3 } });
    const callVariants: ((path: string) => CallFact[])[] = [
      () => [],
      () => [],
      checked,
      checked,
      checked,
      checked,
      (path) => [call(path, 1, { name: 'zipObjectDeep' }), call(path, 2, {})],
      (path) => [unknown(path, 1), unknown(path, 6), call(path, 5, {})],
    ];
    const tracked = (path: string): ImportFact => site(path, 'lodash', { bindings: [{ local: '_', imported: 'default' }] });
    const sitesByPath = new Map(paths.map((path) => [path, random() < 0.8 ? [tracked(path)] : []]));
    const callsByPath = new Map(paths.map((path) => [path, pick(callVariants)(path)]));
    const current = (): ImportFact[] => paths.flatMap((path) => sitesByPath.get(path)!);
    const targets = new Map<ImportFact, string>();
    const context = contextOf(targets, vulnerable);
    const track = (): void => current().forEach((fact) => targets.set(fact, 'npm:lodash'));
    track();
    const store = new PackageSiteStore(context, current());
    const none = { isWholePackageImported: () => false, wildcard: () => undefined };
    const kinds = new Set<string>();
    for (let step = 0; step < 200; step++) {
      const changed = [pick(paths), pick(paths)];
      for (const path of changed) {
        // A file's facts change: its calls, and sometimes whether it imports the package at all.
        callsByPath.set(path, pick(callVariants)(path));
        sitesByPath.set(path, random() < 0.85 ? [tracked(path)] : []);
      }
      track();
      store.update(new Set(changed), current());
      const fresh = summarizeSites(current(), context).filter((file) => file.tracked.length > 0);
      const expected = verdictOfScans(fresh.map((file) => scanOf(file, callsByPath, vulnerable)), vulnerable, none);
      assert.deepEqual(verdictOfScans(store.scansForVerdict(callsByPath, vulnerable), vulnerable, none), expected, `after edit ${step + 1}`);
      kinds.add(expected.kind);
    }
    assert.deepEqual([...kinds].sort(), ['called', 'not-called', 'unchecked'], 'the runs reached every verdict a scan gives');
  });
});
