import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from './nodeFileSystem';

/**
 * A repository whose workspace folder is `app/`, with ignore rules at every level git reads them: `.git/info/exclude`,
 * the repository root's `.gitignore`, the folder's own `.gitignore` and `.aspmignore`, and a nested `.gitignore`.
 */
const tree: Record<string, string> = {
  '.git/info/exclude': 'secret-notes/\n',
  '.gitignore': ['build/', '*.tf', '!infra/*.tf', '/app/root-only.js', '*.sarif'].join('\n'),
  'app/.gitignore': ['generated/', '!modules/*.tf', 'scratch.js', '.aspm/', 'reports/', 'out/'].join('\n'),
  'app/.aspmignore': ['# same syntax as .gitignore; read after it', 'legacy/', '!build/', '!generated/keep/'].join('\n'),
  'app/src/index.js': '',
  'app/src/.gitignore': ['*.gen.js', '!keep.gen.js'].join('\n'),
  'app/src/a.gen.js': '',
  'app/src/keep.gen.js': '',
  'app/root-only.js': '',
  'app/lib/root-only.js': '',
  'app/scratch.js': '',
  'app/lib/scratch.js': '',
  'app/main.tf': '',
  'app/modules/net.tf': '',
  'app/infra/x.tf': '',
  'app/generated/package.json': '{}',
  'app/generated/keep/package.json': '{}',
  'app/legacy/old.js': '',
  'app/build/out.js': '',
  'app/dist/bundle.js': '',
  'app/secret-notes/a.js': '',
  'app/node_modules/x/index.js': '',
  'app/vendor/github.com/y/y.go': '',
  'app/.venv/lib/python3.12/site-packages/z/__init__.py': '',
  'app/.aspm/ignore.yaml': 'ignores: []\n',
  'app/reports/scan.sarif': '{}',
  'app/out/codeql.sarif': '{}',
  'app/top.sarif': '{}',
};

const isRelevant = (file: string): boolean => /\.(js|tf|go|py|sarif)$/.test(file) || file.endsWith('package.json') || file.endsWith('.aspm/ignore.yaml');

