// Quick picks shared by the commands: a run, several runs, a config file.
import * as vscode from 'vscode';
import type { RunSummary } from '../runs/runState';
import { findConfigFiles } from '../datasets/workspaceDatasets';
import { runDescription } from '../views/runTreeModel';
import type { CheckpointEntry } from '../views/checkpointTreeModel';

interface RunItem extends vscode.QuickPickItem {
  run: RunSummary;
}

function runItems(runs: readonly RunSummary[]): RunItem[] {
  return runs.map((run) => ({ label: run.id, description: runDescription(run), detail: run.method, run }));
}

export async function pickRun(runs: readonly RunSummary[], placeHolder: string, emptyMessage: string): Promise<RunSummary | undefined> {
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`MedKD: ${emptyMessage}`);
    return undefined;
  }
  if (runs.length === 1) return runs[0];
  return (await vscode.window.showQuickPick(runItems(runs), { placeHolder }))?.run;
}

export async function pickRuns(runs: readonly RunSummary[], placeHolder: string, preselected: readonly string[] = []): Promise<RunSummary[]> {
  const items = runItems(runs).map((i) => ({ ...i, picked: preselected.includes(i.run.id) }));
  return ((await vscode.window.showQuickPick(items, { placeHolder, canPickMany: true })) ?? []).map((i) => i.run);
}

/** The config a command acts on: the argument, the active editor, or the user's pick. */
export async function pickConfig(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith('.medkd.json')) return active;
  const files = await findConfigFiles();
  if (files.length === 0) {
    const choice = await vscode.window.showInformationMessage('MedKD: no *.medkd.json experiment config in this workspace.', 'New Experiment Config', 'Run Demo');
    if (choice === 'New Experiment Config') void vscode.commands.executeCommand('medkd.newConfig');
    if (choice === 'Run Demo') void vscode.commands.executeCommand('medkd.runDemo');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Experiment config to run' },
  );
  return picked?.uri;
}

/** A checkpoint folder: one of `entries` (best first, with role and Dice) or one the user browses to. */
export async function pickCheckpoint(entries: readonly CheckpointEntry[], placeHolder: string, browseTitle: string): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { path?: string })[] = entries.map((e) => ({
    label: `${e.network} · ${e.runId}`,
    description: `${e.role}${e.valDice !== undefined ? ` · Dice ${e.valDice.toFixed(3)}` : ''}`,
    path: e.checkpoint,
  }));
  items.push({ label: '$(folder-opened) Browse for a checkpoint folder…' });
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  if (!picked) return undefined;
  return picked.path ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: true, title: browseTitle }))?.[0]?.fsPath;
}
