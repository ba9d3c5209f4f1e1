// The live hyperparameter panel of one run: shows its tweakables, sends edits to the engine, and shows every
// change that took effect, whoever made it, from the run's events file (the record the engine keeps).

import * as vscode from 'vscode';
import type { RunEvent, RunStatus } from '../../engine/protocol';
import type { HyperparamHostMessage, HyperparamWebviewMessage, TweakEvent } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { renderWebview, webviewOptions } from './panelWebview';
import { RunFollower } from './runFollower';
import { WebviewChannel } from './webviewChannel';

/** Step updates from a fast run are sent at most this often (ms). */
const STEP_THROTTLE_MS = 500;

export class HyperparamPanel {
  private static readonly open = new Map<string, HyperparamPanel>();
  private readonly channel: WebviewChannel<HyperparamHostMessage, HyperparamWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly follower: RunFollower;
  private history: TweakEvent[] = [];
  private status: RunStatus | undefined;
  private step: number | undefined;
  private stepTimer: NodeJS.Timeout | undefined;
  /** Events read before the webview got its `init` are part of the history it is sent. */
  private initialising = false;
  private disposed = false;

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
    panel.title = `Hyperparameters: ${runId}`;
    this.follower = new RunFollower(ctx.runDir(runId), (u) => this.onEvents(u.events, u.reset), { files: ['events'], onProblem: (m) => ctx.log(`hyperparams: ${m}`) });
    this.channel = new WebviewChannel(panel.webview, {
      onReady: () => void this.sendInit(),
      onMessage: (m) => void this.onMessage(m),
      log: (m) => ctx.log(`hyperparams: ${m}`),
    });
    renderWebview(panel.webview, ctx.extensionUri, 'hyperparams', `Hyperparameters: ${runId}`);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.channel.reset();
      }),
      ctx.onRunEvent((e) => {
        if (e.runId === this.runId) this.follower.poke();
      }),
      ctx.onRunMetrics((e) => {
        if (e.runId !== this.runId) return;
        this.step = e.record.step;
        this.stepTimer ??= setTimeout(() => {
          this.stepTimer = undefined;
          if (this.status && this.step !== undefined) this.channel.post({ type: 'status', status: this.status, step: this.step });
        }, STEP_THROTTLE_MS);
      }),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (HyperparamPanel.open.get(this.runId) === this) HyperparamPanel.open.delete(this.runId);
    if (this.stepTimer) clearTimeout(this.stepTimer);
    this.follower.dispose();
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private async sendInit(): Promise<void> {
    // Re-read the whole events file: the history, the status and the last step are all in it.
    this.initialising = true;
    this.history = [];
    this.follower.restart();
    this.initialising = false;
    let params: Awaited<ReturnType<PanelContext['engine']['getTweakables']>> = [];
    try {
      params = await this.ctx.engine.getTweakables(this.runId);
    } catch (err) {
      this.ctx.log(`hyperparams: getTweakables(${this.runId}) failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.disposed) return;
    this.channel.post({ type: 'init', runId: this.runId, params, history: this.history, ...(this.status ? { status: this.status } : {}), ...(this.step !== undefined ? { step: this.step } : {}) });
  }

  private onEvents(events: RunEvent[], reset: boolean): void {
    if (reset) this.history = [];
    for (const e of events) {
      if (e.step !== undefined && (this.step === undefined || e.step > this.step)) this.step = e.step;
      if (e.type === 'status') {
        this.status = e.status;
        if (!this.initialising) this.channel.post({ type: 'status', status: e.status, step: e.step });
      } else if (e.type === 'tweak') {
        this.history.push(e);
        if (!this.initialising) this.channel.post({ type: 'tweakApplied', event: e });
      }
    }
  }

  private async onMessage(m: Exclude<HyperparamWebviewMessage, { type: 'ready' | 'log' }>): Promise<void> {
    switch (m.type) {
      case 'tweak':
        try {
          const r = await this.ctx.engine.tweak(this.runId, m.changes, 'panel');
          this.channel.post({ type: 'tweakResult', requestId: m.requestId, applied: r.applied, atStep: r.atStep });
          // The engine has appended the tweak events by now: show them without waiting for the watcher.
          this.follower.readNow();
        } catch (err) {
          this.channel.post({ type: 'tweakError', requestId: m.requestId, message: err instanceof Error ? err.message : String(err) });
        }
        break;
      case 'refresh':
        await this.sendInit();
        break;
      default: {
        const unknown: never = m;
        this.ctx.log(`hyperparams: unknown webview message ${JSON.stringify(unknown)}`);
      }
    }
  }
}
