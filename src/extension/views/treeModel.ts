// The data behind a tree view, free of vscode: each view is a TreeModel, and one adapter turns it into a
// vscode.TreeDataProvider. Keeping the decisions here lets Node tests check labels, icons and menus' context values.

export interface TreeNodeData {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id ("sync~spin") and an optional theme colour id ("testing.iconFailed"). */
  icon?: { id: string; color?: string };
  /** Matched by `viewItem` in package.json menus. */
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments?: unknown[] };
  /** Clicking the item opens this file in an editor. */
  openPath?: string;
  /** A file or folder the item stands for (enables "reveal" and file decorations). */
  resourcePath?: string;
}

export interface TreeModel<E> {
  roots(): E[];
  children(element: E): E[] | Promise<E[]>;
  node(element: E): TreeNodeData;
  /** For TreeView.reveal: the parent of an element (undefined for roots). */
  parent?(element: E): E | undefined;
}

/** A leaf row "Key: value". */
export function detailNode(parentId: string, key: string, value: string, tooltip?: string): TreeNodeData {
  return { id: `${parentId}/${key}`, label: `${key}: ${value}`, collapsible: 'none', ...(tooltip !== undefined ? { tooltip } : {}) };
}

/** 1234567 → "1.23M", 5200 → "5.2k", 48 → "48". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, suffix] of units) if (abs >= scale) return `${Number((n / scale).toPrecision(3))}${suffix}`;
  return String(Math.round(n));
}

/** Dice to 3 decimals. */
export function formatDice(d: number): string {
  return d.toFixed(3);
}

/** Loss to 4 significant digits (losses span orders of magnitude). */
export function formatLoss(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
