import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { vexJustifications, type AdvisoryActionArgs, type FindingActionArgs, type TriageState, type WriteOutcome } from '../../shared/src/dto';
import { CreateTicketRequest, IgnoreFindingRequest, TriageRequest } from '../../shared/src/protocol';
import { safeWebUrl } from '../../shared/src/markdown';

/**
 * What the finding commands accept: a posture tree row (its `finding.actions`), or the arguments of a code action.
 * The optional fields pre-fill the answers for automation (tests, keybindings): a command given a `reason` (or, for
 * "Create ticket…", a `ticketTitle`) asks nothing. `ticketTitle` is not `title`: that one is the finding's title.
 */
export type FindingCommandArgs = FindingActionArgs & {
  reason?: string;
  justification?: string;
  /** YYYY-MM-DD, in the future. */
  expires?: string;
  ticketTitle?: string;
  /** For automation of "Triage…" on several advisories: what to do, and to which (default: all of them). */
  action?: TriageAction;
  selectedFindingIds?: string[];
};

/** What "Triage…" can do with the chosen advisories. */
export type TriageAction = 'accepted_risk' | 'not_affected' | 'false_positive' | 'ticket' | 'ignore';

/** What "Ignore in this workspace…" returns (for tests): where the entry was written, or why not. */
export type IgnoreOutcome = { outcome: 'written' | 'failed' | 'cancelled'; message: string; fileUri?: string };

export type FindingCommandContext = {
  client: LanguageClient;
  log: vscode.LogOutputChannel;
  /** Called after a change the posture tree should show. */
  refresh(): void;
};

type JustificationId = (typeof vexJustifications)[number];

const states: { state: TriageState; label: string; detail: string }[] = [
  { state: 'accepted_risk', label: 'Accept risk', detail: 'The risk is known and accepted, for now or until an expiry date.' },
  { state: 'not_affected', label: 'Mark not affected', detail: 'The vulnerability does not affect this service (VEX), with a justification.' },
  { state: 'false_positive', label: 'False positive', detail: 'The scanner is wrong: this is not a vulnerability.' },
];

const stateLabels: Record<TriageState, string> = {
  accepted_risk: 'Accept risk',
  not_affected: 'Mark not affected',
  false_positive: 'False positive',
  reopen: 'Reopen',
};

/** CycloneDX VEX justifications in words. */
const justificationLabels: Record<JustificationId, { label: string; detail: string }> = {
  code_not_present: { label: 'Code not present', detail: 'The vulnerable code is not included in what ships.' },
  code_not_reachable: { label: 'Code not reachable', detail: 'The vulnerable code is present but never executed.' },
  requires_configuration: { label: 'Requires configuration', detail: 'Exploitation needs a configuration this service does not use.' },
  requires_dependency: { label: 'Requires dependency', detail: 'Exploitation needs a dependency that is not present.' },
  requires_environment: { label: 'Requires environment', detail: 'Exploitation needs an environment this service does not run in.' },
  protected_by_compiler: { label: 'Protected by compiler', detail: 'Compiler or build settings prevent exploitation.' },
  protected_at_runtime: { label: 'Protected at runtime', detail: 'Runtime protections prevent exploitation.' },
  protected_at_perimeter: { label: 'Protected at perimeter', detail: 'A gateway, WAF or network boundary blocks exploitation.' },
  protected_by_mitigating_control: { label: 'Protected by mitigating control', detail: 'Another control mitigates the vulnerability.' },
};

const IGNORE_FILE = '.aspm/ignore.yaml';

/**
 * "Triage…", "Accept risk…", "Mark not affected…", "False positive…": asks for what is missing (which advisories when
 * the arguments list several, the decision, VEX justification, reason, optional expiry), sends `aspm/triage` (or the
 * ticket and ignore requests) and shows the outcome. Returns the outcome, or undefined when the user cancelled or the
 * argument is not a finding.
 */
