import { sourceKinds, type CredentialsLookup, type SourceConfig, type SourceKind } from '../engine/sourcePorts';

/** The environment variable each platform's token is read from. */
export const tokenVariables: Record<SourceKind, string> = {
  aspm: 'ASPM_TOKEN',
  defectdojo: 'DEFECTDOJO_TOKEN',
  'dependency-track': 'DEPENDENCY_TRACK_API_KEY',
  github: 'GITHUB_TOKEN',
};

/** What the command line says about sources. */
export interface SourceFlags {
  /** `--source KIND=URL`, repeatable. */
  source: string[];
  /** `--backend URL`: the same as `--source aspm=URL`. */
  backend?: string;
  /** `--project NAME`: the product / project / `owner/repo` of every source that is not the ASPM backend. */
  project?: string;
}

/** A flag the CLI cannot use, said with what would work. */
export class SourceFlagError extends Error {}

/**
 * The sources to pull from: each `--source KIND=URL`, `--backend URL` as an `aspm` source, else `ASPM_BACKEND_URL`
 * as one. `--project` names the workspace's product or project on every platform source.
 */
export function sourcesFromFlags(flags: SourceFlags, env: NodeJS.ProcessEnv): SourceConfig[] {
  const configs: SourceConfig[] = flags.source.map((flag) => parseSource(flag, flags.project));
  if (flags.backend) {
    configs.unshift({ kind: 'aspm', url: flags.backend });
  }
  if (configs.length === 0 && env.ASPM_BACKEND_URL) {
    configs.push({ kind: 'aspm', url: env.ASPM_BACKEND_URL });
  }
  return configs;
}

function parseSource(flag: string, project: string | undefined): SourceConfig {
  const equals = flag.indexOf('=');
  const kind = flag.slice(0, Math.max(0, equals)).trim().toLowerCase();
  const url = flag.slice(equals + 1).trim();
  if (equals <= 0 || url === '') {
    throw new SourceFlagError(`--source ${flag}: expected KIND=URL, e.g. --source defectdojo=https://dojo.example.com`);
  }
  if (!(sourceKinds as readonly string[]).includes(kind)) {
    throw new SourceFlagError(`--source ${flag}: unknown kind "${kind}"; kinds: ${sourceKinds.join(', ')}`);
  }
  return kind === 'aspm' || project === undefined ? { kind: kind as SourceKind, url } : { kind: kind as SourceKind, url, project };
}

/** Tokens from the environment, one variable per platform (`GITHUB_TOKEN`, …). */
export function environmentCredentials(env: NodeJS.ProcessEnv): CredentialsLookup {
  return (source) => {
    const value = env[tokenVariables[source.kind]];
    return value && value.trim() !== '' ? value.trim() : undefined;
  };
}
