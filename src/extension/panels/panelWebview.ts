// Options and HTML for a MedKD webview panel: resources limited to the built bundles and media/.

import * as vscode from 'vscode';
import { makeNonce, webviewHtml } from './webviewHtml';

export type WebviewEntry = 'curves' | 'sliceViewer' | 'hyperparams';

export function webviewOptions(extensionUri: vscode.Uri, extraRoots: vscode.Uri[] = []): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...extraRoots],
  };
}

export function renderWebview(webview: vscode.Webview, extensionUri: vscode.Uri, entry: WebviewEntry, title: string): void {
  const res = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    title,
    scriptUri: res('dist', 'webview', `${entry}.js`),
    styleUris: [res('media', 'webview', 'common.css'), res('media', 'webview', `${entry}.css`)],
  });
}
