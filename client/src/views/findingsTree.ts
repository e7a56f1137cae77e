import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type {
  FindingKindDto,
  FindingNodeDto,
  PostureFilter,
  PostureGroupBy,
  PostureNodeDto,
  PostureScope,
  PostureTreeParams,
  PostureTreeResult,
  PriorityBand,
  ReachabilityTier,
} from '../../../shared/src/dto';
import { PostureTreeRequest } from '../../../shared/src/protocol';

export const FINDINGS_VIEW_ID = 'aspm.findings';
const BACKEND_CONFIGURED_KEY = 'aspm.backendConfigured';
/** `PostureState` of the last top level: `viewsWelcome` entries say what to do next from it. */
export const POSTURE_STATE_KEY = 'aspm.posture.state';
const GROUP_BY_KEY = 'aspm.posture.groupBy';
const FILTERED_KEY = 'aspm.posture.isFiltered';
const INCLUDE_FILTERED_KEY = 'aspm.posture.includeFiltered';
const EDITOR_DEBOUNCE_MS = 300;
/** Rows asked for per page; "Show more" asks for the next. */
export const PAGE_SIZE = 200;

const bands: Record<PriorityBand, { icon: string; color: string }> = {
  critical: { icon: 'flame', color: 'problemsErrorIcon.foreground' },
  high: { icon: 'error', color: 'problemsErrorIcon.foreground' },
  medium: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  low: { icon: 'info', color: 'problemsInfoIcon.foreground' },
};
const kindIcons: Partial<Record<PostureNodeDto['kind'], string>> = {
  service: 'server-process',
  summary: 'filter',
  reason: 'eye-closed',
  file: 'file',
  message: 'info',
  sources: 'plug',
  source: 'cloud-download',
};
const sectionIcons: Record<FindingKindDto, string> = { sca: 'package', container: 'archive', iac: 'cloud', sast: 'code', secret: 'key', dast: 'globe' };

export const findingKinds: FindingKindDto[] = ['sca', 'container', 'iac', 'sast', 'secret', 'dast'];
export const reachabilityTiers: ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported', 'declared', 'dev-only', 'unknown', 'indexing'];
export const priorityBands: PriorityBand[] = ['critical', 'high', 'medium', 'low'];

/** The view options a user chose; kept per workspace. */
export type PostureOptions = { groupBy: PostureGroupBy; filter: PostureFilter; includeFiltered: boolean };

/** One row of the posture view: a server node, or the client's own "Show more" row. */
export class PostureItem extends vscode.TreeItem {
  constructor(
    readonly node: PostureNodeDto,
    readonly parentId: string | undefined,
  ) {
    super(node.label, node.hasChildren ? (node.isExpanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
  }

  /** The finding of a finding row (the triage, ticket and ignore commands read `finding.actions`). */
  get finding(): FindingNodeDto | undefined {
    return this.node.finding;
  }
}

/**
 * The "Posture" view. Everything it shows comes from the server (`aspm/postureTree`), one small page at a time: the
 * top level has the summary and one row per finding kind with counts; groups ask for their children when expanded.
 * No fs work and no popups here. Re-asks on `aspm/status`, and when the active editor moves to another service.
 */
export class FindingsTreeProvider implements vscode.TreeDataProvider<PostureItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PostureItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private scope: PostureScope | undefined;
  /** Pages shown per parent id (≥ 1), reset by a full refresh. */
  private readonly pages = new Map<string, number>();
  /** The last item built for each parent id, so that "Show more" refreshes only that parent. */
  private readonly items = new Map<string, PostureItem>();
  private view: vscode.TreeView<PostureItem> | undefined;
  /** The last top-level answer (state, counts), for tests and the view's message. */
  lastTopLevel: PostureTreeResult | undefined;
  /** The value last given to the `aspm.posture.state` context key. */
  contextState: string | undefined;

  constructor(
    private readonly client: LanguageClient,
    onStatus: vscode.Event<unknown>,
    private readonly state?: vscode.Memento,
  ) {
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
    this.applyOptionContexts();
  }

  /** Creates the tree view (its description shows the active view options). */
  createView(): vscode.TreeView<PostureItem> {
    this.view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view);
    this.applyOptionContexts();
    return this.view;
  }

