import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FindingNodeDto, FindingsTreeResult, PriorityBand, PriorityGroupDto, ServiceDto } from '../../../shared/src/dto';
import { markdownLink, safeWebUrl } from '../../../shared/src/markdown';
import { FindingsTreeRequest } from '../../../shared/src/protocol';

export const FINDINGS_VIEW_ID = 'aspm.findings';
const BACKEND_CONFIGURED_KEY = 'aspm.backendConfigured';
const EDITOR_DEBOUNCE_MS = 300;

const bands: Record<PriorityBand, { label: string; icon: string; color: string }> = {
  critical: { label: 'Critical', icon: 'flame', color: 'problemsErrorIcon.foreground' },
  high: { label: 'High', icon: 'error', color: 'problemsErrorIcon.foreground' },
  medium: { label: 'Medium', icon: 'warning', color: 'problemsWarningIcon.foreground' },
  low: { label: 'Low', icon: 'info', color: 'problemsInfoIcon.foreground' },
};

/** One row of the posture tree. Rows are built from one `aspm/findingsTree` answer; groups carry their children. */
export class PostureItem extends vscode.TreeItem {
  constructor(
    label: string,
    readonly children: PostureItem[] = [],
    readonly finding?: FindingNodeDto,
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
  }
}

/**
 * The "Posture" view. Everything it shows comes from the server (`aspm/findingsTree` for the active editor): no fs
 * work and no popups here. Refreshes on `aspm/status` and (debounced) when the active editor changes.
 */
export class FindingsTreeProvider implements vscode.TreeDataProvider<PostureItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private lastEditorUri: string | undefined;

  constructor(
    private readonly client: LanguageClient,
    onStatus: vscode.Event<unknown>,
  ) {
    this.lastEditorUri = activeFileUri();
    this.disposables.push(
      onStatus(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.onEditorChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aspm.backend.url')) {
          updateBackendConfiguredContext();
        }
      }),
    );
    updateBackendConfiguredContext();
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: PostureItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: PostureItem): Promise<PostureItem[]> {
    if (item) {
      return item.children;
    }
    try {
      const result = await this.client.sendRequest(FindingsTreeRequest.type, { activeUri: activeFileUri() });
      return toRootItems(result);
    } catch (error) {
      this.client.error('Could not load the posture tree', error, false);
      return [infoItem('Findings are not available. Run "ASPM: Show Log" for details.')];
    }
  }

  private onEditorChanged(): void {
    const uri = activeFileUri();
    if (uri === undefined || uri === this.lastEditorUri) {
      return; // output panes and unchanged editors do not change the selected service
    }
    this.lastEditorUri = uri;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), EDITOR_DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}

function activeFileUri(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.toString() : undefined;
}

function updateBackendConfiguredContext(): void {
  const url = vscode.workspace.getConfiguration('aspm').get<string>('backend.url', '');
  void vscode.commands.executeCommand('setContext', BACKEND_CONFIGURED_KEY, url.trim() !== '');
}

/** Builds the root rows: service, summary, non-empty priority bands, then the collapsed "Filtered" group. */
export function toRootItems(result: FindingsTreeResult): PostureItem[] {
  const groups = result.groups.filter((group) => group.findings.length > 0);
  if (result.message && !result.service && groups.length === 0 && result.filteredFindings.length === 0) {
    return [infoItem(result.message)];
  }
  const items: PostureItem[] = [];
  if (result.service) {
    items.push(serviceItem(result.service, result.staleSince));
  }
  items.push(summaryItem(result));
  items.push(...groups.map(bandItem));
  if (result.filteredFindings.length > 0) {
    items.push(filteredItem(result.filteredFindings));
  }
  return items;
}

function serviceItem(service: ServiceDto, staleSince: string | undefined): PostureItem {
  const item = new PostureItem(service.name);
  item.id = 'service';
  const stale = staleSince ? `stale since ${new Date(staleSince).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}` : undefined;
  item.description = [stale, ...service.badges].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(staleSince ? 'history' : 'server-process');
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(service.name).appendMarkdown('**');
  md.appendMarkdown('\n\nRoot: ').appendText(service.root === '' ? '(whole repository)' : service.root);
  if (service.badges.length > 0) {
    md.appendMarkdown('\n\nBadges: ').appendText(service.badges.join(', '));
  }
  if (staleSince) {
    md.appendMarkdown('\n\n').appendText(`Stale: backend unreachable since ${new Date(staleSince).toLocaleString()}.`);
  }
  if (safeWebUrl(service.dashboardUrl)) {
    md.appendMarkdown(`\n\n${markdownLink('Open in the ASPM dashboard', service.dashboardUrl)}`);
  }
  item.tooltip = md;
  return item;
}

function summaryItem(result: FindingsTreeResult): PostureItem {
  const { total, surfaced } = result.summary;
  const item = new PostureItem(`${surfaced} of ${total} findings shown · ${total - surfaced} filtered`);
  item.id = 'summary';
  item.iconPath = new vscode.ThemeIcon('filter');
  const reasons = Object.entries(result.summary.filtered);
  item.tooltip =
    reasons.length === 0
      ? 'No finding is filtered.'
      : `Filtered:\n${reasons.map(([reason, count]) => `• ${reason}: ${count}`).join('\n')}`;
  return item;
}

function bandItem(group: PriorityGroupDto): PostureItem {
  const band = bands[group.band];
  const item = new PostureItem(band.label, group.findings.map((f) => findingItem(f)));
  item.id = `band:${group.band}`;
  item.description = String(group.findings.length);
  item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
  item.iconPath = new vscode.ThemeIcon(band.icon, new vscode.ThemeColor(band.color));
  return item;
}

function filteredItem(findings: FindingNodeDto[]): PostureItem {
  const item = new PostureItem(
    `Filtered (${findings.length})`,
    findings.map((f) => findingItem(f, f.filteredReason)),
  );
  item.id = 'filtered';
  item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
  item.iconPath = new vscode.ThemeIcon('eye-closed');
  item.tooltip = 'Findings hidden from diagnostics, with the reason.';
  return item;
}

function findingItem(finding: FindingNodeDto, filteredReason?: string): PostureItem {
  const item = new PostureItem(finding.title, [], finding);
  item.description = filteredReason ? `${filteredReason} · ${finding.description}` : finding.description;
  item.tooltip = new vscode.MarkdownString(finding.tooltip);
  item.contextValue = findingContextValue(finding);
  const band = bands[finding.priority.band];
  item.iconPath = new vscode.ThemeIcon(band.icon, new vscode.ThemeColor(band.color));
  if (finding.location) {
    item.command = { command: 'aspm.openFinding', title: 'Open Finding', arguments: [finding.location] };
  }
  return item;
}

/**
 * `finding`, then `.fixable` and `.backend` in this order (e.g. `finding.fixable.backend`): package.json menus match
 * `viewItem =~ /^finding/` (ignore) and `/\.backend/` (triage, ticket).
 */
export function findingContextValue(finding: FindingNodeDto): string {
  return `finding${finding.isFixable ? '.fixable' : ''}${finding.actions?.isBackendFinding ? '.backend' : ''}`;
}

function infoItem(message: string): PostureItem {
  const item = new PostureItem(message);
  item.id = 'message';
  item.iconPath = new vscode.ThemeIcon('info');
  item.tooltip = message;
  return item;
}
