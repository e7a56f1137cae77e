/** Kinds of backend failure; each is reported once, and the last good data stays in use. */
export type BackendFailureKind = 'notConfigured' | 'unauthorized' | 'forbidden' | 'unreachable' | 'timeout' | 'rateLimited' | 'badResponse';

/**
 * The one error type of every outbound call (ASPM backend, DefectDojo, Dependency-Track, GitHub, OSV API) and of
 * a source that cannot be used at all (`notConfigured`). Messages never contain a token or a response body.
 */
export class BackendError extends Error {
  constructor(
    readonly kind: BackendFailureKind,
    message: string,
    /** The HTTP status, when the server answered one. */
    readonly status?: number,
    /** How long the server asked to wait (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendError';
  }
}

/** Any thrown value as a {@link BackendError}; anything else is an unexpected answer (`badResponse`). */
export function asBackendError(error: unknown): BackendError {
  return error instanceof BackendError ? error : new BackendError('badResponse', error instanceof Error ? error.message : String(error), undefined, undefined, { cause: error });
}

/** Failures worth retrying later (network, timeouts, rate limits, 408 and 5xx): a write is queued, not lost. */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof BackendError)) {
    return false;
  }
  const { kind, status } = error;
  return kind === 'unreachable' || kind === 'timeout' || kind === 'rateLimited' || status === 408 || (status !== undefined && status >= 500);
}
