import type { FolderContext } from './folderContext';
import type { FolderSession } from './folderSession';

/**
 * New-code mode (`aspm.diagnostics.scope: changed`): compares with the merge-base of HEAD and the default branch.
 * Git runs only in trusted workspaces (a repository's git config can run commands). A failure is logged once and
 * leaves every finding shown.
 */
export async function refreshBaseline(session: FolderSession, context: FolderContext): Promise<void> {
  const settings = await context.settingsOf(session.uri);
  if (settings.diagnostics.scope !== 'changed' || !context.isTrusted()) {
    if (settings.diagnostics.scope === 'changed') {
      session.sayOnce('aspm.diagnostics.scope "changed" needs git, which ASPM does not run in an untrusted workspace: every finding is shown.', context.log.warn, 'baseline:untrusted');
    }
    if (session.engine.currentBaseline) {
      session.engine.setBaseline(undefined);
    }
    return;
  }
  try {
    const ref = await context.host.defaultBaseRef(session.repoRoot);
    if (!ref) {
      throw new Error('no default branch found (origin/HEAD, origin/main, origin/master, main, master or an upstream)');
    }
    const baseline = await session.engine.loadBaseline(context.host.baselineSource(session.repoRoot), ref);
    session.engine.setBaseline(baseline);
    session.sayOnce(`New-code mode: comparing ${session.fsPath} with ${ref} (merge-base ${baseline.commit.slice(0, 12)}), ${baseline.changes.size} changed files.`, context.log.info, `baseline:${ref}@${baseline.commit}`);
  } catch (error) {
    session.engine.setBaseline(undefined);
    session.sayOnce(`New-code mode is off for ${session.fsPath}: ${(error as Error).message}`, context.log.warn);
  }
}