export async function triageFinding(ctx: FindingCommandContext, arg: unknown, state?: TriageState): Promise<WriteOutcome | undefined> {
  const args = findingArgsOf(arg);
  if (!args) {
    return noFinding();
  }
  if (args.advisories && args.advisories.length > 0) {
    const preset = state ?? args.action ?? args.state;
    if (preset !== 'reopen') {
      return triageAdvisories(ctx, args, args.advisories, preset);
    }
  }
  if (!args.isBackendFinding) {
    return failed(ctx, 'This finding comes from a local report, not the ASPM backend: use "Ignore in This Workspace…" instead.');
  }
  const isAutomated = args.reason !== undefined;
  const chosen = state ?? args.state ?? (isAutomated ? undefined : await pickState(args));
  if (!chosen) {
    return isAutomated ? failed(ctx, 'A triage decision ("state") is required.') : undefined;
  }
  return sendDecision(ctx, args, [args.findingId], chosen, isAutomated);
}

/**
 * Asks what a decision still needs (a VEX justification for "not affected", the reason, an optional expiry), sends it
 * for each finding (`aspm/triage`) and shows one outcome. `subject` names what several findings are.
 */
async function sendDecision(ctx: FindingCommandContext, args: FindingCommandArgs, findingIds: string[], state: TriageState, isAutomated: boolean, subject?: string): Promise<WriteOutcome | undefined> {
  let justification: string | undefined;
  if (state === 'not_affected') {
    justification = args.justification ?? (isAutomated ? undefined : await pickJustification(args));
    if (!justification || !isJustification(justification)) {
      return isAutomated || justification ? failed(ctx, `"Not affected" needs a justification: one of ${vexJustifications.join(', ')}.`) : undefined;
    }
  }
  const answers = await askReasonAndExpiry(args, stateLabels[state], isAutomated);
  if (typeof answers === 'string') {
    return failed(ctx, answers);
  }
  if (!answers) {
    return undefined;
  }
  const outcome = await send(ctx, `Sending "${stateLabels[state]}"${subject ? ` for ${subject}` : ''}…`, async () => {
    const results: WriteOutcome[] = [];
    for (const findingId of findingIds) {
      results.push(
        await ctx.client.sendRequest(TriageRequest.type, {
          folderUri: args.folderUri,
          findingId,
          state,
          justification,
          reason: answers.reason,
          expiresAt: answers.expires === undefined ? undefined : expiryToIso(answers.expires),
        }),
      );
    }
    return combineOutcomes(results, `${stateLabels[state]} recorded for ${subject ?? 'the findings'}.`);
  });
  if (outcome.outcome !== 'failed') {
    ctx.refresh();
  }
  showOutcome(outcome);
  return outcome;
}

const actionItems: { action: TriageAction; label: string; detail: string; isBackendOnly: boolean }[] = [
  ...states.map((s) => ({ action: s.state as TriageAction, label: s.label, detail: s.detail, isBackendOnly: true })),
  { action: 'ticket', label: 'Create ticket', detail: 'One ticket for the chosen advisories, explained and prioritized.', isBackendOnly: true },
  { action: 'ignore', label: 'Ignore in this workspace', detail: `An entry per advisory in ${'.aspm/ignore.yaml'}, with the reason and an optional expiry.`, isBackendOnly: false },
];

/**
 * "Triage…" on a package's advisories (or every finding on a line): asks which advisories (all preselected), what to
 * do (accept risk, not affected with a VEX justification, false positive, ticket, ignore locally), then the reason,
 * and applies the decision to each chosen advisory through the existing triage, ticket and ignore requests.
 * Automated when the arguments carry a `reason` (or a `ticketTitle`): `action` (or `state`) and `selectedFindingIds`.
 */
