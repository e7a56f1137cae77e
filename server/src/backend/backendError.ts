import type { BackendFailure, BackendFailureKind } from '../engine/ports';

/** Every failure of a backend call. Messages never contain the token or response bodies. */
export class BackendError extends Error implements BackendFailure {
  constructor(
    readonly kind: BackendFailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendError';
  }
}

/** Maps an HTTP error status to a failure kind. */
export function kindOfStatus(status: number): BackendFailureKind {
  if (status === 401) {
    return 'unauthorized';
  }
  if (status === 403) {
    return 'forbidden';
  }
  if (status === 429) {
    return 'rateLimited';
  }
  return status >= 500 ? 'unreachable' : 'badResponse';
}
