import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { medkdExtension, waitFor, workspaceRoot } from './medkd';

describe('activation', () => {
  it('opens the fixture workspace with its *.medkd.json config', async () => {
    const configs = await vscode.workspace.findFiles('**/*.medkd.json');
    assert.ok(configs.length > 0, `no *.medkd.json in ${workspaceRoot().fsPath}`);
  });

  it('activates on its own in a workspace holding a MedKD config', async () => {
    // Activation events decide this, not the test: never call activate() here.
    await waitFor('the extension to activate', () => (medkdExtension().isActive ? true : undefined), 30_000);
  });

  it('activates without error', async () => {
    await medkdExtension().activate();
    assert.equal(medkdExtension().isActive, true);
  });
});
