// The live curves panel: one per window, showing any number of runs; reads each run's metrics/events files.

import * as vscode from 'vscode';
import type { CurvesHostMessage, CurvesWebviewMessage } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { renderWebview, webviewOptions } from './panelWebview';
import { WebviewChannel } from './webviewChannel';

export class CurvesPanel {
  private static current: CurvesPanel | undefined;
  private readonly runDirs: string[] = [];
  private readonly channel: WebviewChannel<CurvesHostMessage, CurvesWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];

  /** Reveals the curves panel (creating it if needed) and adds these runs to it. */
  static show(ctx: PanelContext, runDirs: string[]): CurvesPanel {
    if (CurvesPanel.current) {
      CurvesPanel.current.addRuns(runDirs);
      CurvesPanel.current.panel.reveal();
      return CurvesPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.curves, 'MedKD Curves', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return CurvesPanel.restore(ctx, panel, runDirs);
  }

  /** Adopts a panel VS Code restored after a reload. */
  static restore(ctx: PanelContext, panel: vscode.WebviewPanel, runDirs: string[]): CurvesPanel {
    CurvesPanel.current?.dispose();
    CurvesPanel.current = new CurvesPanel(ctx, panel, runDirs);
    return CurvesPanel.current;
  }

  private constructor(
    private readonly ctx: PanelContext,
    private readonly panel: vscode.WebviewPanel,
    runDirs: string[],
  ) {
    panel.webview.options = webviewOptions(ctx.extensionUri);
    this.channel = new WebviewChannel(panel.webview, {
      onReady: () => this.channel.post({ type: 'runs', runs: [] }),
      onMessage: () => undefined,
      log: (m) => ctx.log(m),
    });
    renderWebview(panel.webview, ctx.extensionUri, 'curves', 'MedKD Curves');
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    this.addRuns(runDirs);
  }

  addRuns(runDirs: string[]): void {
    for (const d of runDirs) if (!this.runDirs.includes(d)) this.runDirs.push(d);
  }

  dispose(): void {
    if (CurvesPanel.current === this) CurvesPanel.current = undefined;
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
