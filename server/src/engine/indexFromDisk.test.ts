import { strict as assert } from 'node:assert';
import type { FileFacts } from '../core/model/fileFacts';
import { fixtureFileSystem, fixturePath, sharedIndexer } from '../test/fixtures';
import type { DiskIndexResult, Logger, SourceIndexer, WorkspaceFileSystem } from './ports';
import { WorkspaceEngine } from './workspaceEngine';

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Files added to each fixture: one the disk calls binary, one listed but gone when read, one its indexer fails on. */
const extra = { 'src/blob.js': '', 'src/gone.js': '', 'src/boom.js': "import 'x';" };

/** The fixture on "disk", with the extra files' read outcomes. */
function diskOf(workspace: string): WorkspaceFileSystem {
  const fs = fixtureFileSystem(fixturePath('workspaces', workspace), extra);
  return {
    listFiles: () => fs.listFiles(),
    readText: (file) => (file === 'src/blob.js' ? Promise.resolve({ skipped: 'binary content' }) : file === 'src/gone.js' ? Promise.resolve({ skipped: 'file not found' }) : fs.readText(file)),
  };
}

/** The real indexer, except that it fails on `src/boom.js`; with `disk`, it also reads files itself, as the worker pool does. */
function indexerOf(real: SourceIndexer, disk?: WorkspaceFileSystem, reads: string[] = []): SourceIndexer {
  const index = (file: string, text: string): Promise<FileFacts> => (file === 'src/boom.js' ? Promise.reject(new Error('boom')) : real.index(file, text));
  const indexer: SourceIndexer = { handles: (file) => real.handles(file), isOptional: (file) => real.isOptional?.(file) === true, index };
  if (disk) {
    indexer.indexFromDisk = async (file: string): Promise<DiskIndexResult> => {
      reads.push(file);
      const read = await disk.readText(file);
      return 'skipped' in read ? read : { facts: await index(file, read.text), bytes: read.text.length };
    };
  }
  return indexer;
}

suite('engine/WorkspaceEngine: a cold index whose indexer reads the files', () => {
  test('the indexer is prepared (its workers started) before the folder is listed', async () => {
    const real = await sharedIndexer();
    const events: string[] = [];
    const disk = diskOf('node-express');
    const listing: WorkspaceFileSystem = { listFiles: () => (events.push('listFiles'), disk.listFiles()), readText: (file) => disk.readText(file) };
    const engine = new WorkspaceEngine({ fs: listing, indexer: real, log: quietLog, now: () => new Date('2026-12-01T00:00:00Z') });
    const bulk = indexerOf(real, disk);
    bulk.prepare = () => events.push('prepare');
    await engine.indexAll(undefined, undefined, bulk);
    assert.deepEqual(events, ['prepare', 'listFiles']);
  });

  for (const workspace of ['node-express', 'node-secrets', 'node-express-deploy', 'python-flask', 'terraform-aws']) {
    test(`${workspace}: the same index, problems and analysis as when the engine reads the files`, async () => {
      const real = await sharedIndexer();
      const now = new Date('2026-12-01T00:00:00Z');
      const engineReading = new WorkspaceEngine({ fs: diskOf(workspace), indexer: real, log: quietLog, now: () => now });
      await engineReading.indexAll(undefined, undefined, indexerOf(real));
      const reads: string[] = [];
      const indexerReading = new WorkspaceEngine({ fs: diskOf(workspace), indexer: real, log: quietLog, now: () => now });
      await indexerReading.indexAll(undefined, undefined, indexerOf(real, diskOf(workspace), reads));

      const [index, expected] = [indexerReading.workspaceIndex(), engineReading.workspaceIndex()];
      for (const part of ['files', 'graphs', 'imports', 'routes', 'iac'] as const) {
        assert.deepStrictEqual(index[part], expected[part], part);
      }
      for (const file of expected.files) {
        assert.deepStrictEqual([index.callsByPath.get(file), index.callsByPath.fieldsOf?.(file)], [expected.callsByPath.get(file), expected.callsByPath.fieldsOf?.(file)], file);
      }
      const problems = (engine: WorkspaceEngine): unknown => engine.filesWithProblems().map((file) => [file, engine.problemsOf(file)]);
      assert.deepStrictEqual(problems(indexerReading), problems(engineReading));
      assert.deepEqual(
        (problems(indexerReading) as [string, { message: string }[]][]).filter(([file]) => file in extra).map(([file, list]) => [file, list.map((problem) => problem.message)]),
        [
          ['src/blob.js', ['Not indexed: binary content']],
          ['src/boom.js', ['Cannot read: boom']],
        ],
      );
      const policy = { minPriority: 0, showUnreachable: true };
      assert.deepStrictEqual(indexerReading.analyze(policy), engineReading.analyze(policy));
      assert.ok(reads.includes('src/gone.js') && reads.includes('src/boom.js'), 'source files are read by the indexer');
      assert.ok(!reads.some((file) => file.endsWith('package.json') || file.endsWith('requirements.txt') || file.endsWith('.aspm/ignore.yaml')), `manifests are read by the engine: ${reads.join(', ')}`);
    });
  }
});

suite('engine/WorkspaceEngine: a document opened while its disk text is being indexed', () => {
  /** An indexer whose reads of `file` wait until `release` is called. */
  function heldIndexer(real: SourceIndexer, disk: WorkspaceFileSystem, file: string, isWorkerRead: boolean): { indexer: SourceIndexer; held: Promise<void>; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const held = new Promise<void>((resolve) => (reached = resolve));
    const hold = async <T>(path: string, work: () => Promise<T>): Promise<T> => {
      if (path === file) {
        reached();
        await gate;
      }
      return work();
    };
    const indexer: SourceIndexer = { handles: (path) => real.handles(path), index: (path, text) => hold(path, () => real.index(path, text)) };
    if (isWorkerRead) {
      indexer.indexFromDisk = (path) =>
        hold(path, async () => {
          const read = await disk.readText(path);
          return 'skipped' in read ? read : { facts: await real.index(path, read.text), bytes: read.text.length };
        });
    }
    return { indexer, held, release };
  }

  for (const isWorkerRead of [false, true]) {
    test(`the live text's facts stand when the disk's arrive later (${isWorkerRead ? 'the indexer reads the file' : 'the engine reads the file'})`, async () => {
      const real = await sharedIndexer();
      const disk = diskOf('node-express');
      const file = 'src/server.ts';
      const engine = new WorkspaceEngine({ fs: disk, indexer: real, log: quietLog, now: () => new Date('2026-12-01T00:00:00Z') });
      const { indexer, held, release } = heldIndexer(real, disk, file, isWorkerRead);
      const indexing = engine.indexAll(undefined, undefined, indexer);
      await held;
      await engine.setOpenText(file, "import dayjs from 'dayjs';\nexport const now = dayjs();\n");
      release();
      await indexing;
      const imports = engine.workspaceIndex().imports.filter((fact) => fact.path === file).map((fact) => fact.packageName);
      assert.deepEqual(imports, ['dayjs']);
    });
  }
});
