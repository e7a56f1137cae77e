import * as vscode from 'vscode';
import type { ControlDto, InventoryResult } from '../../../shared/src/dto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AssetItem, InventoryAnswerProvider } from './inventoryTree';

export const CONTROLS_VIEW_ID = 'aspm.controls';

const statuses: Record<ControlDto['status'], { label: string; icon: string; color?: string }> = {
  fail: { label: 'fail', icon: 'error', color: 'problemsErrorIcon.foreground' },
  unknown: { label: 'not evaluated', icon: 'question', color: 'problemsWarningIcon.foreground' },
  pass: { label: 'pass', icon: 'pass', color: 'testing.iconPassed' },
  'not-applicable': { label: 'n/a', icon: 'circle-slash' },
};

/**
 * The "Controls" view: the controls of the active editor's service (the organisation's policies and the
 * repository's `.aspm/policy.yaml`), failing first, each opening the policy line; its evidence are its children.
 */
export class ControlsTreeProvider extends InventoryAnswerProvider {
  constructor(client: LanguageClient, onStatus: vscode.Event<unknown>) {
    super(client, onStatus, 'controls');
  }

  protected rootItems(result: InventoryResult): AssetItem[] {
    const order: ControlDto['status'][] = ['fail', 'unknown', 'pass', 'not-applicable'];
    const controls = [...result.controls].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    const items = controls.map((control) => {
      const status = statuses[control.status];
      const evidence = control.evidence.map((entry) => new AssetItem(entry.message, [], { icon: new vscode.ThemeIcon('debug-stackframe-dot'), location: entry.location, tooltip: entry.message }));
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`**${status.label}**: `).appendText(`${control.title} (${control.id})\n\n${control.summary}\n\n${control.origin}`);
      for (const entry of control.evidence) {
        tooltip.appendMarkdown('\n- ').appendText(entry.message);
      }
      const item = new AssetItem(control.title, evidence, {
        description: `${status.label} · ${control.summary}`,
        tooltip,
        icon: new vscode.ThemeIcon(status.icon, status.color ? new vscode.ThemeColor(status.color) : undefined),
        location: control.originLocation,
      });
      item.id = `${result.service?.id ?? ''}/${control.origin}/${control.id}`;
      item.contextValue = `control.${control.status}`;
      return item;
    });
    if (items.length === 0) {
      return [];
    }
    return result.service ? [new AssetItem(result.service.name, items, { description: `${controls.filter((control) => control.status === 'fail').length} failing`, icon: new vscode.ThemeIcon('server-process'), isExpanded: true })] : items;
  }
}
