import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { CreateTicketParams, IgnoreFindingParams, TriageParams, WriteOutcome } from '../../../shared/src/dto';
import type { AnalyzedFinding } from '../core/model/analysis';
import { advisoryId } from '../core/model/finding';
import { appendIgnoreEntry, ignoreFilePath } from '../core/triage/ignoreFile';
import { BackendError, isTransientFailure } from '../engine/backendError';
import type { Logger, OutboxStore } from '../engine/ports';
import type { AspmWrites, TriageDecision } from '../engine/sourcePorts';
import { outboxKeyOf } from '../engine/folderOutbox';
import { explainFinding, isBackendFinding } from './convert';
import type { FolderSession, OpenedSources } from './folderSession';
import { verdictOf as verdictOfFinding, writeTriageToSources } from '../engine/sources';
import { sourceIdOf } from '../engine/sourcePorts';

/** What the write handlers need from the server. */
export interface WriteContext {
  sessionOf(folderUri: string): FolderSession | undefined;
  findingsOf(session: FolderSession): AnalyzedFinding[];
  clientOf(session: FolderSession): Promise<{ api: AspmWrites; backendUrl: string } | BackendError>;
  /** The folder's sources that have a token, opened. */
  sourcesOf(session: FolderSession): Promise<OpenedSources | BackendError>;
  outbox: OutboxStore;
  log: Logger;
  now(): Date;
  /** Re-publish diagnostics and status after a local change. */
  changed(): void;
  readText(fsPath: string): Promise<string | undefined>;
}

/** Failures worth retrying later: the decision is queued instead of lost. */
export function isTransient(error: unknown): boolean {
  return isTransientFailure(error);
}

/** Sends a triage decision, or queues it when the backend cannot be reached; applied locally either way. */
export async function triageFinding(params: TriageParams, context: WriteContext): Promise<WriteOutcome> {
  const session = context.sessionOf(params.folderUri);
  const analyzed = session && context.findingsOf(session).find((candidate) => candidate.finding.id === params.findingId);
  if (!session || !analyzed) {
    return { outcome: 'failed', message: 'This finding is no longer known; refresh the findings and try again.' };
  }
  if (!isBackendFinding(analyzed)) {
    return { outcome: 'failed', message: 'This finding comes from a local report, not the ASPM backend: ignore it in this workspace instead.' };
  }
  if (params.reason.trim() === '') {
    return { outcome: 'failed', message: 'A reason is required.' };
  }
  const decision = { state: params.state, justification: params.justification, reason: params.reason, expiresAt: params.expiresAt };
  const origins = analyzed.finding.origins ?? [];
  if (origins.some((origin) => origin.kind !== 'aspm') || origins.length > 1) {
    return triageOnSources(session, analyzed, decision, context);
  }
  const client = await context.clientOf(session);
  if (client instanceof BackendError) {
    return { outcome: 'failed', message: client.message };
  }
  try {
    await client.api.triage(params.findingId, decision);
    session.engine.applyTriage(params.findingId, params.state);
    context.changed();
    return { outcome: 'sent', message: `${label(params.state)} recorded for ${advisoryId(analyzed.finding)}.` };
  } catch (error) {
    if (!isTransient(error)) {
      return { outcome: 'failed', message: `The backend refused the decision: ${(error as Error).message}` };
    }
    await context.outbox.add({ kind: 'triage', backendUrl: client.backendUrl, findingId: params.findingId, decision }, context.now());
    session.engine.applyTriage(params.findingId, params.state);
    context.changed();
    context.log.warn(`Backend unreachable; queued ${label(params.state)} of ${params.findingId} to send later.`);
    return { outcome: 'queued', message: `The backend is unreachable: ${label(params.state)} saved and will be sent when it answers again.` };
  }
}

/**
 * Writes a decision to every source holding the finding (DefectDojo, Dependency-Track, GitHub, the ASPM backend),
 * each in its own vocabulary; a source that cannot be reached gets it queued in its own outbox. One line per source.
 */
