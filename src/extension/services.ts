// What the commands and editor features share: built once in activate() and passed to each of them.
import type * as vscode from 'vscode';
import type { DatasetEntry } from './datasets/datasetIndex';
import type { EngineHost } from './engine/engineHost';
import type { PanelContext } from './panels/panelContext';
import type { RunRegistry } from './runs/runRegistry';
import type { RunElement } from './views/runTreeModel';

export interface Services {
  context: vscode.ExtensionContext;
  engine: EngineHost;
  registry: RunRegistry;
  panels: PanelContext;
  runsView: vscode.TreeView<RunElement>;
  datasets(): readonly DatasetEntry[];
  /** Re-reads the store and the workspace's datasets and redraws every view. */
  refreshAll(): Promise<void>;
  /** Remembers which config a run came from (for runs whose store does not say). */
  rememberRunConfig(runId: string, configPath: string): void;
  /** The last saved text of a config, for telling what a save changed. */
  configSnapshots: Map<string, string>;
}
