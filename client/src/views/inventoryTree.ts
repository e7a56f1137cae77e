import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { InventoryItemDto, InventoryResult, LocationDto } from '../../../shared/src/dto';
import { InventoryRequest } from '../../../shared/src/protocol';

export const INVENTORY_VIEW_ID = 'aspm.inventory';
const EDITOR_DEBOUNCE_MS = 300;

/** One row of the Inventory or Controls view; groups carry their children, leaves open the line they come from. */
export class AssetItem extends vscode.TreeItem {
  constructor(
    label: string,
    readonly children: AssetItem[] = [],
    options: { description?: string; tooltip?: string | vscode.MarkdownString; icon?: vscode.ThemeIcon; location?: LocationDto; isExpanded?: boolean } = {},
  ) {
    super(label, children.length === 0 ? vscode.TreeItemCollapsibleState.None : options.isExpanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.description = options.description;
    this.tooltip = options.tooltip;
    this.iconPath = options.icon;
    if (options.location) {
      this.location = options.location;
      this.command = openCommand(options.location);
    }
  }

  /** Where the entry is declared (also what its command opens). */
  location?: LocationDto;
}

function openCommand(location: LocationDto): vscode.Command {
  const { start, end } = location.range;
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(location.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) }] };
}

/**
 * A view built from one `aspm/inventory` answer for the active editor's service. The server answers without a
 * backend (the index and the repository's policy files need none). Refreshes on `aspm/status` and (debounced) when
 * the active editor changes.
 */
export abstract class InventoryAnswerProvider implements vscode.TreeDataProvider<AssetItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: LanguageClient,
    onStatus: vscode.Event<unknown>,
    private readonly what: string,
  ) {
    this.disposables.push(
      onStatus(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.refresh(), EDITOR_DEBOUNCE_MS);
      }),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: AssetItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: AssetItem): Promise<AssetItem[]> {
    if (item) {
      return item.children;
    }
    try {
      const uri = vscode.window.activeTextEditor?.document.uri;
      const result = await this.client.sendRequest(InventoryRequest.type, { activeUri: uri?.scheme === 'file' ? uri.toString() : undefined });
      const rows = this.rootItems(result);
      return rows.length > 0 ? rows : [new AssetItem(result.message ?? `No ${this.what}.`)];
    } catch (error) {
      this.client.error(`Could not load the ${this.what}`, error, false);
      return [new AssetItem(`The ${this.what} is not available. Run "ASPM: Show Log" for details.`)];
    }
  }

  protected abstract rootItems(result: InventoryResult): AssetItem[];

  dispose(): void {
    clearTimeout(this.debounce);
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

/**
 * The "Inventory" view: dependencies by ecosystem (direct / transitive / dev, with counts), container images, IaC
 * resources by kind, entry points and data stores of the active editor's service.
 */
export class InventoryTreeProvider extends InventoryAnswerProvider {
  constructor(client: LanguageClient, onStatus: vscode.Event<unknown>) {
    super(client, onStatus, 'inventory');
  }

  protected rootItems(result: InventoryResult): AssetItem[] {
    const leaf = (entry: InventoryItemDto, icon: string) => new AssetItem(entry.label, [], { description: entry.description, icon: new vscode.ThemeIcon(icon), location: entry.location, tooltip: entry.description });
    const group = (label: string, children: AssetItem[], icon: string) => new AssetItem(label, children, { description: String(children.length), icon: new vscode.ThemeIcon(icon) });
    const countOf = (item: AssetItem) => Number(item.description ?? 0);
    const dependencies = result.dependencies.map((ecosystem) => {
      const roles = [
        group('Direct', ecosystem.direct.map((entry) => leaf(entry, 'package')), 'package'),
        group('Transitive', ecosystem.transitive.map((entry) => leaf(entry, 'package')), 'type-hierarchy'),
        group('Dev', ecosystem.dev.map((entry) => leaf(entry, 'tools')), 'tools'),
      ].filter((item) => item.children.length > 0);
      return new AssetItem(ecosystem.ecosystem, roles, { description: String(roles.reduce((sum, item) => sum + countOf(item), 0)), icon: new vscode.ThemeIcon('library') });
    });
    const images = ['base', 'runtime'].map((role) => group(role === 'base' ? 'Base images' : 'Runtime images', result.images.filter((image) => image.role === role).map((image) => leaf(image, image.pinning === 'unpinned' ? 'warning' : 'package')), 'server-environment'));
    const resources = result.resources.map((kind) => group(`${kind.type} (${kind.tool})`, kind.items.map((entry) => leaf(entry, 'symbol-class')), 'symbol-namespace'));
    const rows = [
      new AssetItem('Dependencies', dependencies, { description: String(dependencies.reduce((sum, item) => sum + countOf(item), 0)), icon: new vscode.ThemeIcon('library'), isExpanded: true }),
      new AssetItem('Container images', images.filter((item) => item.children.length > 0), { description: String(result.images.length), icon: new vscode.ThemeIcon('server-environment') }),
      new AssetItem('IaC resources', resources, { description: String(result.resources.reduce((sum, kind) => sum + kind.items.length, 0)), icon: new vscode.ThemeIcon('cloud') }),
      group('Entry points', result.entryPoints.map((point) => leaf(point, point.kind === 'route' ? 'globe' : 'broadcast')), 'globe'),
      group('Data stores', result.dataStores.map((store) => leaf(store, store.isPublic ? 'warning' : 'database')), 'database'),
    ];
    return rows.some((row) => row.children.length > 0) ? rows : [];
  }
}
