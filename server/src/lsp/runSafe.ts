import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/**
 * Runs a request handler so that no raw exception ever leaves it: errors are logged and the fallback returned;
 * a cancelled request answers RequestCancelled. With a token, the event loop turns once before the work starts, so a
 * `$/cancelRequest` already sent is read first: a handler's synchronous work would otherwise never see it.
 */
export async function runSafe<T>(
  log: (message: string) => void,
  work: () => T | Promise<T>,
  fallback: T,
  errorMessage: string,
  token?: CancellationToken,
): Promise<T | ResponseError<void>> {
  if (token) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (token?.isCancellationRequested) {
    return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  }
  try {
    const result = await work();
    return token?.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled') : result;
  } catch (error) {
    log(`${errorMessage}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}
