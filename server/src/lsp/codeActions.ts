import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { AnalyzedFinding, FixPlan } from '../core/model/analysis';
import { advisoryId } from '../core/model/finding';
import type { FindingActionArgs } from '../../../shared/src/dto';
import { findingActionArgs, type DiagnosticData } from './convert';
import type { FolderSession } from './folderSession';

/**
 * Quick fixes for ASPM diagnostics: the finding's fix (preferred) and "open advisory". Edits are only offered when
 * every file they touch lies inside the workspace folder, whatever the finding data says.
 */
export function codeActionsFor(
  params: CodeActionParams,
  sessionOf: (folderUri: string) => FolderSession | undefined,
  findingsOf: (session: FolderSession) => AnalyzedFinding[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnosticData(diagnostic);
    const session = data && sessionOf(data.folderUri);
    const analyzed = session && findingsOf(session).find((candidate) => candidate.finding.id === data.findingId && candidate.serviceId === data.serviceId);
    if (!session || !analyzed) {
      continue;
    }
    const fix = analyzed.fix && toWorkspaceEdit(analyzed.fix, session);
    if (analyzed.fix && fix) {
      actions.push({ title: analyzed.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: fix } });
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
    const advisory = analyzed.finding.links?.advisory;
    if (advisory && /^https?:\/\//.test(advisory)) {
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

function toWorkspaceEdit(fix: FixPlan, session: FolderSession): Record<string, TextEdit[]> | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    const uri = session.uriOf(edit.path);
    if (session.pathOf(uri) === undefined) {
      return undefined; // outside the workspace: refuse the whole fix
    }
    changes[uri] = [...(changes[uri] ?? []), { range: edit.range, newText: edit.newText }];
  }
  return changes;
}

function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return diagnostic.source === 'ASPM' && typeof data?.findingId === 'string' && typeof data.folderUri === 'string' && typeof data.serviceId === 'string'
    ? (data as DiagnosticData)
    : undefined;
}
