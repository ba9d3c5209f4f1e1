// Inline "Dice 0.87" after each label name in a config's data.labelNames, from the config's latest run, kept
// live as validation metrics arrive.
import * as vscode from 'vscode';
import { SETTINGS } from '../contributes';
import type { RunRegistry } from '../runs/runRegistry';
import { findLabelNames, readConfigInfo } from './configDocument';
import { labelDice } from './labelDice';
import { runsForConfig } from './runsForConfig';

export class LabelDiceHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly registry: RunRegistry) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(SETTINGS.showDiceInline, true)) return [];
    const text = doc.getText();
    const run = runsForConfig(doc.uri.fsPath, readConfigInfo(text).name, this.registry.runs())[0];
    if (!run) return [];
    const dice = labelDice(run);
    const hints: vscode.InlayHint[] = [];
    for (const label of findLabelNames(text)) {
      const d = dice[label.id];
      const pos = doc.positionAt(label.end);
      if (!d || !range.contains(pos)) continue;
      const hint = new vscode.InlayHint(pos, `Dice ${d.dice.toFixed(3)}`, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = `Latest validation Dice of ${label.name}${d.network ? ` (${d.network})` : ''} in ${run.id}, step ${run.step}`;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
