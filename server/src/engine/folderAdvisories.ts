import type { OsvAdvisory } from '../core/ingest/osv';
import type { FolderContext } from './folderContext';
import type { FolderSession } from './folderSession';
import type { FolderSettings } from './folderSettings';
import { appendAll } from '../core/model/lists';
import type { AdvisoryLoad, FolderHost } from './ports';

/**
 * Reads the advisories of `aspm.osv.path` and `aspm.osv.url`. The folder path is confined to the folder even in a
 * trusted workspace (a repository's settings must not read `../secret`); the OSV API is reached with the same proxy
 * and private CAs as the sources.
 */
export async function readAdvisories(
  host: FolderHost,
  folder: string,
  settings: Pick<FolderSettings, 'osv' | 'backend'>,
  packages: () => Parameters<FolderHost['queryOsvApi']>[1],
  proxy: string | undefined,
): Promise<{ advisories: OsvAdvisory[]; problems: string[]; unreadableFolder?: string }> {
  const advisories: OsvAdvisory[] = [];
  const problems: string[] = [];
  const add = (loaded: AdvisoryLoad): void => {
    appendAll(advisories, loaded.advisories);
    appendAll(problems, loaded.problems.map((problem) => `${problem.path}: ${problem.message}`));
  };
  let unreadableFolder: string | undefined;
  const osvFolder = settings.osv.path === '' ? undefined : await host.confineSettingPath(folder, 'aspm.osv.path', settings.osv.path);
  if (osvFolder && 'problem' in osvFolder) {
    problems.push(osvFolder.problem);
  } else if (osvFolder) {
    const loaded = await host.loadOsvFolder(osvFolder.path, settings.osv.path);
    unreadableFolder = loaded.problems.find((problem) => problem.path === osvFolder.path)?.message;
    add(loaded);
  }
  if (settings.osv.url !== '') {
    try {
      const { ca } = await host.loadCaCertificates(settings.backend.caCertificates);
      add(await host.queryOsvApi(settings.osv.url, packages(), { timeoutMs: settings.backend.timeoutMs, proxy, ca }));
    } catch (error) {
      problems.push(`OSV API: ${(error as Error).message}`);
    }
  }
  return { advisories, problems, unreadableFolder };
}

/** Loads the folder's OSV advisories into its engine; a problem is logged once per distinct message. */
export async function loadAdvisories(session: FolderSession, context: FolderContext): Promise<void> {
  const settings = await context.settingsOf(session.uri);
  if (!context.isTrusted() || (settings.osv.path === '' && settings.osv.url === '')) {
    return;
  }
  const { advisories, problems, unreadableFolder } = await readAdvisories(context.host, session.fsPath, settings, () => session.engine.installedPackages(), context.proxy());
  session.advisoryProblems = { problems, unreadableFolder };
  for (const problem of problems.slice(0, 5)) {
    session.sayOnce(`OSV advisories: ${problem}`, context.log.warn, problem);
  }
  session.engine.setAdvisories(advisories);
  await context.changed('findings');
}
