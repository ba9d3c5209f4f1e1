// CodeLens above a *.medkd.json: "Start run"; once the config has runs, its live status, "Open curves" and
// "Preview predictions" (the slice viewer beside the config).
import * as vscode from 'vscode';
import type { RunRegistry } from '../runs/runRegistry';
import { runDescription } from '../views/runTreeModel';
import { lensRedrawDelay, lensShape } from './codeLensPacing';
import type { LensPacing } from './codeLensPacing';
import { readConfigInfo } from './configDocument';
import { runsForConfig } from './runsForConfig';

export class ConfigCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  private last: LensPacing | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly registry: RunRegistry,
    private readonly minIntervalMs = 3_000,
  ) {}

  /** Called (debounced) when runs change; see codeLensPacing for why step updates are spaced out. `now` skips the pacing. */
  refresh(now = false): void {
    const delay = now ? 0 : lensRedrawDelay(this.last, lensShape(this.registry.runs()), Date.now(), this.minIntervalMs);
    if (delay === 0) this.fire();
    else this.timer ??= setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.last = { shape: lensShape(this.registry.runs()), firedAt: Date.now() };
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
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