  get options(): PostureOptions {
    return {
      groupBy: this.state?.get<PostureGroupBy>(GROUP_BY_KEY) ?? 'rule',
      filter: this.state?.get<PostureFilter>('aspm.posture.filter') ?? {},
      includeFiltered: this.state?.get<boolean>(INCLUDE_FILTERED_KEY) ?? false,
    };
  }

  /** Changes view options (persisted in workspace state) and re-renders. */
  async setOptions(change: Partial<PostureOptions>): Promise<void> {
    if (change.groupBy !== undefined) {
      await this.state?.update(GROUP_BY_KEY, change.groupBy);
    }
    if (change.filter !== undefined) {
      await this.state?.update('aspm.posture.filter', change.filter);
    }
    if (change.includeFiltered !== undefined) {
      await this.state?.update(INCLUDE_FILTERED_KEY, change.includeFiltered);
    }
    this.applyOptionContexts();
    this.refresh();
  }

  refresh(): void {
    this.pages.clear();
    this.changed.fire(undefined);
  }

  /** "Show more" under `parentId`: one more page, re-asking only that parent. */
  showMore(parentId: string | undefined): void {
    const key = parentId ?? '';
    this.pages.set(key, (this.pages.get(key) ?? 1) + 1);
    this.changed.fire(parentId === undefined ? undefined : this.items.get(parentId));
  }

  getTreeItem(item: PostureItem): vscode.TreeItem {
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  async getChildren(item?: PostureItem): Promise<PostureItem[]> {
    const parentId = item?.node.id;
    const { groupBy, filter, includeFiltered } = this.options;
    const params: PostureTreeParams = { activeUri: activeFileUri(), parentId, groupBy, filter, includeFiltered, offset: 0, limit: PAGE_SIZE * (this.pages.get(parentId ?? '') ?? 1) };
    try {
      const result = await this.client.sendRequest(PostureTreeRequest.type, params);
      if (parentId === undefined) {
        this.onTopLevel(result);
      }
      const items = result.nodes.map((node) => toItem(node, parentId));
      for (const built of items) {
        this.items.set(built.node.id, built);
      }
      if (result.total > result.nodes.length) {
        items.push(showMoreItem(parentId, result.nodes.length, result.total));
      }
      return items;
    } catch (error) {
      this.client.error('Could not load the posture tree', error, false);
      return [toItem({ id: 'message', kind: 'message', label: 'Findings are not available. Run "ASPM: Open Output" for details.', hasChildren: false }, parentId)];
    }
  }

  private onTopLevel(result: PostureTreeResult): void {
    this.lastTopLevel = result;
    this.scope = result.scope;
    this.contextState = result.state ?? 'findings';
    void vscode.commands.executeCommand('setContext', POSTURE_STATE_KEY, this.contextState);
    if (this.view) {
      this.view.message = result.nodes.length === 0 ? undefined : result.state === 'findings' ? undefined : result.message;
    }
  }

  private applyOptionContexts(): void {
    const { groupBy, filter, includeFiltered } = this.options;
    void vscode.commands.executeCommand('setContext', GROUP_BY_KEY, groupBy);
    void vscode.commands.executeCommand('setContext', FILTERED_KEY, isFilterActive(filter));
    void vscode.commands.executeCommand('setContext', INCLUDE_FILTERED_KEY, includeFiltered);
    if (this.view) {
      this.view.description = describeOptions(this.options);
    }
  }

  private onEditorChanged(): void {
    const uri = activeFileUri();
    if (uri === undefined || !this.isOtherService(uri)) {
      return; // output panes and files of the service shown do not change the view
    }
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), EDITOR_DEBOUNCE_MS);
  }

  /** Whether `uri` belongs to another folder or service than the one shown (the longest service root that holds it). */
  private isOtherService(uri: string): boolean {
    const scope = this.scope;
    if (!scope) {
      return true;
    }
    const folder = scope.folderUri.endsWith('/') ? scope.folderUri : `${scope.folderUri}/`;
    if (!uri.startsWith(folder)) {
      return vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1;
    }
    const path = decodeURIComponent(uri.slice(folder.length));
    const owner = scope.serviceRoots
      .filter((service) => service.root === '' || path === service.root || path.startsWith(`${service.root.replace(/\/$/, '')}/`))
      .sort((a, b) => b.root.length - a.root.length)[0];
    return (owner?.id ?? scope.serviceRoots[0]?.id) !== scope.serviceId;
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}

