// Semantic problems in *.medkd.json files, from the engine's validateConfig (the same checks a run makes when it
// starts), placed on the field they name. The engine reads the file from disk, so only saved versions are checked.
import * as vscode from 'vscode';
import type { EngineHost } from '../engine/engineHost';
import { locateJsonPath } from './locateJsonPath';

export function isConfigDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && doc.uri.path.endsWith('.medkd.json');
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('medkd');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  /** Per file: the newest check, so a slow earlier answer cannot overwrite a newer one. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly engine: EngineHost) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => void this.validate(d)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.validate(d)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.collection.delete(f))),
    );
    for (const d of vscode.workspace.textDocuments) void this.validate(d);
  }

  async validate(doc: vscode.TextDocument): Promise<void> {
    if (!isConfigDocument(doc) || doc.isDirty) return;
    const key = doc.uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    let diagnostics;
    try {
      diagnostics = (await this.engine.request('validateConfig', { configPath: doc.uri.fsPath })).diagnostics;
    } catch (err) {
      // Validation is a background nicety: an engine that cannot start is reported by the engine host.
      this.engine.output.debug(`validateConfig ${doc.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (this.generation.get(key) !== gen) return;
    const text = doc.getText();
    this.collection.set(
      doc.uri,
      diagnostics.map((d) => {
        const r = locateJsonPath(text, d.field);
        const range = new vscode.Range(doc.positionAt(r.offset), doc.positionAt(r.offset + r.length));
        const diag = new vscode.Diagnostic(range, d.field ? `${d.field}: ${d.message}` : d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diag.source = 'MedKD';
        return diag;
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