async function triageAdvisories(ctx: FindingCommandContext, args: FindingCommandArgs, advisories: AdvisoryActionArgs[], preset: TriageAction | undefined): Promise<WriteOutcome | undefined> {
  const isAutomated = args.reason !== undefined || args.ticketTitle !== undefined;
  const chosen = isAutomated
    ? advisories.filter((advisory) => args.selectedFindingIds === undefined || args.selectedFindingIds.includes(advisory.findingId))
    : await pickAdvisories(args, advisories);
  if (!chosen || chosen.length === 0) {
    return isAutomated ? failed(ctx, 'None of the selected advisories is on this line.') : undefined;
  }
  const isAllBackend = chosen.every((advisory) => advisory.isBackendFinding);
  const action = preset ?? (isAutomated ? undefined : await pickAction(args, chosen, isAllBackend));
  if (!action) {
    return isAutomated ? failed(ctx, 'A triage action ("action") is required.') : undefined;
  }
  if (action !== 'ignore' && !isAllBackend) {
    return failed(ctx, 'Some of these advisories come from a local report, not the ASPM backend: only "Ignore in This Workspace…" applies to them.');
  }
  const subject = chosen.length === 1 ? `${chosen[0]!.advisoryId} (${chosen[0]!.subject})` : `${chosen.length} advisories (${[...new Set(chosen.map((advisory) => advisory.subject))].join(', ')})`;
  const target: FindingCommandArgs = { ...args, title: subject };
  if (action === 'ticket') {
    return createTicket(ctx, { ...target, findingId: chosen[0]!.findingId, advisories: undefined, selectedFindingIds: chosen.map((advisory) => advisory.findingId), isBackendFinding: true, suggestedTicketTitle: chosen.length === 1 ? chosen[0]!.suggestedTicketTitle : args.suggestedTicketTitle });
  }
  if (action === 'ignore') {
    const answers = await askReasonAndExpiry(target, 'Ignore in this workspace', isAutomated);
    if (typeof answers === 'string') {
      return failed(ctx, answers);
    }
    if (!answers) {
      return undefined;
    }
    const outcomes: IgnoreOutcome[] = [];
    for (const advisory of chosen) {
      outcomes.push(await ignoreOne(ctx, { ...target, findingId: advisory.findingId, title: `${advisory.advisoryId} (${advisory.subject})` }, answers, chosen.length === 1));
    }
    const failures = outcomes.filter((outcome) => outcome.outcome !== 'written');
    const outcome: WriteOutcome =
      failures.length === 0
        ? { outcome: 'sent', message: `Ignored ${subject} in ${IGNORE_FILE}.` }
        : { outcome: 'failed', message: `${outcomes.length - failures.length} of ${outcomes.length} ignored; ${failures[0]!.message}` };
    if (chosen.length > 1) {
      showOutcome(outcome);
    }
    return outcome;
  }
  return sendDecision(ctx, target, chosen.map((advisory) => advisory.findingId), action, isAutomated, subject);
}

/** One outcome for a decision sent per advisory: failed if any failed, queued if any was queued. */
function combineOutcomes(results: WriteOutcome[], sentMessage: string): WriteOutcome {
  const failures = results.filter((result) => result.outcome === 'failed');
  if (failures.length > 0) {
    return { outcome: 'failed', message: results.length === 1 ? failures[0]!.message : `${results.length - failures.length} of ${results.length} recorded; ${failures[0]!.message}` };
  }
  const queued = results.find((result) => result.outcome === 'queued');
  return queued ? { outcome: 'queued', message: queued.message } : { outcome: 'sent', message: results.length === 1 ? results[0]!.message : sentMessage };
}

