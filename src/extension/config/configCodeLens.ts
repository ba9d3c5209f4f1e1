// CodeLens above a *.medkd.json: "Start run"; once the config has runs, its live status, "Open curves" and
// "Preview predictions" (the slice viewer beside the config).
import * as vscode from 'vscode';
import type { RunRegistry } from '../runs/runRegistry';
import { runDescription } from '../views/runTreeModel';
import { readConfigInfo } from './configDocument';
import { runsForConfig } from './runsForConfig';

export class ConfigCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly registry: RunRegistry) {}

  /** Called (debounced) when runs change. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string, args: unknown[], tooltip?: string) =>
      new vscode.CodeLens(top, { title, command, arguments: args, ...(tooltip !== undefined ? { tooltip } : {}) });
    const trusted = vscode.workspace.isTrusted;
    const lenses = [lens(trusted ? '$(play) Start run' : '$(lock) Start run (needs a trusted workspace)', 'medkd.startRun', [doc.uri], 'Train this experiment in the MedKD engine')];
    const runs = runsForConfig(doc.uri.fsPath, readConfigInfo(doc.getText()).name, this.registry.runs());
    const latest = runs[0];
    if (!latest) return lenses;
    if (latest.live) {
      lenses.push(lens(`${latest.status === 'running' ? '$(sync~spin)' : '$(debug-pause)'} ${runDescription(latest)}`, 'medkd.revealRun', [latest.id], latest.id));
      lenses.push(lens('$(debug-stop) Stop', 'medkd.stopRun', [latest.id]));
    }
    lenses.push(lens('$(graph-line) Open curves', 'medkd.openCurves', [latest.id], `Loss and Dice curves of ${latest.id}`));
    lenses.push(lens('$(eye) Preview predictions', 'medkd.openPredictions', [latest.id, { beside: true }], `Predictions of ${latest.id} in the slice viewer`));
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
