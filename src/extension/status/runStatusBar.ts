// The status bar item of the active run: step, loss, ETA; a click reveals the run in the Runs view.
import * as vscode from 'vscode';
import type { RunRegistry } from '../runs/runRegistry';
import { activeRun, activeRunText } from './activeRunStatus';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('medkd.activeRun', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly registry: RunRegistry) {
    this.item.name = 'MedKD Run';
  }

  update(): void {
    const run = activeRun(this.registry.runs());
    if (!run) {
      this.item.hide();
      return;
    }
    const { text, tooltip } = activeRunText(run);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = { command: 'medkd.revealRun', title: 'Reveal Run', arguments: [run.id] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