/** Which advisories: a multi-select pick, every advisory preselected, each labelled with its id and severity. */
async function pickAdvisories(args: FindingActionArgs, advisories: AdvisoryActionArgs[]): Promise<AdvisoryActionArgs[] | undefined> {
  if (advisories.length === 1) {
    return advisories;
  }
  const picked = await vscode.window.showQuickPick(
    advisories.map((advisory) => ({ label: `${advisory.advisoryId} · ${advisory.severity}`, description: advisory.subject, detail: advisory.title, picked: true, advisory })),
    { title: `ASPM: Triage ${args.title}`, placeHolder: 'Which advisories? (all are selected)', canPickMany: true, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.map((item) => item.advisory);
}

/** What to do with the chosen advisories; backend decisions only when the backend holds every one of them. */
async function pickAction(args: FindingActionArgs, chosen: AdvisoryActionArgs[], isAllBackend: boolean): Promise<TriageAction | undefined> {
  const items = actionItems.filter((item) => isAllBackend || !item.isBackendOnly);
  if (items.length === 1) {
    return items[0]!.action;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({ label: item.label, detail: item.detail, action: item.action })),
    { title: `ASPM: Triage ${chosen.length === 1 ? chosen[0]!.advisoryId : `${chosen.length} advisories`} — ${args.title}`, placeHolder: 'Choose what to do', ignoreFocusOut: true },
  );
  return picked?.action;
}

/**
 * "Open advisory…": the highest advisory (`url`), or a pick among `choices` (`{ advisories }` from a code action)
 * when there are several. Returns the chosen web link, or undefined.
 */
export async function chooseAdvisoryUrl(url: string | undefined, choices: unknown): Promise<string | undefined> {
  const advisories = isRecord(choices) && Array.isArray(choices.advisories) ? (choices.advisories as unknown[]).filter(isRecord) : [];
  const options = advisories.flatMap((advisory) => {
    const href = safeWebUrl(typeof advisory.advisoryUrl === 'string' ? advisory.advisoryUrl : undefined);
    return href ? [{ label: String(advisory.advisoryId ?? href), description: `${String(advisory.severity ?? '')} · ${String(advisory.subject ?? '')}`, detail: String(advisory.title ?? ''), href }] : [];
  });
  if (options.length < 2) {
    return safeWebUrl(url);
  }
  const picked = await vscode.window.showQuickPick(options, { title: 'ASPM: Open advisory', placeHolder: 'Which advisory?', matchOnDescription: true, matchOnDetail: true });
  return picked?.href;
}

/** "Create ticket…": confirms the title (pre-filled with the suggestion), sends `aspm/createTicket`, offers to open it. */
export async function createTicket(ctx: FindingCommandContext, arg: unknown): Promise<WriteOutcome | undefined> {
  const args = findingArgsOf(arg);
  if (!args) {
    return noFinding();
  }
  if (!args.isBackendFinding) {
    return failed(ctx, 'Tickets are created by the ASPM backend, and this finding comes from a local report.');
  }
  const title =
    args.ticketTitle?.trim() ||
    (await vscode.window.showInputBox({
      title: 'ASPM: Create Ticket',
      prompt: `Ticket title for "${args.title}". The body explains the finding and why it is prioritized.`,
      value: args.suggestedTicketTitle,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? 'The title must not be empty.' : undefined),
    }));
  if (title === undefined || title.trim() === '') {
    return undefined;
  }
  const outcome = await send(ctx, 'Creating the ticket…', () =>
    ctx.client.sendRequest(CreateTicketRequest.type, { folderUri: args.folderUri, findingIds: args.selectedFindingIds ?? [args.findingId], title: title.trim() }),
  );
  showOutcome(outcome);
  return outcome;
}

/**
 * "Ignore in this workspace…": asks for a reason and an optional expiry, applies the server's edit to
 * `.aspm/ignore.yaml` (undoable, visible) and saves it, so the server's watcher re-reads it and the finding disappears.
 */
export async function ignoreFinding(ctx: FindingCommandContext, arg: unknown): Promise<IgnoreOutcome | undefined> {
  const args = findingArgsOf(arg);
  if (!args) {
    return noFinding();
  }
  const answers = await askReasonAndExpiry(args, 'Ignore in this workspace', args.reason !== undefined);
  if (typeof answers === 'string') {
    return ignoreFailed(ctx, answers);
  }
  if (!answers) {
    return { outcome: 'cancelled', message: 'Cancelled.' };
  }
  return ignoreOne(ctx, args, answers, true);
}

