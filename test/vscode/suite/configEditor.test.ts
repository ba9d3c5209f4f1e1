import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isPipelineFixture, medkdExtension, waitFor, workspaceRoot } from './medkd';

describe('the experiment config in the editor', () => {
  before(async function () {
    await medkdExtension().activate();
    if (isPipelineFixture()) this.skip();
  });

  it('shows MedKD CodeLens on tiny.medkd.json', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'tiny.medkd.json');
    await vscode.window.showTextDocument(uri);
    const lenses = await waitFor('CodeLens on the config', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri, 50);
      return found && found.some((l) => l.command?.command.startsWith('medkd.')) ? found : undefined;
    });
    assert.ok(lenses.length > 0);
  });

  it('reports no problems on the valid fixture config', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'tiny.medkd.json');
    // Give the validator a moment; an error here means the fixture or the validator drifted.
    await new Promise((r) => setTimeout(r, 2_000));
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });
});