export function isFilterActive(filter: PostureFilter): boolean {
  return Boolean(filter.kinds?.length || filter.tiers?.length || filter.bands?.length || filter.text?.trim());
}

/** The view description: grouping, active filters and "including filtered", e.g. `by file · sca · critical, high · "yaml"`. */
export function describeOptions(options: PostureOptions): string | undefined {
  const { filter } = options;
  const parts = [
    options.groupBy === 'file' ? 'by file' : undefined,
    filter.kinds?.length ? filter.kinds.join(', ') : undefined,
    filter.tiers?.length ? filter.tiers.join(', ') : undefined,
    filter.bands?.length ? filter.bands.join(', ') : undefined,
    filter.text?.trim() ? `"${filter.text.trim()}"` : undefined,
    options.includeFiltered ? 'including filtered' : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function activeFileUri(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.toString() : undefined;
}

function updateBackendConfiguredContext(): void {
  const url = vscode.workspace.getConfiguration('aspm').get<string>('backend.url', '');
  void vscode.commands.executeCommand('setContext', BACKEND_CONFIGURED_KEY, url.trim() !== '');
}

/** A server node as a tree row: band icons, markdown tooltips, click to open, context values for the menus. */
export function toItem(node: PostureNodeDto, parentId: string | undefined): PostureItem {
  const item = new PostureItem(node, parentId);
  item.id = node.id;
  item.description = node.description;
  if (node.tooltip) {
    item.tooltip = new vscode.MarkdownString(node.tooltip);
  }
  const sectionKind = node.kind === 'section' ? (node.id.slice('section:'.length) as FindingKindDto) : undefined;
  if (node.finding || node.kind === 'group') {
    const band = bands[node.band ?? 'low'];
    item.iconPath = new vscode.ThemeIcon(band.icon, new vscode.ThemeColor(band.color));
  } else if (sectionKind && sectionIcons[sectionKind]) {
    item.iconPath = new vscode.ThemeIcon(sectionIcons[sectionKind]);
  } else if (node.kind === 'service' && node.isStale) {
    item.iconPath = new vscode.ThemeIcon('history'); // the last good data, shown while the backend fails
  } else if ((node.kind === 'source' || node.kind === 'sources') && node.isStale) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')); // a source fails
  } else if (kindIcons[node.kind]) {
    item.iconPath = new vscode.ThemeIcon(kindIcons[node.kind]!);
  }
  if (node.finding) {
    item.tooltip = new vscode.MarkdownString(node.finding.tooltip);
    item.contextValue = findingContextValue(node.finding);
  } else {
    item.contextValue = node.kind;
  }
  const location = node.location ?? node.finding?.location;
  if (location) {
    item.command = { command: 'aspm.openFinding', title: 'Open Finding', arguments: [location] };
  }
  return item;
}

function showMoreItem(parentId: string | undefined, shown: number, total: number): PostureItem {
  const item = new PostureItem({ id: `${parentId ?? ''}#more`, kind: 'message', label: `Show more (${shown} of ${total} shown)`, hasChildren: false }, parentId);
  item.id = `${parentId ?? ''}#more`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'showMore';
  item.command = { command: 'aspm.showMoreFindings', title: 'Show More', arguments: [parentId] };
  return item;
}

/**
 * `finding`, then `.fixable` and `.backend` in this order (e.g. `finding.fixable.backend`): package.json menus match
 * `viewItem =~ /^finding/` (ignore) and `/\.backend/` (triage, ticket).
 */
export function findingContextValue(finding: FindingNodeDto): string {
  return `finding${finding.isFixable ? '.fixable' : ''}${finding.actions?.isBackendFinding ? '.backend' : ''}`;
}

