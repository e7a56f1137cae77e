import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FileFacts } from '../core/model/fileFacts';
import type { DiskIndexResult, SourceIndexer } from '../engine/ports';
import { readTextFile } from './nodeFileSystem';
import { fixturePath } from '../test/fixtures';
import { createSourceIndexer, type FolderIndexOptions } from './sourceIndexer';
import { TreeSitterHost } from './treeSitterHost';
import { wasmLocator } from './wasmLocator';
import { locateIndexWorker, WorkerIndexer, type WorkerIndexerOptions } from './workerIndexer';

/** Every file under `dir`, repository-relative with `/`. */
function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

/** The outcome of a call as comparable data: the facts, or the error message. */
async function outcomeOf(run: () => Promise<FileFacts>): Promise<{ facts: FileFacts } | { error: string }> {
  try {
    return { facts: await run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Fails instead of hanging: the point of several tests is that a promise settles. */
function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once the pool has no worker running (its idle or release shutdown is done). */
function untilNoWorkers(workers: WorkerIndexer, what: string): Promise<void> {
  return settlesWithin(
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (workers.workerCount === 0) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    }),
    10_000,
    what,
  );
}

suite('host/workerIndexer', function () {
  // Real workers: each one starts its own tree-sitter runtime and loads its grammars.
  this.timeout(30_000);

  const root = fixturePath();
  const folder: FolderIndexOptions = { repoRoot: root, folder: root, sarifGlobs: ['**/*.sarif'] };
  let inThread: SourceIndexer;
  let scratch: string;
  const pools: WorkerIndexer[] = [];

  const pool = (options: Partial<WorkerIndexerOptions> = {}): WorkerIndexer => {
    const created = new WorkerIndexer({ folder, handles: (file) => inThread.handles(file), ...options });
    pools.push(created);
    return created;
  };

  /** A worker entry that misbehaves on chosen paths and otherwise is the real one. */
  const faultyWorker = (): string => {
    const script = path.join(scratch, 'faultyWorker.js');
    writeFileSync(
      script,
      // Misbehaves only once the real entry said it is ready, as a crash inside the parser would.
      `const { parentPort } = require('node:worker_threads');
let isReady = false;
const early = [];
const misbehave = (request) => {
  if (request.path.endsWith('throw.ts')) { throw new Error('injected crash'); }
  if (request.path.endsWith('exit.ts')) { process.exit(7); }
  if (request.path.endsWith('hang.ts')) { for (;;) {} }
};
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message) => {
  post(message);
  if (message.type === 'ready') {
    isReady = true;
    early.splice(0).forEach(misbehave);
  }
};
parentPort.on('message', (request) => (isReady ? misbehave(request) : early.push(request)));
require(${JSON.stringify(locateIndexWorker(__dirname))});
`,
    );
    return script;
  };

  suiteSetup(async () => {
    inThread = createSourceIndexer(await TreeSitterHost.create(wasmLocator(__dirname)), folder);
    scratch = mkdtempSync(path.join(tmpdir(), 'aspm-worker-indexer-'));
  });

  suiteTeardown(async () => {
    await Promise.all(pools.map((created) => created.dispose()));
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the worker entry is found next to this module', () => {
    assert.equal(locateIndexWorker(__dirname), path.join(__dirname, 'indexWorker.js'));
  });

  test('workers return the same facts as the in-thread indexer for every fixture file', async () => {
    const workers = pool({ workers: 2 });
    const files = listFiles(path.join(root, 'workspaces'))
      .map((file) => `workspaces/${file}`)
      .filter((file) => inThread.handles(file));
    assert.ok(files.length >= 15, `fixture files handled: ${files.join(', ')}`);
    const texts = files.map((file) => readFileSync(path.join(root, file), 'utf8'));
    const fromWorkers = await Promise.all(files.map((file, at) => outcomeOf(() => workers.index(file, texts[at]!))));
    for (const [at, file] of files.entries()) {
      assert.deepStrictEqual(fromWorkers[at], await outcomeOf(() => inThread.index(file, texts[at]!)), file);
    }
    assert.ok(fromWorkers.some((outcome) => 'facts' in outcome && (outcome.facts.imports?.length ?? 0) > 0), 'some imports were found');
    assert.ok(fromWorkers.some((outcome) => 'facts' in outcome && outcome.facts.iac !== undefined), 'some IaC facts were found');
    const { busyMs, ...counts } = workers.stats;
    assert.deepEqual(counts, { started: 2, crashed: 0, indexed: files.length, failed: 0 });
    assert.ok(busyMs > 0);
  });

  suite('the worker reads the file itself (indexFromDisk)', () => {
    let readRoot: string;
    const limit = 4096;
    const files: Record<string, string | Buffer> = {
      'src/app.ts': "import express from 'express';\nexpress().get('/users', list);\n",
      'src/bom.ts': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("import a from 'with-bom';\n")]),
      'src/binary.ts': Buffer.concat([Buffer.from("import b from 'b';\n"), Buffer.from([0, 1, 2])]),
      'src/large.ts': `import c from 'c';\n${'// padding\n'.repeat(400)}`,
      'src/invalid.ts': Buffer.concat([Buffer.from("import d from 'd';\n// "), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
      'src/empty.ts': '',
    };
    const full = (file: string): string => path.join(readRoot, ...file.split('/'));

    suiteSetup(() => {
      readRoot = mkdtempSync(path.join(tmpdir(), 'aspm-worker-read-'));
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(full(file)), { recursive: true });
        writeFileSync(full(file), content);
      }
    });

    suiteTeardown(() => rmSync(readRoot, { recursive: true, force: true }));

    /** What the engine does without the pool reading: the folder's own read, then the in-thread indexer. */
    const readThenIndex = async (file: string): Promise<DiskIndexResult> => {
      const read = await readTextFile(full(file), limit);
      return 'skipped' in read ? read : { facts: await inThread.index(file, read.text), bytes: read.bytes };
    };

    test('text, BOM, binary, over the limit, invalid UTF-8, empty and missing files come back as the main thread reads them', async () => {
      const workers = pool({ workers: 2, folder: { repoRoot: readRoot, folder: readRoot, sarifGlobs: [] } });
      const paths = [...Object.keys(files), 'src/missing.ts'];
      const fromWorkers = await settlesWithin(Promise.all(paths.map((file) => workers.indexFromDisk(file, limit))), 20_000, 'the reads');
      for (const [at, file] of paths.entries()) {
        assert.deepStrictEqual(fromWorkers[at], await readThenIndex(file), file);
      }
      const byPath = new Map(paths.map((file, at) => [file, fromWorkers[at]!]));
      assert.deepEqual(byPath.get('src/binary.ts'), { skipped: 'binary content' });
      assert.match((byPath.get('src/large.ts') as { skipped: string }).skipped, /^larger than /);
      assert.deepEqual(byPath.get('src/missing.ts'), { skipped: 'file not found' });
      const bom = byPath.get('src/bom.ts') as { facts: FileFacts };
      assert.deepEqual(bom.facts.imports?.map((site) => [site.specifier, site.range.start]), [['with-bom', { line: 0, character: 15 }]], 'the mark is not part of the text');
      assert.equal((byPath.get('src/bom.ts') as { bytes: number }).bytes, statSync(full('src/bom.ts')).size, "the size is the file's, the mark included");
      assert.equal(workers.stats.crashed, 0);
    });

    test('a file that vanishes, then comes back, between reads is read as it is at that moment', async () => {
      const workers = pool({ workers: 1, folder: { repoRoot: readRoot, folder: readRoot, sarifGlobs: [] } });
      writeFileSync(full('src/flaky.ts'), "import e from 'e';\n");
      assert.deepEqual((await workers.indexFromDisk('src/flaky.ts', limit) as { facts: FileFacts }).facts.imports?.map((site) => site.specifier), ['e']);
      rmSync(full('src/flaky.ts'));
      assert.deepEqual(await workers.indexFromDisk('src/flaky.ts', limit), { skipped: 'file not found' });
      writeFileSync(full('src/flaky.ts'), "import f from 'f';\n");
      assert.deepEqual((await workers.indexFromDisk('src/flaky.ts', limit) as { facts: FileFacts }).facts.imports?.map((site) => site.specifier), ['f']);
    });

    test('without workers, the fallback indexes what this thread reads; dispose hands queued reads to it too', async () => {
      const folderHere = { repoRoot: readRoot, folder: readRoot, sarifGlobs: [] };
      const degraded = pool({ workerScript: path.join(scratch, 'missing.js'), fallback: inThread, folder: folderHere });
      for (const file of ['src/app.ts', 'src/binary.ts', 'src/missing.ts']) {
        assert.deepStrictEqual(await settlesWithin(degraded.indexFromDisk(file, limit), 20_000, file), await readThenIndex(file), file);
      }
      const workers = pool({ workers: 1, fallback: inThread, folder: folderHere });
      const given = Object.keys(files).map((file) => workers.indexFromDisk(file, limit));
      await workers.dispose();
      const outcomes = await settlesWithin(Promise.all(given), 10_000, 'the reads given before dispose');
      for (const [at, file] of Object.keys(files).entries()) {
        assert.deepStrictEqual(outcomes[at], await readThenIndex(file), file);
      }
    });

    test('a worker that dies reading a file fails that file only; the reads queued behind it are re-sent', async () => {
      const workers = pool({ workers: 1, workerScript: faultyWorker(), folder: { repoRoot: readRoot, folder: readRoot, sarifGlobs: [] } });
      const outcomes = await settlesWithin(
        Promise.all(['src/exit.ts', 'src/app.ts', 'src/bom.ts'].map((file) => workers.indexFromDisk(file, limit).then((result) => result, (error: Error) => ({ error: error.message })))),
        20_000,
        'the reads',
      );
      assert.match((outcomes[0] as { error: string }).error, /exit code 7/);
      assert.deepStrictEqual(outcomes.slice(1), [await readThenIndex('src/app.ts'), await readThenIndex('src/bom.ts')]);
    });
  });

  test('garbage input gives the same outcome as in the main thread, and never hangs', async () => {
    const workers = pool({ workers: 1 });
    const garbage = [
      '',
      '\u0000\u0001\u0002\uFFFD'.repeat(2000),
      '\uD800 lone surrogates \uDFFF import x from "\uD800";',
      `${'('.repeat(2_000)}require('deep')${')'.repeat(2_000)}`,
      `import a from 'a'; ${'x'.repeat(300_000)}`,
      '{ "runs": [ { "results": [ {',
    ];
    for (const [at, text] of garbage.entries()) {
      for (const file of [`garbage/${at}.ts`, `garbage/${at}.js`, `garbage/${at}.tf`, `garbage/${at}.sarif`]) {
        const outcome = await settlesWithin(outcomeOf(() => workers.index(file, text)), 20_000, file);
        assert.deepStrictEqual(outcome, await outcomeOf(() => inThread.index(file, text)), file);
      }
    }
    assert.equal(workers.stats.crashed, 0);
  });

  for (const [file, reason] of [
    ['src/throw.ts', /injected crash/],
    ['src/exit.ts', /exit code 7/],
  ] as const) {
    test(`a worker that dies on ${file} fails that file only, and is replaced`, async () => {
      const workers = pool({ workers: 1, workerScript: faultyWorker() });
      const others = ['a', 'b', 'c'].map((name) => `src/${name}.ts`);
      // Queued behind the crash on the same worker: they must be re-sent, not lost.
      const results = await settlesWithin(
        Promise.all([file, ...others].map((name) => outcomeOf(() => workers.index(name, `import x from 'pkg-${name}';`)))),
        20_000,
        'the batch',
      );
      assert.ok('error' in results[0]!, JSON.stringify(results[0]));
      assert.match(results[0].error, reason);
      for (const [at, name] of others.entries()) {
        assert.deepEqual(results[at + 1], await outcomeOf(() => inThread.index(name, `import x from 'pkg-${name}';`)));
      }
      assert.equal(workers.stats.crashed, 1);
      assert.equal(workers.stats.started, 2);
    });
  }

  test('a worker stuck on a file is terminated after the stall time, and the next file is indexed', async () => {
    // The stall clock also runs while the replacement starts (grammars, queries): seconds on a loaded machine.
    const workers = pool({ workers: 1, workerScript: faultyWorker(), stallMs: 5000 });
    const stuck = await settlesWithin(outcomeOf(() => workers.index('src/hang.ts', '')), 20_000, 'the stuck file');
    assert.ok('error' in stuck);
    assert.match(stuck.error, /no answer for 5000 ms/);
    assert.ok('facts' in (await settlesWithin(outcomeOf(() => workers.index('src/ok.ts', "import 'ok';")), 20_000, 'the next file')));
  });

  test('a worker that cannot start makes requests fail, or go to the fallback, without hanging', async () => {
    const broken = path.join(scratch, 'brokenWorker.js');
    writeFileSync(broken, "throw new Error('cannot load');\n");
    const failing = pool({ workerScript: broken });
    const failed = await settlesWithin(outcomeOf(() => failing.index('src/a.ts', "import 'a';")), 20_000, 'the request');
    assert.ok('error' in failed);
    assert.match(failed.error, /cannot start.*cannot load/);
    assert.ok('error' in (await outcomeOf(() => failing.index('src/b.ts', "import 'b';"))), 'later requests fail at once');

    const degraded = pool({ workerScript: path.join(scratch, 'missing.js'), fallback: inThread });
    assert.deepEqual(await settlesWithin(degraded.index('src/a.ts', "import 'a';"), 20_000, 'the fallback'), await inThread.index('src/a.ts', "import 'a';"));
  });

  test('an idle pool terminates its workers and restarts them on demand', async () => {
    const workers = pool({ workers: 1, idleMs: 100 });
    await workers.index('src/a.ts', "import 'a';");
    assert.equal(workers.workerCount, 1);
    await untilNoWorkers(workers, 'the idle shutdown');
    assert.deepEqual(await workers.index('src/b.ts', "import 'b';"), await inThread.index('src/b.ts', "import 'b';"));
    assert.equal(workers.stats.started, 2);
  });

  test('prepare starts the workers before any file is given; unused, they end after the idle time', async () => {
    const workers = pool({ workers: 2, idleMs: 200 });
    workers.prepare();
    assert.equal(workers.workerCount, 2);
    await untilNoWorkers(workers, 'the idle shutdown');
    assert.equal(workers.stats.started, 2);
    assert.deepEqual(await workers.index('src/a.ts', "import 'a';"), await inThread.index('src/a.ts', "import 'a';"));
    assert.equal(workers.stats.crashed, 0);
  });

  test('release while busy finishes the files already sent, then ends the workers; the next file starts a new one', async () => {
    const workers = pool({ workers: 1 });
    const busy = Array.from({ length: 6 }, (_, at) => outcomeOf(() => workers.index(`src/${at}.ts`, `import 'p${at}';`)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await workers.release();
    const outcomes = await settlesWithin(Promise.all(busy), 20_000, 'the files sent before the release');
    assert.ok(outcomes.every((outcome) => 'facts' in outcome), JSON.stringify(outcomes));
    await untilNoWorkers(workers, 'the released worker to end');
    assert.ok('facts' in (await outcomeOf(() => workers.index('src/after.ts', "import 'after';"))));
    assert.equal(workers.stats.crashed, 0);
  });

  test('disposing an idle pool lets the workers exit before the process does', () => {
    // Regression: idle workers are unref'd, and the process used to exit while awaiting their termination.
    const script = path.join(scratch, 'disposeIdle.js');
    writeFileSync(
      script,
      `const { WorkerIndexer } = require(${JSON.stringify(path.join(__dirname, 'workerIndexer.js'))});
const folder = ${JSON.stringify(folder)};
const pool = new WorkerIndexer({ folder, handles: () => true, workers: 2 });
Promise.all(['a.ts', 'b.js', 'c.ts', 'd.js'].map((file) => pool.index(file, "import 'x';")))
  .then(() => pool.dispose())
  .then(() => console.log('disposed ' + pool.workerCount));
`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.stdout.trim(), 'disposed 0', child.stderr);
  });

  test('dispose hands the files already given to the fallback, so none of them fails', async () => {
    const workers = pool({ workers: 1, fallback: inThread });
    const given = Array.from({ length: 8 }, (_, at) => outcomeOf(() => workers.index(`src/${at}.ts`, `import 'p${at}';`)));
    await workers.dispose();
    const outcomes = await settlesWithin(Promise.all(given), 10_000, 'the files given before dispose');
    for (const [at, outcome] of outcomes.entries()) {
      assert.deepStrictEqual(outcome, await outcomeOf(() => inThread.index(`src/${at}.ts`, `import 'p${at}';`)));
    }
    assert.equal(workers.workerCount, 0);
  });

  test('dispose terminates the workers and rejects what is still queued', async () => {
    const workers = pool({ workers: 1 });
    const queued = Array.from({ length: 20 }, (_, at) => outcomeOf(() => workers.index(`src/${at}.ts`, `import 'p${at}';`)));
    await workers.dispose();
    const outcomes = await settlesWithin(Promise.all(queued), 10_000, 'the queued requests');
    assert.ok(outcomes.some((outcome) => 'error' in outcome && /disposed/.test(outcome.error)));
    assert.equal(workers.workerCount, 0);
    assert.ok('error' in (await outcomeOf(() => workers.index('src/late.ts', ''))));
  });
});
