// The live curves panel: one per window, showing any number of runs. The run folders are the source of truth:
// each run's metrics and events files are followed from the last byte read, and engine notifications only
// prompt an earlier read.

import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CurvesHostMessage, CurvesRunInfo, CurvesWebviewMessage } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { renderWebview, webviewOptions } from './panelWebview';
import { readRunInfo } from './readRunInfo';
import type { RunFollowerUpdate } from './runFollower';
import { RunFollower } from './runFollower';
import { WebviewChannel } from './webviewChannel';

/** Records per message: big runs reach the webview in pieces it can draw between. */
const CHUNK = 20_000;

interface FollowedRun {
  info: CurvesRunInfo;
  follower: RunFollower;
}

export class CurvesPanel {
  private static current: CurvesPanel | undefined;
  private readonly runs = new Map<string, FollowedRun>();
  private readonly channel: WebviewChannel<CurvesHostMessage, CurvesWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** Reveals the curves panel (creating it if needed) and adds these runs to it. */
  static show(ctx: PanelContext, runDirs: string[]): CurvesPanel {
    const open = CurvesPanel.current;
    if (open) {
      open.addRuns(runDirs);
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.curves, 'MedKD Curves', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return CurvesPanel.restore(ctx, panel, runDirs);
  }

  /** Adopts a panel VS Code restored after a reload (runDirs come from the webview's saved state). */
  static restore(ctx: PanelContext, panel: vscode.WebviewPanel, runDirs: string[]): CurvesPanel {
    CurvesPanel.current?.dispose();
    const p = new CurvesPanel(ctx, panel);
    CurvesPanel.current = p;
    p.addRuns(runDirs);
    return p;
  }

  private constructor(
    private readonly ctx: PanelContext,
    private readonly panel: vscode.WebviewPanel,
  ) {
    panel.webview.options = webviewOptions(ctx.extensionUri);
    this.channel = new WebviewChannel(panel.webview, {
      onReady: () => this.sendAll(),
      onMessage: (m) => void this.onMessage(m),
      log: (m) => ctx.log(`curves: ${m}`),
    });
    renderWebview(panel.webview, ctx.extensionUri, 'curves', 'MedKD Curves');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down; it says `ready` again when shown and then gets everything anew.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.channel.reset();
      }),
      ctx.onRunMetrics((e) => this.byRunId(e.runId)?.follower.poke()),
      ctx.onRunEvent((e) => this.byRunId(e.runId)?.follower.poke()),
    );
  }

  addRuns(runDirs: string[]): void {
    const added: CurvesRunInfo[] = [];
    for (const dir of runDirs) {
      if (this.runs.has(dir)) continue;
      const info = readRunInfo(dir);
      const follower = new RunFollower(dir, (u) => this.forward(info.runId, u), { onProblem: (m) => this.ctx.log(`curves: ${m}`) });
      this.runs.set(dir, { info, follower });
      added.push(info);
    }
    if (added.length === 0 || !this.channel.isReady) return;
    this.channel.post({ type: 'runs', runs: added });
    for (const info of added) this.runs.get(info.runDir)?.follower.restart();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (CurvesPanel.current === this) CurvesPanel.current = undefined;
    for (const r of this.runs.values()) r.follower.dispose();
    this.runs.clear();
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private byRunId(runId: string): FollowedRun | undefined {
    for (const r of this.runs.values()) if (r.info.runId === runId) return r;
    return undefined;
  }

  /** The webview (re)loaded: tell it the runs, then stream each run's files from their start. */
  private sendAll(): void {
    this.channel.post({ type: 'runs', runs: [...this.runs.values()].map((r) => (r.info = readRunInfo(r.info.runDir))) });
    for (const r of this.runs.values()) r.follower.restart();
  }

  private forward(runId: string, u: RunFollowerUpdate): void {
    if (!this.channel.isReady) return;
    for (let i = 0; i === 0 || i < u.metrics.length; i += CHUNK) {
      this.channel.post({ type: 'append', runId, metrics: u.metrics.slice(i, i + CHUNK), events: i === 0 ? u.events : [], reset: i === 0 && u.reset });
    }
  }

  private async onMessage(m: Exclude<CurvesWebviewMessage, { type: 'ready' | 'log' }>): Promise<void> {
    switch (m.type) {
      case 'export': {
        const isCsv = m.format === 'csv';
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, m.fileName) : undefined,
          filters: isCsv ? { CSV: ['csv'] } : { PNG: ['png'] },
          saveLabel: `Export ${m.format.toUpperCase()}`,
        });
        if (!target) return;
        const bytes = m.format === 'csv' ? Buffer.from(m.text, 'utf8') : Buffer.from(m.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
        try {
          await writeFile(target.fsPath, bytes);
          this.channel.post({ type: 'exported', format: m.format, path: target.fsPath });
        } catch (err) {
          void vscode.window.showErrorMessage(`MedKD: could not save ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
        }
        break;
      }
      default: {
        const unknown: never = m.type;
        this.ctx.log(`curves: unknown webview message ${JSON.stringify(unknown)}`);
      }
    }
  }
}
