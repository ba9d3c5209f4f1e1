// Opens .nii / .nii.gz files in the slice viewer when the user opens them in the editor.

import * as vscode from 'vscode';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { SliceViewerPanel } from './sliceViewerPanel';

export class NiftiEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static register(ctx: PanelContext): vscode.Disposable {
    const d = vscode.window.registerCustomEditorProvider(VIEW_TYPES.niftiEditor, new NiftiEditorProvider(ctx), {
      webviewOptions: { enableFindWidget: false },
      supportsMultipleEditorsPerDocument: true,
    });
    ctx.subscriptions.push(d);
    return d;
  }

  private constructor(private readonly ctx: PanelContext) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    SliceViewerPanel.attach(this.ctx, panel, { image: document.uri });
  }
}