/** Writes one ignore entry through the server's edit and saves it; `isAnnounced`: says so in a notification. */
async function ignoreOne(ctx: FindingCommandContext, args: FindingCommandArgs, answers: { reason: string; expires?: string }, isAnnounced: boolean): Promise<IgnoreOutcome> {
  const ignoreFile = vscode.Uri.joinPath(vscode.Uri.parse(args.folderUri, true), IGNORE_FILE);
  // The server computes the edit from the file on disk: unsaved changes in an open editor would be overwritten.
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === ignoreFile.toString());
  if (open?.isDirty && !(await open.save())) {
    return ignoreFailed(ctx, `Save ${IGNORE_FILE} first: it has unsaved changes.`);
  }
  try {
    const edit = await ctx.client.sendRequest(IgnoreFindingRequest.type, {
      folderUri: args.folderUri,
      findingId: args.findingId,
      reason: answers.reason,
      expires: answers.expires,
    });
    if (!edit) {
      return ignoreFailed(ctx, 'This finding is no longer known, or is already ignored; refresh the findings and try again.');
    }
    const workspaceEdit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(edit);
    if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
      return ignoreFailed(ctx, `Could not edit ${IGNORE_FILE}.`);
    }
    const written = workspaceEdit.entries().map(([uri]) => uri);
    for (const uri of written) {
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.isDirty && !(await document.save())) {
        return ignoreFailed(ctx, `Could not save ${vscode.workspace.asRelativePath(uri)}.`);
      }
    }
    const fileUri = written[0] ?? ignoreFile;
    const message = `Ignored "${args.title}" in ${vscode.workspace.asRelativePath(fileUri)}.`;
    ctx.log.info(message);
    ctx.refresh();
    if (isAnnounced) {
      void vscode.window.showInformationMessage(`ASPM: ${message}`, `Open ${IGNORE_FILE}`).then(async (choice) => {
        if (choice) {
          await vscode.window.showTextDocument(fileUri);
        }
      });
    }
    return { outcome: 'written', message, fileUri: fileUri.toString() };
  } catch (error) {
    ctx.log.error(`Ignoring ${args.findingId} failed`, error);
    return ignoreFailed(ctx, 'Could not write the ignore entry; see the log.');
  }
}

/** The finding arguments of a command: a tree row (`node.finding.actions`) or the arguments object itself. */
export function findingArgsOf(arg: unknown): FindingCommandArgs | undefined {
  if (!isRecord(arg)) {
    return undefined;
  }
  const candidate = isRecord(arg.finding) && isRecord(arg.finding.actions) ? arg.finding.actions : arg;
  if (typeof candidate.folderUri !== 'string' || typeof candidate.findingId !== 'string') {
    return undefined;
  }
  const optional = (key: string): string | undefined => (typeof candidate[key] === 'string' ? (candidate[key] as string) : undefined);
  return {
    folderUri: candidate.folderUri,
    findingId: candidate.findingId,
    serviceId: optional('serviceId') ?? '',
    title: optional('title') ?? candidate.findingId,
    isBackendFinding: candidate.isBackendFinding === true,
    suggestedTicketTitle: optional('suggestedTicketTitle') ?? '',
    state: isTriageState(candidate.state) ? candidate.state : undefined,
    reason: optional('reason'),
    justification: optional('justification'),
    expires: optional('expires'),
    ticketTitle: optional('ticketTitle'),
    advisories: Array.isArray(candidate.advisories) ? candidate.advisories.filter(isAdvisoryArgs) : undefined,
    action: isTriageAction(candidate.action) ? candidate.action : undefined,
    selectedFindingIds: Array.isArray(candidate.selectedFindingIds) ? candidate.selectedFindingIds.filter((id): id is string => typeof id === 'string') : undefined,
  };
}

function isAdvisoryArgs(value: unknown): value is AdvisoryActionArgs {
  return isRecord(value) && typeof value.findingId === 'string' && typeof value.advisoryId === 'string' && typeof value.isBackendFinding === 'boolean';
}

function isTriageAction(value: unknown): value is TriageAction {
  return value === 'accepted_risk' || value === 'not_affected' || value === 'false_positive' || value === 'ticket' || value === 'ignore';
}

/**
 * Checks an expiry typed by the user: empty (no expiry) or a real YYYY-MM-DD date after `today` (local date).
 * Returns the problem, or undefined when the text is acceptable.
 */
export function validateExpiry(text: string, today: Date = new Date()): string | undefined {
  const value = text.trim();
  if (value === '') {
    return undefined;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return 'Use the form YYYY-MM-DD, e.g. 2030-01-31 (or leave empty for no expiry).';
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `${value} is not a date.`;
  }
  if (value <= localDate(today)) {
    return 'The expiry date must be in the future.';
  }
  return undefined;
}

/** The decision lapses at the end of the expiry day (UTC). */
export function expiryToIso(date: string): string {
  return `${date}T23:59:59Z`;
}

function localDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

async function pickState(args: FindingActionArgs): Promise<TriageState | undefined> {
  const picked = await vscode.window.showQuickPick(
    states.map((s) => ({ label: s.label, detail: s.detail, state: s.state })),
    { title: `ASPM: Triage "${args.title}"`, placeHolder: 'Choose a decision', ignoreFocusOut: true },
  );
  return picked?.state;
}