suite('host/NodeFileSystem: what the walker lists', () => {
  let root: string;

  suiteSetup(() => {
    root = mkdtempSync(path.join(tmpdir(), 'aspm-walker-'));
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
  });

  suiteTeardown(() => rmSync(root, { recursive: true, force: true }));

  const listing = (options: { includeIgnored?: string[]; alwaysRead?: string[] } = {}): NodeFileSystem =>
    new NodeFileSystem(root, path.join(root, 'app'), isRelevant, () => 64 * 1024 * 1024, { includeIgnored: options.includeIgnored ?? [], alwaysRead: options.alwaysRead ?? ['.aspm/ignore.yaml', 'reports/*.sarif', '**/*.sarif'] });

  test('.gitignore files from the repository root down, .aspmignore and .git/info/exclude apply with git semantics', async () => {
    assert.deepEqual(await listing().listFiles(), [
      'app/.aspm/ignore.yaml', // named by the server itself: read even though .aspm/ is ignored
      'app/build/out.js', // root .gitignore ignores build/; the folder's .aspmignore (read last) brings it back
      'app/dist/bundle.js', // build output is left to .gitignore, which does not name dist/ here
      'app/lib/root-only.js', // `/app/root-only.js` is anchored to the root .gitignore's folder
      'app/modules/net.tf', // a deeper `!modules/*.tf` wins over the root's `*.tf`
      'app/reports/scan.sarif', // a report glob naming the ignored folder: read
      'app/src/index.js',
      'app/src/keep.gen.js', // the nested .gitignore's negation
      'app/top.sarif', // `*.sarif` is ignored, but the report globs name it
    ]);
  });

  test('what stays out, and why', async () => {
    const listed = new Set(await listing().listFiles());
    const excluded: [file: string, why: string][] = [
      ['app/src/a.gen.js', 'nested .gitignore'],
      ['app/root-only.js', 'anchored pattern of the root .gitignore'],
      ['app/scratch.js', "the folder's .gitignore"],
      ['app/lib/scratch.js', 'a pattern without a slash matches at any depth'],
      ['app/main.tf', "the root's `*.tf`"],
      ['app/infra/x.tf', "`!infra/*.tf` is anchored to the root: it names infra/, not app/infra/"],
      ['app/generated/package.json', 'ignored folder'],
      ['app/generated/keep/package.json', 'a folder inside an ignored folder cannot be brought back (git: the parent is never read)'],
      ['app/legacy/old.js', '.aspmignore'],
      ['app/secret-notes/a.js', '.git/info/exclude'],
      ['app/out/codeql.sarif', '`**/*.sarif` does not send the walker into ignored folders'],
      ['app/node_modules/x/index.js', 'never indexed'],
      ['app/vendor/github.com/y/y.go', 'never indexed'],
      ['app/.venv/lib/python3.12/site-packages/z/__init__.py', 'never indexed'],
    ];
    for (const [file, why] of excluded) {
      assert.equal(listed.has(file), false, `${file}: ${why}`);
    }
  });

  test('includeIgnored brings folders back with everything below them, and can reach into ignored folders', async () => {
    const generated = await listing({ includeIgnored: ['generated'] }).listFiles();
    assert.ok(generated.includes('app/generated/package.json') && generated.includes('app/generated/keep/package.json'), generated.join(', '));
    assert.ok(!generated.includes('app/legacy/old.js'));

    const keepOnly = await listing({ includeIgnored: ['./generated/keep/'] }).listFiles();
    assert.ok(keepOnly.includes('app/generated/keep/package.json'), 'walked through the ignored generated/');
    assert.ok(!keepOnly.includes('app/generated/package.json'), 'generated/ itself stays ignored');

    const everything = await listing({ includeIgnored: ['**'] }).listFiles();
    for (const file of ['app/main.tf', 'app/infra/x.tf', 'app/legacy/old.js', 'app/secret-notes/a.js', 'app/src/a.gen.js', 'app/out/codeql.sarif']) {
      assert.ok(everything.includes(file), file);
    }
    assert.ok(!everything.some((file) => /node_modules|vendor|\.venv/.test(file)), 'never-indexed folders stay out');
  });

  test('a file reported later (watcher, open document) is judged by the same rules', async () => {
    const fs = listing();
    await fs.listFiles();
    const table: [file: string, isIndexed: boolean][] = [
      ['app/src/new.js', true],
      ['app/src/new.gen.js', false],
      ['app/generated/new.js', false],
      ['app/generated/keep/new.js', false],
      ['app/build/new.js', true],
      ['app/new.tf', false],
      ['app/modules/new.tf', true],
      ['app/node_modules/x/new.js', false],
      ['app/.aspm/ignore.yaml', true],
    ];
    for (const [file, isIndexed] of table) {
      assert.equal(fs.isIndexed(file), isIndexed, file);
    }
    const included = listing({ includeIgnored: ['generated'] });
    await included.listFiles();
    assert.equal(included.isIndexed('app/generated/keep/new.js'), true);
    assert.equal(included.isIndexed('app/node_modules/x/new.js'), false);
  });

  test('an ignore file is read again on the next listing', async () => {
    const fs = listing();
    assert.ok(!(await fs.listFiles()).includes('app/legacy/old.js'));
    writeFileSync(path.join(root, 'app/.aspmignore'), '!build/\n');
    try {
      assert.ok((await fs.listFiles()).includes('app/legacy/old.js'));
      assert.equal(fs.isIndexed('app/legacy/new.js'), true);
    } finally {
      writeFileSync(path.join(root, 'app/.aspmignore'), tree['app/.aspmignore']!);
    }
  });
});

suite('host/NodeFileSystem: sibling folders listed at once', () => {
  test("each folder's .gitignore applies below it only, whatever order the siblings are read in", async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'aspm-walker-siblings-'));
    try {
      const expected: string[] = [];
      for (let at = 0; at < 24; at++) {
        const folder = `pkg${String(at).padStart(2, '0')}`;
        const nested = `${folder}/src`;
        mkdirSync(path.join(root, nested), { recursive: true });
        for (const file of [`${folder}/a.js`, `${folder}/keep.js`, `${nested}/b.js`]) {
          writeFileSync(path.join(root, file), '');
        }
        if (at % 2 === 0) {
          // Even folders ignore their .js files but keep.js; odd ones ignore nothing, and must not see these rules.
          writeFileSync(path.join(root, folder, '.gitignore'), '*.js\n!keep.js\n');
          expected.push(`${folder}/keep.js`);
        } else {
          expected.push(`${folder}/a.js`, `${folder}/keep.js`, `${nested}/b.js`);
        }
      }
      const walker = new NodeFileSystem(root, root, (file) => file.endsWith('.js'), () => 1024 * 1024);
      assert.deepEqual(await walker.listFiles(), expected.sort());
      assert.deepEqual(await walker.listFiles(), expected.sort(), 'a second listing, read afresh, is the same');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
