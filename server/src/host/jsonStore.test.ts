import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readJson, writeJsonAtomic } from './jsonStore';

suite('host/jsonStore', () => {
  test('a large snapshot is written in pieces as the very text JSON.stringify gives, and read back whole', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'aspm-json-'));
    try {
      const finding = (index: number): Record<string, unknown> => ({
        id: `f-${index}`,
        title: `Finding "${index}" \u2028 ünïcode`,
        description: index % 3 === 0 ? undefined : 'text',
        sources: ['backend:svc'],
        firstSeen: new Date(Date.UTC(2026, 0, 1 + (index % 300))),
        cvss: index % 2 === 0 ? { score: 7.5 } : undefined,
        empty: [],
        holes: [1, undefined, () => 0],
      });
      const snapshot = {
        savedAt: '2026-12-04T12:00:00.000Z',
        ignored: undefined,
        services: [
          { service: { id: 'svc', name: 'shop', root: '' }, findings: Array.from({ length: 20_000 }, (_, index) => finding(index)), policies: [] },
          { service: { id: 'small', name: 'small', root: 'x' }, findings: [finding(1)] },
        ],
      };
      const file = path.join(directory, 'cache', 'snapshot.json');
      await writeJsonAtomic(file, snapshot);
      assert.equal(readFileSync(file, 'utf8'), JSON.stringify(snapshot));
      assert.deepEqual(await readJson(file), JSON.parse(JSON.stringify(snapshot)));
      assert.deepEqual(readdirSync(path.dirname(file)), ['snapshot.json'], 'no temporary file is left');
      await writeJsonAtomic(file, [1, 'two', null]);
      assert.deepEqual(await readJson(file), [1, 'two', null], 'small values too, replacing the file');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
