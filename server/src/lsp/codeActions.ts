import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { protectedPathReason } from '../core/fixes/editablePath';
import type { AnalyzedFinding, QuickFix } from '../core/model/analysis';
import { advisoryId } from '../core/model/finding';
import type { FindingActionArgs } from '../../../shared/src/dto';
import { safeWebUrl } from '../../../shared/src/markdown';
import { findingActionArgs, type DiagnosticData } from './convert';
import type { FolderSession } from './folderSession';

/**
 * Quick fixes for ASPM diagnostics: the finding's fix (preferred when it edits one file) and "open advisory". The
 * core already confined scanner fixes (core/fixes/suggestedFix); checked again here, whatever the finding data says
 * (defence in depth): a scanner fix only in a trusted workspace and never on a protected path, and every fix only
 * when each file it touches lies inside the workspace folder, symlinks resolved.
 */
export async function codeActionsFor(
  params: CodeActionParams,
  sessionOf: (folderUri: string) => FolderSession | undefined,
  findingsOf: (session: FolderSession) => AnalyzedFinding[],
  isTrusted: boolean,
): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnosticData(diagnostic);
    const session = data && sessionOf(data.folderUri);
    const analyzed = session && findingsOf(session).find((candidate) => candidate.finding.id === data.findingId && candidate.serviceId === data.serviceId);
    if (!session || !analyzed) {
      continue;
    }
    const fix = analyzed.fix && (await toWorkspaceEdit(analyzed.fix, session, isTrusted));
    if (analyzed.fix && fix) {
      const isPreferred = analyzed.fix.isPreferred && Object.keys(fix).length === 1;
      actions.push({ title: analyzed.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: fix } });
    }
    const serviceName = session.engine.knownServices.find((service) => service.id === analyzed.serviceId)?.name ?? 'this workspace';
    const args = findingActionArgs(analyzed, session.uri, serviceName);
    const command = (title: string, id: string, extra: Partial<FindingActionArgs> = {}): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title, command: id, arguments: [{ ...args, ...extra }] },
    });
    if (args.isBackendFinding) {
      actions.push(
        command('Accept risk…', 'aspm.triageFinding', { state: 'accepted_risk' }),
        command('Mark not affected…', 'aspm.triageFinding', { state: 'not_affected' }),
        command('False positive…', 'aspm.triageFinding', { state: 'false_positive' }),
        command('Create ticket…', 'aspm.createTicket'),
      );
    }
    actions.push(command('Ignore in this workspace…', 'aspm.ignoreFinding'));
    const advisory = safeWebUrl(analyzed.finding.links?.advisory);
    if (advisory) {
      actions.push({
        title: `Open advisory ${advisoryId(analyzed.finding)}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Open advisory', command: 'aspm.openAdvisory', arguments: [advisory] },
      });
    }
  }
  return actions;
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
