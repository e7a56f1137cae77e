import { strict as assert } from 'node:assert';
import { planIndexOrder } from './indexOrder';

suite('engine/indexOrder', () => {
  const isData = (path: string): boolean => /(^|\/)(package(-lock)?\.json|requirements\.txt)$|\.sarif$/.test(path);

  test('data files come first, then routers and entry points, then the rest in listing order', () => {
    const order = planIndexOrder(
      ['src/util/a.ts', 'package.json', 'src/routes/users.ts', 'lib/b.js', 'src/app.ts', 'api/requirements.txt', 'src/controllers/c.py', 'reports/x.sarif', 'src/z.ts'],
      isData,
    );
    assert.deepEqual(order.data, ['package.json', 'api/requirements.txt', 'reports/x.sarif']);
    assert.deepEqual(order.sources, ['src/routes/users.ts', 'src/app.ts', 'src/controllers/c.py', 'src/util/a.ts', 'lib/b.js', 'src/z.ts']);
  });

  test('every path is kept exactly once', () => {
    const paths = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? `m${i}/package.json` : i % 5 === 0 ? `src/routes/r${i}.ts` : `src/f${i}.ts`));
    const order = planIndexOrder(paths, isData);
    assert.deepEqual([...order.data, ...order.sources].sort(), [...paths].sort());
  });
});
