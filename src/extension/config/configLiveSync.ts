// Saving a config whose run is live: changed live-tweakable `hyper` values are pushed to the engine (source
// 'config'), and the user is told plainly which other changes only a new run will pick up.
import * as vscode from 'vscode';
import type { EngineHost } from '../engine/engineHost';
import type { RunRegistry } from '../runs/runRegistry';
import { isConfigDocument } from './configDiagnostics';
import { readConfigInfo } from './configDocument';
import { diffConfigForLiveRun } from './diffConfigForLiveRun';
import { runsForConfig } from './runsForConfig';

export class ConfigLiveSync implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly engine: EngineHost,
    private readonly registry: RunRegistry,
    /** Config path → text as last saved (shared with Start Run, which records the version a run started from). */
    private readonly snapshots: Map<string, string>,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.remember(d)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.saved(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.remember(d);
  }

  private remember(doc: vscode.TextDocument): void {
    if (isConfigDocument(doc) && !doc.isDirty && !this.snapshots.has(doc.uri.fsPath)) this.snapshots.set(doc.uri.fsPath, doc.getText());
  }

  private async saved(doc: vscode.TextDocument): Promise<void> {
    if (!isConfigDocument(doc)) return;
    const path = doc.uri.fsPath;
    const before = this.snapshots.get(path);
    const after = doc.getText();
    this.snapshots.set(path, after);
    if (before === undefined || before === after) return;
    const live = runsForConfig(path, readConfigInfo(after).name ?? readConfigInfo(before).name, this.registry.runs()).filter((r) => r.live);
    for (const run of live) {
      try {
        const { params } = await this.engine.request('getTweakables', { runId: run.id });
        const diff = diffConfigForLiveRun(before, after, params.map((p) => p.name));
        if (diff.error !== undefined) {
          void vscode.window.showWarningMessage(`MedKD: ${doc.uri.path.split('/').pop()} is ${diff.error}; nothing was sent to run ${run.id}.`);
          continue;
        }
        const parts: string[] = [];
        if (Object.keys(diff.tweaks).length > 0) {
          const result = await this.engine.request('tweak', { runId: run.id, changes: diff.tweaks, source: 'config' });
          const applied = Object.entries(result.applied).map(([k, v]) => `${k} ${v.old} → ${v.value}`);
          if (applied.length > 0) parts.push(`Applied to ${run.id} from step ${result.atStep}: ${applied.join(', ')}.`);
        }
        if (diff.restartFields.length > 0) parts.push(`Needs a new run to take effect (${run.id} keeps its settings): ${diff.restartFields.join(', ')}.`);
        if (parts.length === 0) continue;
        const message = `MedKD: ${parts.join(' ')}`;
        if (diff.restartFields.length > 0) {
          void vscode.window.showWarningMessage(message, 'Start New Run').then((a) => a && vscode.commands.executeCommand('medkd.startRun', doc.uri));
        } else {
          void vscode.window.showInformationMessage(message);
        }
      } catch (err) {
        void vscode.window.showErrorMessage(`MedKD: could not update run ${run.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
