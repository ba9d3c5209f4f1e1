// What the panels need from the rest of the extension, and restoring panels after a window reload.
// The extension owns the engine and the run store; panels only read run folders and ask the engine to tweak.

import * as vscode from 'vscode';
import type { MetricRecord, RunEvent, TweakableParam } from '../../engine/protocol';
import type { CurvesViewState, HyperparamViewState, SliceViewerViewState } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import { CurvesPanel } from './curvesPanel';
import { HyperparamPanel } from './hyperparamPanel';
import { SliceViewerPanel } from './sliceViewerPanel';

export interface PanelContext {
  extensionUri: vscode.Uri;
  /** Disposed when the extension deactivates; panels register their serializers and editors here. */
  subscriptions: vscode.Disposable[];
  log(msg: string): void;
  engine: {
    tweak(runId: string, changes: Record<string, number>, source: 'panel'): Promise<{ applied: Record<string, { old: number; value: number }>; atStep: number }>;
    getTweakables(runId: string): Promise<TweakableParam[]>;
  };
  /** Absolute folder of a run (.medkd/runs/<id>). */
  runDir(runId: string): string;
  onRunMetrics: vscode.Event<{ runId: string; record: MetricRecord }>;
  onRunEvent: vscode.Event<{ runId: string; event: RunEvent }>;
}

/** Call once during activation: VS Code asks these serializers to rebuild panels that were open before a reload. */
export function registerPanelSerializers(ctx: PanelContext): vscode.Disposable {
  const serializers: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.curves, {
      async deserializeWebviewPanel(panel, state) {
        const s = state as Partial<CurvesViewState> | undefined;
        CurvesPanel.restore(ctx, panel, Array.isArray(s?.runDirs) ? s.runDirs.filter((d): d is string => typeof d === 'string') : []);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.sliceViewer, {
      async deserializeWebviewPanel(panel, state) {
        SliceViewerPanel.restore(ctx, panel, (state as Partial<SliceViewerViewState> | undefined)?.load);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.hyperparams, {
      async deserializeWebviewPanel(panel, state) {
        const runId = (state as Partial<HyperparamViewState> | undefined)?.runId;
        if (typeof runId === 'string') HyperparamPanel.restore(ctx, panel, runId);
        else panel.dispose();
      },
    }),
  ];
  const all = vscode.Disposable.from(...serializers);
  ctx.subscriptions.push(all);
  return all;
}
