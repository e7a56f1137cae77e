import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { removeStaleTemporaryFiles } from './jsonStore';
import type { NewOutboxItem, OutboxItem } from '../engine/ports';
import { Outbox } from './outbox';

const backendUrl = 'https://aspm.example';
const decision = (findingId: string): NewOutboxItem => ({ kind: 'triage', backendUrl, findingId, decision: { state: 'accepted_risk', reason: 'test' } });
const never = (): boolean => false;

/** A pid that surely runs no process: that of a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

// Regression tests for issue 13 §11: two windows overwrote each other's outbox.json (3 queued, 2 delivered), a
// corrupt outbox.json was silently replaced, and kill -9 left *.tmp files that were never cleaned.
suite('host/outbox', () => {
  let storage: string;
  const outboxFiles = (): string[] => readdirSync(path.join(storage, 'outbox')).sort();

  setup(() => {
    storage = mkdtempSync(path.join(tmpdir(), 'aspm-outbox-'));
  });

  teardown(() => {
    rmSync(storage, { recursive: true, force: true });
  });

  test('two windows queue 3 decisions on one folder: all 3 are delivered, each exactly once', async () => {
    const first = Outbox.inDirectory(storage);
    const second = Outbox.inDirectory(storage);
    await first.pending(); // both have read the (empty) queue before anyone writes: the old lost-update race
    await second.pending();
    await first.add(decision('f-1'), new Date('2026-01-01T10:00:00Z'));
    await second.add(decision('f-2'), new Date('2026-01-01T10:00:01Z'));
    await first.add(decision('f-3'), new Date('2026-01-01T10:00:02Z'));
    assert.deepEqual((await second.pending()).map((item) => (item as { findingId: string }).findingId), ['f-1', 'f-2', 'f-3'], 'each window sees the whole queue, in order');

    const delivered: string[] = [];
    const send = async (item: OutboxItem): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // both flushes are in flight at once
      delivered.push((item as { findingId: string }).findingId);
    };
    const [a, b] = await Promise.all([first.flush(backendUrl, send, never), second.flush(backendUrl, send, never)]);
    assert.deepEqual(delivered.sort(), ['f-1', 'f-2', 'f-3']);
    assert.equal(a.sent + b.sent, 3);
    assert.deepEqual(await first.pending(), []);
    assert.deepEqual(outboxFiles(), []);
  });

  test('a transient failure keeps the item queued (and stops the flush); a permanent one drops it with a reason', async () => {
    const outbox = Outbox.inDirectory(storage);
    await outbox.add(decision('f-1'), new Date('2026-01-01T10:00:00Z'));
    await outbox.add(decision('f-2'), new Date('2026-01-01T10:00:01Z'));
    const offline = await outbox.flush(backendUrl, () => Promise.reject(new Error('unreachable')), never);
    assert.deepEqual(offline, { sent: 0, dropped: [] });
    assert.equal((await outbox.pending()).length, 2);
    assert.ok(outboxFiles().every((name) => name.endsWith('.json')), 'put back, not left claimed');
    const refused = await outbox.flush(backendUrl, (item) => ((item as { findingId: string }).findingId === 'f-1' ? Promise.reject(new Error('404 unknown finding')) : Promise.resolve()), () => true);
    assert.deepEqual(refused, { sent: 1, dropped: ['triage accepted_risk of f-1: 404 unknown finding'] });
    assert.deepEqual(outboxFiles(), []);
  });

  test('an unreadable entry is set aside as *.corrupt-<time> and reported once; the others are kept', async () => {
    const warnings: string[] = [];
    const outbox = Outbox.inDirectory(storage, (message) => warnings.push(message));
    await outbox.add(decision('f-1'), new Date('2026-01-01T10:00:00Z'));
    writeFileSync(path.join(storage, 'outbox', '000001767261600000-broken.json'), '{"id": "x", "kind": "tri');
    writeFileSync(path.join(storage, 'outbox', '000001767261600001-wrong.json'), '{"id": 5}');
    assert.deepEqual((await outbox.pending()).map((item) => (item as { findingId: string }).findingId), ['f-1']);
    assert.deepEqual((await outbox.pending()).length, 1);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.ok(warnings.every((warning) => /set aside as .*\.json\.corrupt-/.test(warning)));
    const names = outboxFiles();
    assert.equal(names.filter((name) => /\.json\.corrupt-\d{4}-/.test(name)).length, 2, names.join(', '));
  });

  test('the queue of earlier versions (outbox.json) is moved into one file per item; a corrupt one is kept aside', async () => {
    const items: OutboxItem[] = ['f-1', 'f-2'].map((findingId, index) => ({ ...(decision(findingId) as OutboxItem), id: randomUUID(), queuedAt: `2026-01-01T10:00:0${index}Z` }));
    writeFileSync(path.join(storage, 'outbox.json'), JSON.stringify(items));
    assert.deepEqual(await Outbox.inDirectory(storage).pending(), items);
    assert.ok(!existsSync(path.join(storage, 'outbox.json')));

    const other = mkdtempSync(path.join(tmpdir(), 'aspm-outbox-'));
    try {
      writeFileSync(path.join(other, 'outbox.json'), '[{"id": "a", "kind": "triage", "backe');
      const warnings: string[] = [];
      assert.deepEqual(await Outbox.inDirectory(other, (message) => warnings.push(message)).pending(), []);
      assert.equal(warnings.length, 1);
      assert.ok(readdirSync(other).some((name) => /^outbox\.json\.corrupt-/.test(name)), 'kept aside, not replaced');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('at start, temporary files of killed processes are removed and their claims taken back; a live window\'s are left alone', async () => {
    const dead = deadPid();
    const live = process.ppid;
    mkdirSync(path.join(storage, 'outbox'), { recursive: true });
    const leftOver = [`outbox.json.${dead}.${randomUUID()}.tmp`, `outbox/000001767261600000-a.json.${dead}.${randomUUID()}.tmp`];
    const inProgress = `outbox/000001767261600000-b.json.${live}.${randomUUID()}.tmp`;
    for (const name of [...leftOver, inProgress]) {
      writeFileSync(path.join(storage, name), '{"half": ');
    }
    const claimed: OutboxItem = { ...(decision('f-claimed') as OutboxItem), id: 'c1', queuedAt: '2026-01-01T09:00:00Z' };
    writeFileSync(path.join(storage, 'outbox', `000001767258000000-c1.json.${dead}.sending`), JSON.stringify(claimed));

    const outbox = Outbox.inDirectory(storage);
    assert.deepEqual(await outbox.pending(), [claimed], 'the abandoned claim is queued again');
    for (const name of leftOver) {
      assert.ok(!existsSync(path.join(storage, name)), `${name} removed`);
    }
    assert.ok(existsSync(path.join(storage, inProgress)), 'a live process\'s write in progress is kept');
    const delivered: string[] = [];
    await outbox.flush(backendUrl, async (item) => void delivered.push(item.id), never);
    assert.deepEqual(delivered, ['c1']);
  });

  test('removeStaleTemporaryFiles leaves files that are not its own temporaries', async () => {
    writeFileSync(path.join(storage, 'notes.tmp'), '');
    writeFileSync(path.join(storage, 'snapshot.json'), '{}');
    writeFileSync(path.join(storage, `snapshot.json.${deadPid()}.${randomUUID()}.tmp`), '');
    assert.equal(await removeStaleTemporaryFiles(storage, new Date()), 1);
    assert.deepEqual(readdirSync(storage).sort(), ['notes.tmp', 'snapshot.json']);
  });

  test('without a storage folder the queue lives in memory', async () => {
    const outbox = Outbox.inDirectory(undefined);
    await outbox.add(decision('f-1'), new Date());
    assert.equal((await outbox.pending()).length, 1);
    assert.deepEqual(await outbox.flush(backendUrl, () => Promise.resolve(), never), { sent: 1, dropped: [] });
    assert.deepEqual(await outbox.pending(), []);
  });
});
