import type { CancellationToken } from 'vscode-languageserver/node';

/** Thrown by a {@link Checkpoint} once its request is cancelled; `runSafe` answers RequestCancelled (-32800). */
export class RequestCancelledError extends Error {
  constructor() {
    super('request cancelled');
  }
}

/**
 * Awaited between the steps of a request's long loop. A `$/cancelRequest` is read only when the event loop turns,
 * which synchronous work never lets it do: a checkpoint lets it turn once the work has run for a time slice since
 * the last turn, and throws {@link RequestCancelledError} once the request is cancelled, so the rest is not done.
 */
export type Checkpoint = () => Promise<void>;

/** A checkpoint that never yields nor stops: for callers without a request (tests, the CLI). */
export const noCheckpoint: Checkpoint = () => Promise.resolve();

/** Work between two turns of the event loop: short enough for a cancel to stop a long request soon. */
const defaultSliceMs = 10;

/** The checkpoint of a request with `token`; without one, nothing can cancel it and it never yields. */
export function checkpointOf(token: CancellationToken | undefined, sliceMs = defaultSliceMs): Checkpoint {
  if (!token) {
    return noCheckpoint;
  }
  let lastTurn = performance.now();
  return async () => {
    if (performance.now() - lastTurn >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
    if (token.isCancellationRequested) {
      throw new RequestCancelledError();
    }
  };
}
