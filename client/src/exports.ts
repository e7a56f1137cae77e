import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ExportFormat } from '../../shared/src/dto';
import { ExportRequest } from '../../shared/src/protocol';

/**
 * What the export commands accept for automation (tests, tasks): a format, a folder and a target file; given a
 * target, nothing is asked.
 */
export type ExportCommandArgs = { format?: ExportFormat; folderUri?: string; target?: string };

/** What an export command returns (for tests): where the document was written, or why not. */
export type ExportOutcome = { outcome: 'written' | 'failed' | 'cancelled'; message: string; fileUri?: string };

type Choice = { format: ExportFormat; label: string; detail: string; filters: Record<string, string[]> };

const sbomChoices: Choice[] = [
  { format: 'cyclonedx', label: 'CycloneDX 1.6 SBOM', detail: 'Components, dependency graph, services, and vulnerabilities with VEX analysis from reachability', filters: { 'CycloneDX JSON': ['json'] } },
  { format: 'openvex', label: 'OpenVEX 0.2.0', detail: 'The same exploitability statements as OpenVEX', filters: { 'OpenVEX JSON': ['json'] } },
];

const reportChoices: Choice[] = [
  { format: 'html', label: 'HTML page', detail: 'One self-contained page with charts, for auditors and archives', filters: { HTML: ['html'] } },
  { format: 'md', label: 'Markdown', detail: 'For wikis', filters: { Markdown: ['md'] } },
];

/** "ASPM: Export SBOM…": CycloneDX (or OpenVEX) of a folder, built by the server, saved where the user chooses. */
export function exportSbom(client: LanguageClient, log: vscode.LogOutputChannel, args?: unknown): Promise<ExportOutcome> {
  return exportDocument(client, log, 'SBOM', sbomChoices, args);
}

/** "ASPM: Export Evidence Report…": the evidence report of a folder as HTML or Markdown. */
export function exportEvidenceReport(client: LanguageClient, log: vscode.LogOutputChannel, args?: unknown): Promise<ExportOutcome> {
  return exportDocument(client, log, 'evidence report', reportChoices, args);
}

async function exportDocument(client: LanguageClient, log: vscode.LogOutputChannel, what: string, choices: Choice[], rawArgs: unknown): Promise<ExportOutcome> {
  const args = (typeof rawArgs === 'object' && rawArgs !== null ? rawArgs : {}) as ExportCommandArgs;
  const folder = args.folderUri ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(args.folderUri, true)) : await pickFolder();
  if (!folder) {
    return { outcome: 'cancelled', message: 'No workspace folder chosen.' };
  }
  const choice =
    choices.find((candidate) => candidate.format === args.format) ??
    (choices.length === 1 || args.target ? choices[0] : await vscode.window.showQuickPick(choices, { title: `ASPM: Export ${what}`, placeHolder: 'Format' }));
  if (!choice) {
    return { outcome: 'cancelled', message: 'No format chosen.' };
  }
  let result;
  try {
    result = await client.sendRequest(ExportRequest.type, { folderUri: folder.uri.toString(), format: choice.format });
  } catch (error) {
    log.error(`Exporting the ${what} failed`, error);
    return failed(`Cannot export the ${what}: the language server did not answer (see the log).`);
  }
  if ('error' in result) {
    return failed(`Cannot export the ${what}: ${result.error}`);
  }
  const target = args.target
    ? vscode.Uri.file(args.target)
    : await vscode.window.showSaveDialog({ title: `ASPM: Export ${what}`, defaultUri: vscode.Uri.joinPath(folder.uri, result.suggestedFileName), filters: choice.filters });
  if (!target) {
    return { outcome: 'cancelled', message: 'No file chosen.' };
  }
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.content));
  } catch (error) {
    return failed(`Cannot write ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  log.info(`Exported the ${what} (${choice.label}) of ${folder.uri.fsPath} to ${target.fsPath}`);
  if (!args.target) {
    void vscode.window.showInformationMessage(`ASPM: ${choice.label} saved to ${target.fsPath}.`, 'Open').then((action) => {
      if (action === 'Open') {
        void (choice.format === 'html' ? vscode.env.openExternal(target) : vscode.window.showTextDocument(target));
      }
    });
  }
  return { outcome: 'written', message: `Saved to ${target.fsPath}`, fileUri: target.toString() };
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to export' });
}

function failed(message: string): ExportOutcome {
  void vscode.window.showErrorMessage(`ASPM: ${message}`);
  return { outcome: 'failed', message };
}
