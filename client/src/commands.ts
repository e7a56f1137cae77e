import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LocationDto } from '../../shared/src/dto';
import { RefreshRequest, ScanRequest } from '../../shared/src/protocol';
import { signIn, signOut, type TokenStore } from './secrets';
import { chooseAdvisoryUrl, createTicket, ignoreFinding, triageFinding, type FindingCommandContext } from './triage';
import { exportEvidenceReport, exportSbom } from './exports';
import { FINDINGS_VIEW_ID, findingKinds, priorityBands, reachabilityTiers, type FindingsTreeProvider } from './views/findingsTree';
import type { FindingKindDto, PostureFilter, PriorityBand, ReachabilityTier } from '../../shared/src/dto';

/** Command ids, as declared in package.json `contributes.commands`. */
export const Commands = {
  signIn: 'aspm.signIn',
  signOut: 'aspm.signOut',
  refreshFindings: 'aspm.refreshFindings',
  showLog: 'aspm.showLog',
  openOutput: 'aspm.openOutput',
  scanNow: 'aspm.scanNow',
  showAllFindings: 'aspm.showAllFindings',
  hideFilteredFindings: 'aspm.hideFilteredFindings',
  configureBackend: 'aspm.configureBackend',
  groupFindingsByFile: 'aspm.groupFindingsByFile',
  groupFindingsByRule: 'aspm.groupFindingsByRule',
  filterFindings: 'aspm.filterFindings',
  searchFindings: 'aspm.searchFindings',
  clearFindingsFilter: 'aspm.clearFindingsFilter',
  showMoreFindings: 'aspm.showMoreFindings',
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
  /** Runs a server request with the view's progress bar, logs a failure, then re-renders the view. */
  const runInView = (request: () => Promise<void>, failure: string): Thenable<void> =>
    vscode.window.withProgress({ location: { viewId: FINDINGS_VIEW_ID } }, async () => {
      try {
        await request();
      } catch (error) {
        log.error(failure, error);
      }
      tree.refresh();
    });
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
    vscode.commands.registerCommand(Commands.refreshFindings, () => runInView(() => client.sendRequest(RefreshRequest.type), 'Refreshing the findings failed')),
    vscode.commands.registerCommand(Commands.showLog, () => log.show(true)),
    vscode.commands.registerCommand(Commands.openOutput, () => log.show(true)),
    vscode.commands.registerCommand(Commands.scanNow, () => runInView(() => client.sendRequest(ScanRequest.type), 'Scanning the workspace failed')),
    vscode.commands.registerCommand(Commands.showAllFindings, () => tree.setOptions({ includeFiltered: true })),
    vscode.commands.registerCommand(Commands.hideFilteredFindings, () => tree.setOptions({ includeFiltered: false })),
    vscode.commands.registerCommand(Commands.configureBackend, () => vscode.commands.executeCommand('workbench.action.openSettings', 'aspm.backend')),
    vscode.commands.registerCommand(Commands.groupFindingsByFile, () => tree.setOptions({ groupBy: 'file' })),
    vscode.commands.registerCommand(Commands.groupFindingsByRule, () => tree.setOptions({ groupBy: 'rule' })),
    // Filter and search take an optional filter for automation (tests); people get a quick pick and an input box.
    vscode.commands.registerCommand(Commands.filterFindings, async (arg?: PostureFilter) => {
      const filter = arg ?? (await pickFilter(tree.options.filter));
      if (filter) {
        await tree.setOptions({ filter });
      }
    }),
    vscode.commands.registerCommand(Commands.searchFindings, async (arg?: string) => {
      const text =
        typeof arg === 'string'
          ? arg
          : await vscode.window.showInputBox({ title: 'ASPM: Search Findings', prompt: 'Advisory id, package, rule, title or file path', value: tree.options.filter.text ?? '' });
      if (text !== undefined) {
        await tree.setOptions({ filter: { ...tree.options.filter, text: text.trim() || undefined } });
      }
    }),
    vscode.commands.registerCommand(Commands.clearFindingsFilter, () => tree.setOptions({ filter: {} })),
    vscode.commands.registerCommand(Commands.showMoreFindings, (parentId?: string) => tree.showMore(parentId)),
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

type FilterPick = vscode.QuickPickItem & { kind?: vscode.QuickPickItemKind; value?: { kinds?: FindingKindDto; tiers?: ReachabilityTier; bands?: PriorityBand } };

/** The kind, reachability and band filter as one multi-select quick pick; undefined when dismissed. */
async function pickFilter(current: PostureFilter): Promise<PostureFilter | undefined> {
  const section = (label: string): FilterPick => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: FilterPick[] = [
    section('Kind'),
    ...findingKinds.map((kind): FilterPick => ({ label: kind, picked: current.kinds?.includes(kind), value: { kinds: kind } })),
    section('Reachability'),
    ...reachabilityTiers.map((tier): FilterPick => ({ label: tier, picked: current.tiers?.includes(tier), value: { tiers: tier } })),
    section('Priority band'),
    ...priorityBands.map((band): FilterPick => ({ label: band, picked: current.bands?.includes(band), value: { bands: band } })),
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'ASPM: Filter Findings', placeHolder: 'Show only these (none picked in a group: all of it)' });
  if (!picked) {
    return undefined;
  }
  const values = picked.map((item) => item.value ?? {});
  return {
    kinds: values.flatMap((value) => (value.kinds ? [value.kinds] : [])),
    tiers: values.flatMap((value) => (value.tiers ? [value.tiers] : [])),
    bands: values.flatMap((value) => (value.bands ? [value.bands] : [])),
    text: current.text,
  };
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
