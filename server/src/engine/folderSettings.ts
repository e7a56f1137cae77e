import type { SourceConfig } from './sourcePorts';

/**
 * The settings a folder service reads, parsed by the caller with the shared schema (`shared/src/settings.ts`, which
 * the engine may not import): the editor gets them with `workspace/configuration`, the CLI from the scanned folder's
 * `.vscode/settings.json` and its flags. `configuredSources` is `aspm.backend.url` plus `aspm.sources`, each once.
 */
export interface FolderSettings {
  repository: string;
  sarif: { paths: readonly string[] };
  index: { includeIgnored: readonly string[] };
  osv: { path: string; url: string };
  backend: { url: string; timeoutMs: number; caCertificates: readonly string[] };
  configuredSources: readonly SourceConfig[];
  diagnostics: { scope: 'all' | 'changed' };
}

/**
 * What a settings change requires of an open folder. The steps are independent: one edit may change several
 * settings, and each changed one gets its step (`reindex` covers every other step, since opening does them all).
 */
export interface SettingsPlan {
  /** The repository identity, report globs or ignored folders moved: the folder is indexed again. */
  reindex: boolean;
  /** The OSV folder or API changed (or the HTTP settings the OSV API is reached with): advisories are read again. */
  reloadAdvisories: boolean;
  /** New-code mode was switched: the base of the branch is read again (or dropped). */
  refreshBaseline: boolean;
  /** Another backend: its data must not linger, so it is forgotten before the pull. */
  clearBackendData: boolean;
  /** The sources or how they are reached changed: they are pulled again. */
  repull: boolean;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The steps that take an open folder from `previous` to `next` settings; all false when nothing it reads changed. */
export function planSettingsChange(previous: FolderSettings, next: FolderSettings): SettingsPlan {
  const reindex = previous.repository !== next.repository || !same(previous.sarif, next.sarif) || !same(previous.index, next.index);
  const isBackendChanged = !same(previous.backend, next.backend);
  const isOsvApiReachedDifferently = next.osv.url !== '' && (previous.backend.timeoutMs !== next.backend.timeoutMs || !same(previous.backend.caCertificates, next.backend.caCertificates));
  return {
    reindex,
    reloadAdvisories: !reindex && (!same(previous.osv, next.osv) || isOsvApiReachedDifferently),
    refreshBaseline: !reindex && previous.diagnostics.scope !== next.diagnostics.scope,
    clearBackendData: !reindex && isBackendChanged,
    repull: !reindex && (isBackendChanged || !same(previous.configuredSources, next.configuredSources)),
  };
}
