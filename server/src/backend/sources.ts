import type { Dispatcher } from 'undici';
import { BackendError } from '../engine/backendError';
import type { Logger } from '../engine/ports';
import { sourceIdOf, sourceKindLabels, type CredentialsLookup, type SourceConfig, type SourceHandle } from '../engine/sourcePorts';
import { ApiClient } from './apiClient';
import { DefectDojoSource } from './defectdojo/defectDojoSource';
import { DependencyTrackSource } from './dependencyTrack/dependencyTrackSource';
import { GitHubSource } from './github/gitHubSource';
import type { PlatformOptions } from './platformKit';

/** How every source is reached: one timeout, proxy and CA set for all, and where tokens come from. */
export interface OpenSourcesOptions {
  credentials: CredentialsLookup;
  timeoutMs: number;
  /** VS Code's `http.proxy`; else HTTPS_PROXY / NO_PROXY. */
  proxy?: string;
  ca?: string[];
  log: Logger;
  maxBodyBytes?: number;
  /** Replaces the agents built from `proxy` and `ca` (tests). */
  dispatcher?: Dispatcher;
  /** Waits between retries (tests record them). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds one client per configured source, each with its own token (looked up by source id). A source that cannot
 * be built (bad URL, unknown kind) is a `notConfigured` problem; the others are still opened. Two entries with the
 * same kind and URL are one source.
 */
export async function openSources(configs: readonly SourceConfig[], options: OpenSourcesOptions): Promise<{ sources: SourceHandle[]; problems: BackendError[] }> {
  const sources: SourceHandle[] = [];
  const problems: BackendError[] = [];
  for (const config of configs) {
    const id = sourceIdOf(config);
    if (sources.some((source) => source.id === id)) {
      continue;
    }
    try {
      const token = await options.credentials({ id, kind: config.kind, url: config.url });
      sources.push({ id, kind: config.kind, label: `${sourceKindLabels[config.kind]} (${config.url.replace(/\/+$/, '')})`, backend: createBackend(config, id, token, options) });
    } catch (error) {
      problems.push(sourceProblem(config, (error as Error).message));
    }
  }
  return { sources, problems };
}

function createBackend(config: SourceConfig, sourceId: string, token: string | undefined, options: OpenSourcesOptions): SourceHandle['backend'] {
  const platform: PlatformOptions = { ...options, sourceId, url: config.url, token, project: config.project };
  switch (config.kind) {
    case 'aspm':
      return new ApiClient({ ...options, baseUrl: config.url, token, sourceId });
    case 'defectdojo':
      return new DefectDojoSource(platform);
    case 'dependency-track':
      return new DependencyTrackSource(platform);
    case 'github':
      return new GitHubSource(platform);
    default:
      throw new Error(`unknown source kind "${String(config.kind)}"`);
  }
}

/** A source that cannot be built (unknown kind, bad URL, no project): `notConfigured`, said once. */
export function sourceProblem(config: SourceConfig, message: string): BackendError {
  return new BackendError('notConfigured', `${sourceKindLabels[config.kind] ?? config.kind} (${config.url}): ${message}`);
}
