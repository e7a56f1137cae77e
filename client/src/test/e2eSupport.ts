/**
 * Helpers shared by the extension-host suites (`*.e2e.test.ts`): polling, diagnostics and hovers as VS Code sees
 * them, the finding commands' arguments, and the fixture backend's control API (test-fixtures/backend/README.md).
 * Every async expectation is polled; nothing sleeps for a fixed time.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AspmApi } from '../extension';
import type { FindingCommandArgs } from '../triage';
import type { FindingsTreeProvider, PostureItem } from '../views/findingsTree';

export const EXTENSION_ID = 'aspm-oss.aspm-vscode';

/** Every row of the posture view under `parent`, every node expanded (as a person clicking each), depth first. */
export async function postureRows(tree: FindingsTreeProvider, parent?: PostureItem): Promise<PostureItem[]> {
  const rows: PostureItem[] = [];
  for (const item of await tree.getChildren(parent)) {
    rows.push(item, ...(item.node.hasChildren ? await postureRows(tree, item) : []));
  }
  return rows;
}

/** The findings the summary row lists as filtered (its children are the reasons, theirs the findings). */
export async function filteredRows(tree: FindingsTreeProvider): Promise<PostureItem[]> {
  const summary = (await tree.getChildren()).find((item) => item.node.kind === 'summary');
  return summary ? (await postureRows(tree, summary)).filter((item) => item.finding !== undefined) : [];
}

/** Activates the extension under test; signs in with the fixture token when a backend is configured. */
export async function activateAspm(): Promise<AspmApi> {
  const extension = vscode.extensions.getExtension<AspmApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  if (backendUrl() !== '') {
    await vscode.commands.executeCommand('aspm.signIn', process.env.ASPM_E2E_TOKEN ?? 'fixture-token');
  }
  return api;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

/** `aspm.backend.url` as the extension reads it (a user setting written by run.sh; empty: no backend). */
export function backendUrl(): string {
  return vscode.workspace.getConfiguration('aspm').get<string>('backend.url', '').trim();
}

/**
 * Polls `probe` every `stepMs` until it returns something other than undefined/false; fails after `timeoutMs` with
 * the diagnostics VS Code holds at that moment (the usual question when a test times out).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; stepMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; diagnostics now: ${describeDiagnostics()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.stepMs ?? 100));
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/**
 * The diagnostic of an advisory: its own code, or (issue 9) the diagnostic of its package version that lists it
 * among its advisories (the language client keeps the server's `data` on the diagnostic).
 */
export function findDiagnostic(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  const diagnostics = vscode.languages.getDiagnostics(uri);
  return diagnostics.find((d) => codeOf(d) === code) ?? diagnostics.find((d) => (d as { data?: { advisoryIds?: unknown } }).data?.advisoryIds instanceof Array && ((d as { data?: { advisoryIds?: unknown[] } }).data!.advisoryIds!.includes(code)));
}

export function describeDiagnostics(): string {
  const all = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) => ds.map((d) => `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1} ${codeOf(d)}`));
  return all.length > 0 ? all.sort().join('; ') : '(none)';
}

/** The priority score in an ASPM diagnostic message (`… · priority 57 (medium) · …`). */
export function priorityOf(diagnostic: vscode.Diagnostic): number {
  const match = /priority (\d+)/.exec(diagnostic.message);
  assert.ok(match, `a priority in "${diagnostic.message}"`);
  return Number(match[1]);
}

/**
 * The ASPM hover at `position` through VS Code's hover command (every provider answers; other extensions' hovers
 * are dropped). Polled: the first request can come back empty while the opened document is still syncing.
 */
export async function aspmHover(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  return waitFor(`the ASPM hover at ${vscode.workspace.asRelativePath(uri)}:${position.line + 1}:${position.character + 1}`, async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
    const texts = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
    return texts.find((text) => text.includes('**ASPM · '));
  });
}

/** The row of a markdown table whose first cell is `label`, e.g. `| Exposure | 6/15 | internet-facing … |`. */
export function tableRow(markdown: string, label: string): string | undefined {
  return markdown.split('\n').find((line) => line.startsWith(`| ${label} |`));
}

/** The command of the code action titled `title` on the `code` diagnostic of `uri` (opened first), polled. */
export async function findingCommand(uri: vscode.Uri, code: string, title: string): Promise<{ command: string; args: FindingCommandArgs }> {
  // The code action command needs the document's model in the renderer, or it throws "Illegal argument".
  await vscode.workspace.openTextDocument(uri);
  const action = await waitFor(`"${title}" on ${code}`, async () => {
    const diagnostic = findDiagnostic(uri, code);
    if (!diagnostic) {
      return undefined;
    }
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    return (actions ?? []).find((candidate) => candidate.title === title);
  });
  const [args] = (action.command?.arguments ?? []) as FindingCommandArgs[];
  assert.ok(action.command && args, `"${title}" carries a command with arguments`);
  return { command: action.command.command, args };
}

/** Writes a file into the workspace through VS Code's file system (so VS Code's watcher sees it), creating folders. */
export async function writeWorkspaceFile(relativePath: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return uri;
}

/** A repository file (test-fixtures/…): the repository is the extension's folder, which the test host loads from. */
export async function readRepositoryFile(relativePath: string): Promise<Uint8Array> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, ...relativePath.split('/')));
}

export type TriageRecord = { findingId: string; body: Record<string, unknown> };

/**
 * The fixture backend's control API (README.md "Control API"): the backend is the one `aspm.backend.url` names, the
 * control token comes from ASPM_E2E_CONTROL_TOKEN (run-all.sh starts every backend with one).
 */
export class FixtureControl {
  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  static fromEnvironment(): FixtureControl {
    const url = backendUrl();
    const token = process.env.ASPM_E2E_CONTROL_TOKEN ?? '';
    assert.ok(url !== '', 'aspm.backend.url is set (user settings)');
    assert.ok(token !== '', 'ASPM_E2E_CONTROL_TOKEN is set');
    return new FixtureControl(url, token);
  }

  /** Installs `fault` on `route`, or on every API route for `'*'`. */
  async fault(route: string, fault: string, options?: Record<string, unknown>): Promise<void> {
    await this.call('POST', 'faults', { route, fault, options });
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }

  /** Every triage POST the backend accepted, in order. */
  async triage(): Promise<TriageRecord[]> {
    return ((await this.call('GET', 'triage')) as { triage: TriageRecord[] }).triage;
  }

  private async call(method: string, endpoint: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/__fixture/${endpoint}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} /__fixture/${endpoint} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}
