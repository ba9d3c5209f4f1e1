// The live hyperparameter panel of one run: shows its tweakables, sends changes to the engine, shows when each took effect.

import * as vscode from 'vscode';
import type { HyperparamHostMessage, HyperparamWebviewMessage } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { renderWebview, webviewOptions } from './panelWebview';
import { WebviewChannel } from './webviewChannel';

export class HyperparamPanel {
  private static readonly open = new Map<string, HyperparamPanel>();
  private readonly channel: WebviewChannel<HyperparamHostMessage, HyperparamWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: PanelContext, runId: string): HyperparamPanel {
    const existing = HyperparamPanel.open.get(runId);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.hyperparams, `Hyperparameters: ${runId}`, vscode.ViewColumn.Beside, webviewOptions(ctx.extensionUri));
    return HyperparamPanel.restore(ctx, panel, runId);
  }

  static restore(ctx: PanelContext, panel: vscode.WebviewPanel, runId: string): HyperparamPanel {
    HyperparamPanel.open.get(runId)?.dispose();
    const p = new HyperparamPanel(ctx, panel, runId);
    HyperparamPanel.open.set(runId, p);
    return p;
  }

  private constructor(
    private readonly ctx: PanelContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly runId: string,
  ) {
    panel.webview.options = webviewOptions(ctx.extensionUri);
    this.channel = new WebviewChannel(panel.webview, {
      onReady: () => void this.sendInit(),
      onMessage: () => undefined,
      log: (m) => ctx.log(m),
    });
    renderWebview(panel.webview, ctx.extensionUri, 'hyperparams', `Hyperparameters: ${runId}`);
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
  }

  private async sendInit(): Promise<void> {
    const params = await this.ctx.engine.getTweakables(this.runId).catch(() => []);
    this.channel.post({ type: 'init', runId: this.runId, params, history: [] });
  }

  dispose(): void {
    if (HyperparamPanel.open.get(this.runId) === this) HyperparamPanel.open.delete(this.runId);
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
