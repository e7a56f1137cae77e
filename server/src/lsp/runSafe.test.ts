import { strict as assert } from 'node:assert';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { runSafe } from './runSafe';

suite('lsp/runSafe', () => {
  const logged: string[] = [];
  const log = (message: string): void => void logged.push(message);

  test('a $/cancelRequest read after the request was dispatched, before its work ran, cancels it: the work never runs', async () => {
    const source = new CancellationTokenSource();
    let ran = false;
    const answer = runSafe(log, () => (ran = true), false, 'Error computing X', source.token);
    // What the connection does when the cancel arrives in the same read as the request, just after dispatching it.
    source.cancel();
    const result = await answer;
    assert.equal(ran, false);
    assert.ok(result instanceof ResponseError);
    assert.equal(result.code, LSPErrorCodes.RequestCancelled);
  });

  test('a cancel already queued on the event loop when the request starts is seen first', async () => {
    const source = new CancellationTokenSource();
    setImmediate(() => source.cancel());
    let ran = false;
    const result = await runSafe(log, () => (ran = true), false, 'Error computing X', source.token);
    assert.equal(ran, false);
    assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.RequestCancelled);
  });

  test('an uncancelled request answers its result; an error answers the fallback and is logged', async () => {
    const source = new CancellationTokenSource();
    assert.equal(await runSafe(log, () => 42, 0, 'Error computing X', source.token), 42);
    assert.equal(await runSafe(log, () => { throw new Error('boom'); }, 7, 'Error computing Y', source.token), 7);
    assert.match(logged.at(-1) ?? '', /Error computing Y: Error: boom/);
  });

  test('a cancel that arrives while a long loop runs stops it at its next checkpoint: -32800, the rest of the work undone', async () => {
    const source = new CancellationTokenSource();
    let iterations = 0;
    const result = await runSafe(
      log,
      async (checkpoint) => {
        for (let step = 0; step < 1000; step++) {
          await checkpoint();
          iterations++;
          if (iterations === 3) {
            // What the connection does when a $/cancelRequest is read: on a later turn of the event loop.
            setImmediate(() => source.cancel());
          }
          const until = performance.now() + 1;
          while (performance.now() < until) {
            // a millisecond of synchronous work per step, as converting a finding may take
          }
        }
        return 'finished';
      },
      'fallback',
      'Error computing X',
      source.token,
    );
    assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.RequestCancelled, String(result));
    assert.ok(iterations >= 3 && iterations < 100, `${iterations} of 1000 steps ran`);
  });
});
