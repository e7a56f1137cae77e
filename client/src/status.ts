import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { Health, SourceStatusDto, StatusParams } from '../../shared/src/dto';
import { StatusNotification } from '../../shared/src/protocol';
import type { TokenStore } from './secrets';

/** globalState key: the sign-in state a popup was last shown for, so each state pops up at most once. */
const POPUP_STATE_KEY = 'aspm.status.popupShownFor';

const icons: Record<Health, string> = { ok: '$(shield)', warning: '$(warning)', error: '$(error)' };
const backgrounds: Record<Health, vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** Not signed in yet, or the token was rejected: something to do rather than a failure, so it looks like a warning. */
const signInLook = { icon: '$(account)', background: backgrounds.warning };

/**
 * The status bar item driven by `aspm/status`. Clicking it opens the log. States the user can act on (no token,
 * token rejected) additionally get one popup with a "Sign In" button, once per state: remembered in globalState, so
 * neither a reload nor another window repeats it. A healthy status or a new token makes the next problem news again.
 */
export class StatusController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aspm.status', vscode.StatusBarAlignment.Left, 10);
  private readonly updated = new vscode.EventEmitter<StatusParams>();
  /** Fires after every `aspm/status` notification (the posture tree refreshes on it). */
  readonly onDidUpdate = this.updated.event;
  private last: StatusParams | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    client: LanguageClient,
    private readonly globalState: vscode.Memento,
    private readonly tokens: TokenStore,
  ) {
    this.item.name = 'ASPM';
    this.item.command = 'aspm.showLog';
    this.item.text = '$(sync~spin) ASPM';
    this.item.tooltip = 'ASPM: starting…';
    this.item.show();
    // One handler per method in the language client: this is the only `aspm/status` subscriber; others use onDidUpdate.
    client.onNotification(StatusNotification.type, (params) => this.update(params));
    this.subscriptions = [
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped) {
          this.update({ health: 'error', message: 'ASPM stopped', detail: 'The ASPM language server is not running.' });
        }
      }),
      tokens.onDidChange(() => void this.globalState.update(POPUP_STATE_KEY, undefined)),
    ];
  }

  /** The last status received, if any. */
  get current(): StatusParams | undefined {
    return this.last;
  }

  update(params: StatusParams): void {
    this.last = params;
    // A click does the next step: configure a source, sign in to one without a token, else show the posture view.
    const hasSources = (params.sources?.length ?? 0) > 0 || !/no backend/.test(params.message);
    this.item.command = !hasSources ? 'aspm.signIn' : params.isSignInRequired ? 'aspm.signIn' : params.health === 'error' && !params.counts ? 'aspm.showLog' : 'workbench.view.extension.aspm';
    const stale = params.staleSince !== undefined;
    // The server reports a missing or rejected token as an error; for the user it is a step to take.
    const icon = params.isSignInRequired ? signInLook.icon : icons[params.health];
    // "stale since 14:05": the time the last good data dates from, in the user's own clock.
    const since = stale ? ` since ${new Date(params.staleSince!).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : '';
    this.item.text = `${stale ? '$(history)' : icon} ${params.message}${params.message.endsWith('stale') ? since : ''}`;
    this.item.backgroundColor = params.isSignInRequired ? signInLook.background : backgrounds[params.health];
    this.item.tooltip = tooltip(params);
    this.item.accessibilityInformation = { label: `ASPM: ${params.message}` };
    void this.maybePopup(params);
    this.updated.fire(params);
  }

  private async maybePopup(params: StatusParams): Promise<void> {
    if (!params.isSignInRequired) {
      if (params.health === 'ok') {
        await this.globalState.update(POPUP_STATE_KEY, undefined); // a later sign-in problem is news again
      }
      return;
    }
    const state = this.tokens.current ? 'signIn:tokenRejected' : 'signIn:noToken';
    if (this.globalState.get<string>(POPUP_STATE_KEY) === state) {
      return;
    }
    await this.globalState.update(POPUP_STATE_KEY, state);
    const choice = await vscode.window.showWarningMessage(params.message.startsWith('ASPM') ? params.message : `ASPM: ${params.message}`, 'Sign In', 'Open Log');
    if (choice === 'Sign In') {
      await vscode.commands.executeCommand('aspm.signIn');
    } else if (choice === 'Open Log') {
      await vscode.commands.executeCommand('aspm.showLog');
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.item.dispose();
    this.updated.dispose();
  }
}

function tooltip(params: StatusParams): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: ['aspm.signIn', 'aspm.showLog', 'aspm.refreshFindings'] };
  // The message names ASPM already ("ASPM: 8 shown · 2 filtered"): the bold title stands for it (no "ASPM — ASPM:").
  md.appendMarkdown('**ASPM** — ').appendText(params.message.replace(/^ASPM: /, ''));
  if (params.detail) {
    md.appendMarkdown('\n\n').appendText(params.detail);
  }
  if (params.counts) {
    const { total, surfaced, filtered } = params.counts;
    md.appendMarkdown('\n\n').appendText(`${surfaced} of ${total} findings shown, ${filtered} filtered.`);
  }
  if (params.staleSince) {
    md.appendMarkdown('\n\n$(history) ').appendText(`Backend unreachable since ${new Date(params.staleSince).toLocaleString()}; showing the last known findings.`);
  }
  for (const source of params.sources ?? []) {
    md.appendMarkdown('\n\n- ').appendText(`${source.label}: ${sourceFreshness(source, new Date())}`);
  }
  md.appendMarkdown('\n\n');
  if (params.isSignInRequired) {
    md.appendMarkdown('[Sign In](command:aspm.signIn) · ');
  }
  md.appendMarkdown('[Refresh](command:aspm.refreshFindings) · [Show Log](command:aspm.showLog)');
  return md;
}

/** "fresh 2 min ago · 12 findings", "failing since 14:05: … HTTP 401", "no token: sign in". */
export function sourceFreshness(source: SourceStatusDto, now: Date): string {
  if (!source.hasToken) {
    return 'no token: run "ASPM: Sign In"';
  }
  if (source.failure) {
    return `failing${source.staleSince ? ` since ${new Date(source.staleSince).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : ''}: ${source.failure}`;
  }
  if (!source.lastSuccessAt) {
    return 'not pulled yet';
  }
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(source.lastSuccessAt).getTime()) / 60000));
  return `fresh ${minutes === 0 ? 'just now' : `${minutes} min ago`}${source.findings !== undefined ? ` · ${source.findings} findings` : ''}`;
}
