import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LocationDto } from '../../shared/src/dto';
import { RefreshRequest } from '../../shared/src/protocol';
import { signIn, signOut, type TokenStore } from './secrets';
import { chooseAdvisoryUrl, createTicket, ignoreFinding, triageFinding, type FindingCommandContext } from './triage';
import { exportEvidenceReport, exportSbom } from './exports';
import { FINDINGS_VIEW_ID, type FindingsTreeProvider } from './views/findingsTree';

/** Command ids, as declared in package.json `contributes.commands`. */
export const Commands = {
  signIn: 'aspm.signIn',
  signOut: 'aspm.signOut',
  refreshFindings: 'aspm.refreshFindings',
  showLog: 'aspm.showLog',
  openFinding: 'aspm.openFinding',
  openAdvisory: 'aspm.openAdvisory',
  triageFinding: 'aspm.triageFinding',
  acceptRisk: 'aspm.acceptRisk',
  markNotAffected: 'aspm.markNotAffected',
  markFalsePositive: 'aspm.markFalsePositive',
  createTicket: 'aspm.createTicket',
  ignoreFinding: 'aspm.ignoreFinding',
  exportSbom: 'aspm.exportSbom',
  exportEvidenceReport: 'aspm.exportEvidenceReport',
} as const;

export type CommandContext = {
  client: LanguageClient;
  tokens: TokenStore;
  tree: FindingsTreeProvider;
  log: vscode.LogOutputChannel;
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const { client, tokens, tree, log } = ctx;
  const findings: FindingCommandContext = { client, log, refresh: () => tree.refresh() };
  return [
    // The optional token argument is for automation (tests); people get a password input box.
    vscode.commands.registerCommand(Commands.signIn, async (token?: unknown) => {
      if (await signIn(tokens, client, token)) {
        tree.refresh();
      }
    }),
    vscode.commands.registerCommand(Commands.signOut, async () => {
      await signOut(tokens, client);
      tree.refresh();
    }),
    vscode.commands.registerCommand(Commands.refreshFindings, () =>
      vscode.window.withProgress({ location: { viewId: FINDINGS_VIEW_ID } }, async () => {
        try {
          await client.sendRequest(RefreshRequest.type);
        } catch (error) {
          log.error('Refreshing the findings failed', error);
        }
        tree.refresh();
      }),
    ),
    vscode.commands.registerCommand(Commands.showLog, () => log.show(true)),
    vscode.commands.registerCommand(Commands.openFinding, (location?: LocationDto) => openFinding(location)),
    vscode.commands.registerCommand(Commands.openAdvisory, (node?: unknown, choices?: unknown) => openAdvisory(node, choices)),
    // Finding commands take a tree row or the code action's FindingActionArgs, and return their outcome (for tests).
    vscode.commands.registerCommand(Commands.triageFinding, (arg?: unknown) => triageFinding(findings, arg)),
    vscode.commands.registerCommand(Commands.acceptRisk, (arg?: unknown) => triageFinding(findings, arg, 'accepted_risk')),
    vscode.commands.registerCommand(Commands.markNotAffected, (arg?: unknown) => triageFinding(findings, arg, 'not_affected')),
    vscode.commands.registerCommand(Commands.markFalsePositive, (arg?: unknown) => triageFinding(findings, arg, 'false_positive')),
    vscode.commands.registerCommand(Commands.createTicket, (arg?: unknown) => createTicket(findings, arg)),
    vscode.commands.registerCommand(Commands.ignoreFinding, (arg?: unknown) => ignoreFinding(findings, arg)),
    // Exports take optional { format, folderUri, target } for automation; people get a quick pick and a save dialog.
    vscode.commands.registerCommand(Commands.exportSbom, (arg?: unknown) => exportSbom(client, log, arg)),
    vscode.commands.registerCommand(Commands.exportEvidenceReport, (arg?: unknown) => exportEvidenceReport(client, log, arg)),
  ];
}

async function openFinding(location: LocationDto | undefined): Promise<void> {
  if (!location) {
    return;
  }
  const { start, end } = location.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(location.uri, true), {
    selection: range,
    preview: true,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Accepts a tree row (context menu), a finding DTO or a URL string; a code action may add advisories to pick from. */
async function openAdvisory(node: unknown, choices?: unknown): Promise<void> {
  // Only web links are opened: the backend must not be able to smuggle `command:` or `file:` URIs.
  const url = await chooseAdvisoryUrl(advisoryUrlOf(node), choices);
  if (url) {
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  } else if (choices === undefined) {
    void vscode.window.showInformationMessage('ASPM: this finding has no advisory link.');
  }
}

function advisoryUrlOf(node: unknown): string | undefined {
  if (typeof node === 'string') {
    return node;
  }
  if (typeof node !== 'object' || node === null) {
    return undefined;
  }
  const finding = 'finding' in node ? node.finding : node;
  if (typeof finding === 'object' && finding !== null && 'advisoryUrl' in finding && typeof finding.advisoryUrl === 'string') {
    return finding.advisoryUrl;
  }
  return undefined;
}
