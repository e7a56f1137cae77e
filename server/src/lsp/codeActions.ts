import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { protectedPathReason } from '../core/fixes/editablePath';
import type { AnalyzedFinding, QuickFix } from '../core/model/analysis';
import { groupSubject, type FindingGroup } from '../core/group/groupFindings';
import { toPlainLine } from '../core/model/plainText';
import type { FindingActionArgs } from '../../../shared/src/dto';
import { noCheckpoint, type Checkpoint } from './cancellation';
import { advisoryActionArgs, findingActionArgs, type DiagnosticData } from './convert';
import { fixesOfGroup, shownGroups } from './findingGroups';
import type { FolderSession } from './folderSession';

/** Most quick-fix rows on one line, over every ASPM diagnostic there: fixes first, then "Triage…" and "Open advisory". */
export const maxRowsPerLine = 8;

/**
 * Quick fixes for ASPM diagnostics, for every diagnostic of the request together (a line): each package's fix (its
 * all-advisory upgrade preferred, alternatives after it while there is room), one "Triage…" row over every advisory
 * there (a quick pick in the client asks which, then what to do), one row opening the advisory (a pick when
 * several). The core already confined scanner fixes (core/fixes/suggestedFix); checked again here, whatever the
 * finding data says (defence in depth): a scanner fix only in a trusted workspace and never on a protected path, and
 * every fix only when each file it touches lies inside the workspace folder, symlinks resolved.
 */
export async function codeActionsFor(
  params: CodeActionParams,
  sessionOf: (folderUri: string) => FolderSession | undefined,
  findingsOf: (session: FolderSession) => AnalyzedFinding[],
  isTrusted: boolean,
  checkpoint: Checkpoint = noCheckpoint,
): Promise<CodeAction[]> {
  const entries = groupsOfDiagnostics(params.context.diagnostics, sessionOf, findingsOf);
  if (entries.length === 0) {
    return [];
  }
  const session = entries[0]!.session;
  const serviceNameOf = (serviceId: string): string => session.engine.knownServices.find((service) => service.id === serviceId)?.name ?? 'this workspace';
  const advisories = entries.flatMap(({ group }) => advisoryActionArgs(group, serviceNameOf(group.serviceId)));
  const links = advisories.filter((advisory) => advisory.advisoryUrl !== undefined);
  const sharedRows = 1 + (links.length > 0 ? 1 : 0);

  const fixRows: CodeAction[][] = [];
  const fixesOf = new Map<FindingGroup, QuickFix[]>(entries.map(({ group }) => [group, group.package ? fixesOfGroup(group, session).fixes : group.top.fix ? [group.top.fix] : []]));
  for (const { diagnostic, group } of entries) {
    await checkpoint();
    const rows: CodeAction[] = [];
    for (const fix of fixesOf.get(group)!) {
      const changes = await toWorkspaceEdit(fix, session, isTrusted);
      if (changes) {
        const isPreferred = fix.isPreferred && Object.keys(changes).length === 1;
        rows.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes } });
      }
    }
    fixRows.push(rows);
  }
  // Each package's first fix before any alternative, while the line has room.
  const actions: CodeAction[] = [];
  for (let rank = 0; actions.length < maxRowsPerLine - sharedRows && fixRows.some((rows) => rows.length > rank); rank++) {
    for (const rows of fixRows) {
      if (rows[rank] && actions.length < maxRowsPerLine - sharedRows) {
        actions.push(rows[rank]!);
      }
    }
  }

  const diagnostics = entries.map((entry) => entry.diagnostic);
  const lead = entries[0]!.group;
  const subjects = entries.map(({ group }) => groupSubject(group));
  const args: FindingActionArgs = {
    ...findingActionArgs(lead.top, session.uri, serviceNameOf(lead.serviceId)),
    ...(fixesOf.get(lead)![0] ? { suggestedTicketTitle: `${fixesOf.get(lead)![0]!.title.replace(/ \(.*\)$/, '')} in ${serviceNameOf(lead.serviceId)}` } : {}),
    title: toPlainLine(`${subjects.slice(0, 3).join(', ')}${subjects.length > 3 ? ` and ${subjects.length - 3} more` : ''}${advisories.length > 1 ? ` (${advisories.length} advisories)` : ''}`, 200),
    advisories,
  };
  const isLocalOnly = advisories.every((advisory) => !advisory.isBackendFinding);
  if (isLocalOnly && advisories.length === 1) {
    const single = findingActionArgs(lead.top, session.uri, serviceNameOf(lead.serviceId));
    actions.push(commandAction('Ignore in this workspace…', 'aspm.ignoreFinding', single, diagnostics));
  } else {
    actions.push(commandAction(isLocalOnly ? 'Ignore in this workspace…' : 'Triage…', 'aspm.triageFinding', args, diagnostics));
  }
  if (links.length > 0) {
    const top = links[0]!;
    actions.push({
      title: links.length === 1 ? `Open advisory ${top.advisoryId}` : `Open advisory… (${links.length})`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      // The highest advisory first: a client without the pick opens it; the list is for the pick.
      command: { title: 'Open advisory', command: 'aspm.openAdvisory', arguments: links.length === 1 ? [top.advisoryUrl] : [top.advisoryUrl, { advisories: links }] },
    });
  }
  return actions;
}

