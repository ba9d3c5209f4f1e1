// Adapts a pure TreeModel to vscode.TreeDataProvider; refresh() re-reads the model.
import * as vscode from 'vscode';
import type { TreeModel, TreeNodeData } from './treeModel';

export class ModelTreeProvider<E> implements vscode.TreeDataProvider<E>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<E | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: TreeModel<E>) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: E): vscode.TreeItem {
    return toTreeItem(this.model.node(element));
  }

  getChildren(element?: E): vscode.ProviderResult<E[]> {
    return element === undefined ? this.model.roots() : this.model.children(element);
  }

  getParent(element: E): vscode.ProviderResult<E> {
    return this.model.parent?.(element);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(d: TreeNodeData): vscode.TreeItem {
  const item = new vscode.TreeItem(d.label, COLLAPSIBLE[d.collapsible]);
  item.id = d.id;
  if (d.description !== undefined) item.description = d.description;
  if (d.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(d.tooltip);
  if (d.icon) item.iconPath = new vscode.ThemeIcon(d.icon.id, d.icon.color !== undefined ? new vscode.ThemeColor(d.icon.color) : undefined);
  if (d.contextValue !== undefined) item.contextValue = d.contextValue;
  if (d.resourcePath !== undefined) item.resourceUri = vscode.Uri.file(d.resourcePath);
  if (d.command) item.command = { command: d.command.command, title: d.command.title, arguments: d.command.arguments ?? [] };
  else if (d.openPath !== undefined) item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(d.openPath)] };
  return item;
}