async function triageOnSources(session: FolderSession, analyzed: AnalyzedFinding, decision: TriageDecision, context: WriteContext): Promise<WriteOutcome> {
  const opened = await context.sourcesOf(session);
  if (opened instanceof BackendError) {
    return { outcome: 'failed', message: opened.message };
  }
  const unsigned = new Set(session.sourcesWithoutToken.map((config) => sourceIdOf(config)));
  const results = await writeTriageToSources(analyzed, decision, opened.sources);
  const lines: string[] = [];
  let queued = 0;
  let failed = 0;
  for (const [index, result] of results.entries()) {
    const origin = analyzed.finding.origins![index]!;
    const source = opened.sources.find((candidate) => candidate.id === result.source);
    if (result.outcome === 'failed' && result.isTransient && source) {
      await context.outbox.add({ kind: 'triage', backendUrl: outboxKeyOf(source), findingId: origin.id, decision, origin, verdict: verdictOfFinding(analyzed) }, context.now());
      queued++;
      lines.push(`${result.label}: unreachable (${result.message}); queued, sent when it answers again`);
    } else if (result.outcome === 'failed') {
      failed++;
      lines.push(`${result.label}: ${unsigned.has(result.source) ? 'not signed in (run "ASPM: Sign In"); not written' : `not written: ${result.message}`}`);
    } else {
      lines.push(`${result.label}: ${result.message}`);
    }
  }
  if (failed < results.length) {
    session.engine.applyTriage(analyzed.finding.id, decision.state);
    context.changed();
  }
  const summary = `${label(decision.state)} of ${advisoryId(analyzed.finding)} — ${lines.join('; ')}.`;
  context.log.info(`Triage: ${summary}`);
  return { outcome: failed === results.length ? 'failed' : queued > 0 && failed === 0 && queued === results.length ? 'queued' : failed > 0 ? 'failed' : 'sent', message: summary };
}

/** Opens a ticket for findings, with their explanation as the body; queued when offline. */
export async function createTicket(params: CreateTicketParams, context: WriteContext): Promise<WriteOutcome> {
  const session = context.sessionOf(params.folderUri);
  const findings = session ? context.findingsOf(session).filter((candidate) => params.findingIds.includes(candidate.finding.id)) : [];
  if (!session || findings.length === 0) {
    return { outcome: 'failed', message: 'These findings are no longer known; refresh the findings and try again.' };
  }
  const client = await context.clientOf(session);
  if (client instanceof BackendError) {
    return { outcome: 'failed', message: client.message };
  }
  const ticket = {
    findingIds: findings.map((analyzed) => analyzed.finding.id),
    title: params.title,
    body: findings.map((analyzed) => explainFinding(analyzed, (relative) => relative)).join('\n\n---\n\n'),
  };
  try {
    const created = await client.api.createTicket(ticket);
    return { outcome: 'sent', message: `Created ${created.id}.`, ticket: created };
  } catch (error) {
    if (!isTransient(error)) {
      return { outcome: 'failed', message: `The backend refused the ticket: ${(error as Error).message}` };
    }
    await context.outbox.add({ kind: 'ticket', backendUrl: client.backendUrl, ticket }, context.now());
    return { outcome: 'queued', message: 'The backend is unreachable: the ticket will be created when it answers again.' };
  }
}

/** The edit adding an entry for a finding to the folder's `.aspm/ignore.yaml` (created when missing). */
export async function ignoreFindingEdit(params: IgnoreFindingParams, context: WriteContext): Promise<WorkspaceEdit | null> {
  const session = context.sessionOf(params.folderUri);
  const analyzed = session && context.findingsOf(session).find((candidate) => candidate.finding.id === params.findingId);
  if (!session || !analyzed || params.reason.trim() === '') {
    return null;
  }
  const file = path.join(session.fsPath, ...ignoreFilePath.split('/'));
  const uri = pathToFileURL(file).toString();
  const existing = await context.readText(file);
  const { finding } = analyzed;
  const isCode = finding.package === undefined && finding.location !== undefined && finding.ruleId !== undefined;
  const text = appendIgnoreEntry(existing, {
    id: isCode ? undefined : advisoryId(finding),
    rule: isCode ? finding.ruleId : undefined,
    path: isCode ? finding.location?.path : undefined,
    reason: params.reason.trim(),
    expires: params.expires,
  });
  if (text === undefined) {
    return null;
  }
  const wholeFile = { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };
  return existing === undefined
    ? { documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] }] }
    : { changes: { [uri]: [{ range: wholeFile, newText: text }] } };
}

function label(state: TriageParams['state']): string {
  return { accepted_risk: 'risk acceptance', false_positive: 'false positive', not_affected: '"not affected"', reopen: 'reopening' }[state];
}
