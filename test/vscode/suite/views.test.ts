import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CORE_VIEWS, VIEW_CONTAINER, contributes, medkdExtension } from './medkd';

describe('views', () => {
  before(async () => {
    await medkdExtension().activate();
  });

  it('contributes the MedKD activity bar container', () => {
    const containers = contributes().viewsContainers?.activitybar ?? [];
    assert.ok(containers.some((c) => c.id === VIEW_CONTAINER), `no activity bar container "${VIEW_CONTAINER}"`);
  });

  it('contributes the Datasets, Teachers, Students and Runs views to it', () => {
    const views = (contributes().views?.[VIEW_CONTAINER] ?? []).map((v) => v.id);
    assert.deepEqual(CORE_VIEWS.filter((id) => !views.includes(id)), []);
  });

  it('opens the container and focuses each view', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER}`);
    // VS Code registers `<view id>.focus` for each view it actually created from the contribution.
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of CORE_VIEWS) {
      assert.ok(registered.has(`${id}.focus`), `view ${id} was not created`);
      await vscode.commands.executeCommand(`${id}.focus`);
    }
  });
});
