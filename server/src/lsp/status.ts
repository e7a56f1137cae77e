import type { SourceStatusDto, StatusParams } from '../../../shared/src/dto';
import type { BackendError } from '../engine/backendError';

/** What the status is computed from, per folder. */
export interface FolderStatus {
  isIndexed: boolean;
  /** Some source is configured (`aspm.sources` or `aspm.backend.url`). */
  hasBackendUrl: boolean;
  /** Every configured source, with its freshness and failure. */
  sources?: SourceStatusDto[];
  hasRepository: boolean;
  failure?: BackendError;
  staleSince?: Date;
  total: number;
  surfaced: number;
  dropped: number;
  /** Files with input problems (unreadable, too large, out of date…): each has its problems as diagnostics. */
  filesWithProblems: number;
}

/** Folds the folders' states into the one status the client shows. The worst state wins. */
export function computeStatus(isTrusted: boolean, hasToken: boolean, folders: FolderStatus[]): StatusParams {
  const status = foldStatus(isTrusted, hasToken, folders);
  const sources = folders.flatMap((folder) => folder.sources ?? []).filter((source, index, all) => all.findIndex((other) => other.id === source.id) === index);
  return sources.length > 0 ? { ...status, sources } : status;
}

function foldStatus(isTrusted: boolean, hasToken: boolean, folders: FolderStatus[]): StatusParams {
  const total = sum(folders, (folder) => folder.total);
  const surfaced = sum(folders, (folder) => folder.surfaced);
  const counts = { total, surfaced, filtered: total - surfaced };
  if (!isTrusted) {
    return { health: 'warning', message: 'ASPM: restricted', detail: 'This workspace is not trusted: the backend is not contacted. Trust the workspace to see its findings.', counts };
  }
  if (folders.some((folder) => !folder.isIndexed)) {
    return { health: 'ok', message: 'ASPM: indexing…', counts };
  }
  const auth = folders.find((folder) => folder.failure?.kind === 'unauthorized' || folder.failure?.kind === 'forbidden');
  if (auth?.failure) {
    const detail =
      auth.failure.kind === 'forbidden'
        ? `The backend refused access (${auth.failure.message}): this token may not read this repository's findings. Sign in with a token that may, or ask the ASPM administrators for access.`
        : hasToken
          ? `The backend rejected the token (${auth.failure.message}). Sign in again.`
          : 'The backend needs a token. Run "ASPM: Sign In".';
    return {
      health: 'error',
      message: auth.failure.kind === 'forbidden' ? 'ASPM: access denied' : 'ASPM: sign in required',
      detail,
      isSignInRequired: true,
      staleSince: auth.staleSince?.toISOString(),
      counts,
    };
  }
  const unsigned = folders.flatMap((folder) => (folder.sources ?? []).filter((source) => !source.hasToken)).map((source) => source.label);
  if (unsigned.length > 0) {
    const names = [...new Set(unsigned)];
    return {
      health: 'error',
      message: 'ASPM: sign in required',
      detail: `${names.join(', ')} ${names.length === 1 ? 'needs a token' : 'need tokens'}: run "ASPM: Sign In". Nothing is asked of a source before it has one.`,
      isSignInRequired: true,
      counts,
    };
  }
  const failed = folders.find((folder) => folder.failure && folder.failure.kind !== 'notConfigured');
  if (failed?.failure) {
    const stale = failed.staleSince ? ` Showing data from before ${failed.staleSince.toISOString()}.` : '';
    return {
      health: 'warning',
      message: failed.staleSince ? 'ASPM: stale' : 'ASPM: backend unavailable',
      detail: `${failed.failure.message}.${stale}`,
      staleSince: failed.staleSince?.toISOString(),
      counts,
    };
  }
  const misconfigured = folders.find((folder) => folder.failure?.kind === 'notConfigured');
  if (misconfigured?.failure) {
    return { health: 'error', message: 'ASPM: invalid backend URL', detail: misconfigured.failure.message, counts };
  }
  if (!folders.some((folder) => folder.hasBackendUrl)) {
    return { health: 'warning', message: 'ASPM: no backend', detail: 'Configure a source ("aspm.sources": DefectDojo, Dependency-Track, GitHub; or "aspm.backend.url") with "ASPM: Sign In".', counts };
  }
  if (folders.some((folder) => folder.hasBackendUrl && !folder.hasRepository)) {
    return { health: 'warning', message: 'ASPM: unknown repository', detail: 'No git remote "origin" found: set "aspm.repository" (e.g. github.com/acme/shop).', counts };
  }
  const dropped = sum(folders, (folder) => folder.dropped);
  const withProblems = sum(folders, (folder) => folder.filesWithProblems);
  const inputs = withProblems > 0 ? ` ${withProblems === 1 ? '1 file has' : `${withProblems} files have`} input problems (see the Problems panel).` : '';
  return {
    health: dropped > 0 ? 'warning' : 'ok',
    message: `ASPM: ${surfaced} shown · ${total - surfaced} filtered`,
    detail: `${dropped > 0 ? `${dropped} findings from the backend failed validation and were skipped (see the log).` : `${surfaced} of ${total} findings are reachable and above the minimum priority.`}${inputs}`,
    counts,
  };
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
