import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createLanguageClient, prepareStorage, restartOnProxyChange, restartWhenTrusted } from './languageClient';
import { TokenStore } from './secrets';
import { StatusController } from './status';
import { CONTROLS_VIEW_ID, ControlsTreeProvider } from './views/controlsTree';
import { FindingsTreeProvider } from './views/findingsTree';
import { INVENTORY_VIEW_ID, InventoryTreeProvider } from './views/inventoryTree';

/** What `activate` returns; the extension-host tests use it to inspect the client, the posture tree and the storage. */
export type AspmApi = { client: LanguageClient; tree: FindingsTreeProvider; globalStorageUri: vscode.Uri; inventory: InventoryTreeProvider; controls: ControlsTreeProvider };

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AspmApi> {
  try {
    const log = vscode.window.createOutputChannel('ASPM', { log: true });
    const tokens = new TokenStore(context.secrets);
    await tokens.load();
    client = createLanguageClient(context, log, tokens);
    const status = new StatusController(client, context.globalState, tokens);
    const tree = new FindingsTreeProvider(client, status.onDidUpdate, context.workspaceState);
    const inventory = new InventoryTreeProvider(client, status.onDidUpdate);
    const controls = new ControlsTreeProvider(client, status.onDidUpdate);
    context.subscriptions.push(
      log,
      tokens,
      status,
      tree,
      tree.createView(),
      inventory,
      controls,
      vscode.window.createTreeView(INVENTORY_VIEW_ID, { treeDataProvider: inventory, showCollapseAll: true }),
      vscode.window.createTreeView(CONTROLS_VIEW_ID, { treeDataProvider: controls, showCollapseAll: true }),
      restartWhenTrusted(client, log),
      restartOnProxyChange(client, log),
      ...registerCommands({ client, tokens, tree, log }),
    );
    await prepareStorage(context, log);
    await client.start();
    return { client, tree, globalStorageUri: context.globalStorageUri, inventory, controls };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Cannot start ASPM: ${reason}`);
    throw error;
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