/** The finding group of each ASPM diagnostic of the request (one entry per group, all of one folder). */
function groupsOfDiagnostics(
  diagnostics: readonly Diagnostic[],
  sessionOf: (folderUri: string) => FolderSession | undefined,
  findingsOf: (session: FolderSession) => AnalyzedFinding[],
): { diagnostic: Diagnostic; group: FindingGroup; session: FolderSession }[] {
  const entries: { diagnostic: Diagnostic; group: FindingGroup; session: FolderSession }[] = [];
  const groupsBySession = new Map<FolderSession, FindingGroup[]>();
  for (const diagnostic of diagnostics) {
    const data = diagnosticData(diagnostic);
    const session = data && sessionOf(data.folderUri);
    if (!session || (entries.length > 0 && entries[0]!.session !== session)) {
      continue;
    }
    let groups = groupsBySession.get(session);
    if (!groups) {
      groups = shownGroups(findingsOf(session));
      groupsBySession.set(session, groups);
    }
    const group = groups.find((candidate) => candidate.serviceId === data.serviceId && candidate.findings.some((analyzed) => analyzed.finding.id === data.findingId));
    if (group && !entries.some((entry) => entry.group === group)) {
      entries.push({ diagnostic, group, session });
    }
  }
  return entries;
}

function commandAction(title: string, command: string, args: FindingActionArgs, diagnostics: Diagnostic[]): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics, command: { title, command, arguments: [args] } };
}

/** The fix as LSP changes, or undefined when any file breaks the rules above: the whole fix is refused. */
async function toWorkspaceEdit(fix: QuickFix, session: FolderSession, isTrusted: boolean): Promise<Record<string, TextEdit[]> | undefined> {
  const isScanner = fix.origin !== 'built-in';
  if (isScanner && !isTrusted) {
    return undefined;
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    const uri = session.uriOf(edit.path);
    if ((isScanner && (!fix.files.includes(edit.path) || protectedPathReason(edit.path) !== undefined)) || session.pathOf(uri) === undefined) {
      return undefined;
    }
    changes[uri] = [...(changes[uri] ?? []), { range: edit.range, newText: edit.newText }];
  }
  for (const file of new Set(fix.edits.map((edit) => edit.path))) {
    const real = await session.realPathOf(file);
    if (real === undefined || (isScanner && protectedPathReason(real) !== undefined)) {
      return undefined; // a symlink out of the folder, or onto .git/.vscode
    }
  }
  return changes;
}

function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return diagnostic.source === 'ASPM' && typeof data?.findingId === 'string' && typeof data.folderUri === 'string' && typeof data.serviceId === 'string'
    ? (data as DiagnosticData)
    : undefined;
}
