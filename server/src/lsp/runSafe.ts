import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { checkpointOf, RequestCancelledError, type Checkpoint } from './cancellation';

/**
 * Runs a request handler so that no raw exception ever leaves it: errors are logged and the fallback returned;
 * a cancelled request answers RequestCancelled. With a token, the event loop turns once before the work starts, so a
 * `$/cancelRequest` already sent is read first: a handler's synchronous work would otherwise never see it. Long
 * loops await the `checkpoint` given to `work`, which lets later cancels in and stops the work at the next one.
 */
export async function runSafe<T>(
  log: (message: string) => void,
  work: (checkpoint: Checkpoint) => T | Promise<T>,
  fallback: T,
  errorMessage: string,
  token?: CancellationToken,
): Promise<T | ResponseError<void>> {
  if (token) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (token?.isCancellationRequested) {
    return cancelled();
  }
  try {
    const result = await work(checkpointOf(token));
    return token?.isCancellationRequested ? cancelled() : result;
  } catch (error) {
    if (error instanceof RequestCancelledError) {
      return cancelled();
    }
    log(`${errorMessage}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}
