import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { writeTinyNifti } from '../../e2e/tinyNifti';
import { contributes, isContributed, medkdExtension, tabsOfViewType, waitFor, workspaceRoot } from './medkd';

describe('NIfTI volumes', () => {
  let volume: vscode.Uri;

  before(async () => {
    await medkdExtension().activate();
    volume = vscode.Uri.joinPath(workspaceRoot(), 'phantom.nii.gz');
    if (!existsSync(volume.fsPath)) writeTinyNifti(volume.fsPath);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .nii.gz in the MedKD custom editor', async function () {
    const editor = (contributes().customEditors ?? []).find((e) => e.selector.some((s) => s.filenamePattern.endsWith('.nii.gz')));
    if (!editor) this.skip();
    else {
      await vscode.commands.executeCommand('vscode.open', volume);
      await waitFor(`a ${editor.viewType} tab`, () => (tabsOfViewType(editor.viewType).length > 0 ? true : undefined), 15_000);
    }
  });

  it('Open Slice Viewer opens the slice viewer panel on a volume', async function () {
    if (!isContributed('medkd.openSliceViewer')) this.skip();
    await vscode.commands.executeCommand('medkd.openSliceViewer', volume);
    await waitFor('a medkd.sliceViewer tab', () => (tabsOfViewType('medkd.sliceViewer').length > 0 ? true : undefined), 15_000);
  });
});
