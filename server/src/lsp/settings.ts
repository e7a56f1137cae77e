import type { Connection } from 'vscode-languageserver/node';
import { parseSettings, type Settings } from '../../../shared/src/settings';
import type { SurfacePolicy } from '../core/prioritize/surface';

/** The analysis policy the settings ask for. New-code mode applies once the folder has a baseline. */
export function surfacePolicyOf(settings: Settings, hasBaseline: boolean): SurfacePolicy {
  const { minPriority, showUnreachable, scope } = settings.diagnostics;
  return { minPriority, showUnreachable, scope: scope === 'changed' && hasBaseline ? 'changed' : 'all' };
}

/**
 * Settings per workspace folder, pulled with `workspace/configuration` and validated; cached until the client
 * says they changed. Invalid values fall back to defaults and are reported once per distinct problem.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(folderUri: string): Promise<Settings> {
    let settings = this.cache.get(folderUri);
    if (!settings) {
      settings = this.load(folderUri);
      this.cache.set(folderUri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }

  private async load(folderUri: string): Promise<Settings> {
    const raw: unknown = this.canPull() ? await this.connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'aspm' }).catch(() => ({})) : {};
    const { settings, problems } = parseSettings(raw);
    for (const problem of problems) {
      if (!this.reported.has(problem)) {
        this.reported.add(problem);
        this.connection.console.warn(`Invalid setting, using the default instead: ${problem}`);
      }
    }
    return settings;
  }
}
