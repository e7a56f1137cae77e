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
});