async function pickJustification(args: FindingActionArgs): Promise<JustificationId | undefined> {
  const picked = await vscode.window.showQuickPick(
    vexJustifications.map((id) => ({ ...justificationLabels[id], description: id, id })),
    { title: `ASPM: Mark "${args.title}" not affected`, placeHolder: 'Why does the vulnerability not affect this service?', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.id;
}

/**
 * The reason (required) and the optional expiry. Automated: taken from the arguments, and a problem with them is
 * returned as a string. Interactive: undefined when the user cancelled.
 */
async function askReasonAndExpiry(
  args: FindingCommandArgs,
  action: string,
  isAutomated: boolean,
): Promise<{ reason: string; expires?: string } | string | undefined> {
  if (isAutomated) {
    const reason = args.reason?.trim() ?? '';
    const expires = args.expires?.trim() || undefined;
    const problem = reason === '' ? 'A reason is required.' : expires === undefined ? undefined : validateExpiry(expires);
    return problem ?? { reason, expires };
  }
  const reason = await vscode.window.showInputBox({
    title: `ASPM: ${action} — ${args.title}`,
    prompt: 'Reason (required): why is this acceptable? It is recorded with the decision.',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'A reason is required.' : undefined),
  });
  if (reason === undefined) {
    return undefined;
  }
  const expires = await vscode.window.showInputBox({
    title: `ASPM: ${action} — ${args.title}`,
    prompt: 'Expiry date (optional): the decision lapses after this day. Leave empty for none.',
    placeHolder: 'YYYY-MM-DD',
    ignoreFocusOut: true,
    validateInput: (text) => validateExpiry(text),
  });
  if (expires === undefined) {
    return undefined;
  }
  return { reason: reason.trim(), expires: expires.trim() || undefined };
}

/** Sends a backend write with a progress notification; a transport failure becomes a `failed` outcome. */
async function send(ctx: FindingCommandContext, title: string, request: () => Promise<WriteOutcome>): Promise<WriteOutcome> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ASPM: ${title}` }, request);
  } catch (error) {
    ctx.log.error(`${title} failed`, error);
    return { outcome: 'failed', message: 'The ASPM language server did not answer; see the log.' };
  }
}

/** Not awaited: the command returns its outcome without waiting for the user to dismiss the message. */
function showOutcome(outcome: WriteOutcome): void {
  const message = `ASPM: ${outcome.message}`;
  if (outcome.outcome === 'sent') {
    const url = safeWebUrl(outcome.ticket?.url);
    const actions = url ? ['Open Ticket'] : [];
    void vscode.window.showInformationMessage(message, ...actions).then(async (choice) => {
      if (choice === 'Open Ticket' && url) {
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
      }
    });
  } else if (outcome.outcome === 'queued') {
    void vscode.window.showWarningMessage(message, 'Show Log').then(showLogIfChosen);
  } else {
    void vscode.window.showErrorMessage(message, 'Show Log').then(showLogIfChosen);
  }
}

async function showLogIfChosen(choice: string | undefined): Promise<void> {
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand('aspm.showLog');
  }
}

function failed(ctx: FindingCommandContext, message: string): WriteOutcome {
  ctx.log.warn(message);
  const outcome: WriteOutcome = { outcome: 'failed', message };
  showOutcome(outcome);
  return outcome;
}

function ignoreFailed(ctx: FindingCommandContext, message: string): IgnoreOutcome {
  ctx.log.warn(message);
  void vscode.window.showErrorMessage(`ASPM: ${message}`, 'Show Log').then(showLogIfChosen);
  return { outcome: 'failed', message };
}

function noFinding(): undefined {
  void vscode.window.showInformationMessage('ASPM: run this on a finding (a diagnostic quick fix or a row of the Posture view).');
  return undefined;
}

function isJustification(value: string): value is JustificationId {
  return (vexJustifications as readonly string[]).includes(value);
}

function isTriageState(value: unknown): value is TriageState {
  return value === 'accepted_risk' || value === 'not_affected' || value === 'false_positive' || value === 'reopen';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
