// The extension ⇄ webview contract: one message union per panel and direction, types only.
// The webview speaks first (`ready`); the host sends data only after it. Both sides dispatch with an exhaustive switch.

import type { MetricRecord, RunEvent, RunStatus, TweakableParam } from '../engine/protocol';

/** Bump when a message shape changes; the webview logs a mismatch instead of misreading data. */
export const WEBVIEW_PROTOCOL_VERSION = 1;

export const VIEW_TYPES = {
  curves: 'medkd.curves',
  sliceViewer: 'medkd.sliceViewer',
  hyperparams: 'medkd.hyperparams',
  niftiEditor: 'medkd.niftiViewer',
} as const;

/** Messages every webview may send. */
export type CommonWebviewMessage =
  | { type: 'ready'; version: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Curves

export type TweakEvent = Extract<RunEvent, { type: 'tweak' }>;

/** A run as the curves panel knows it. `runDir` lets a restored panel find the run again. */
export interface CurvesRunInfo {
  runId: string;
  runDir: string;
  name: string;
  status?: RunStatus;
  /** Label id → name (from report.json or the config), so "val/dice/1" reads "val/dice/1 (liver)". */
  labels?: Record<string, string>;
}

export type CurvesHostMessage =
  /** Sent once after `ready`: the runs shown (records follow in `append` chunks). */
  | { type: 'runs'; runs: CurvesRunInfo[] }
  /** New whole lines from metrics.jsonl/events.jsonl of one run, in file order; `reset`: drop what you have first. */
  | { type: 'append'; runId: string; metrics: MetricRecord[]; events: RunEvent[]; reset?: boolean }
  | { type: 'removeRun'; runId: string }
  | { type: 'exported'; format: 'csv' | 'png'; path: string };

export type CurvesWebviewMessage =
  | CommonWebviewMessage
  | { type: 'export'; format: 'csv'; fileName: string; text: string }
  /** PNG as a data: URL of the chart canvas. */
  | { type: 'export'; format: 'png'; fileName: string; dataUrl: string };

/** What the curves webview keeps in getState/setState; the serializer reads `runDirs` to restore. */
export interface CurvesViewState {
  runDirs: string[];
  /** EMA weight in [0, 0.99]. */
  smoothing: number;
  xAxis: 'step' | 'time';
  /** Chart group id → logarithmic y. */
  logY: Record<string, boolean>;
  /** runId → hidden (toggled in the runs legend). */
  hiddenRuns: Record<string, boolean>;
  /** Series name → hidden (toggled in a chart's legend). */
  hiddenSeries: Record<string, boolean>;
  /** The x range all charts are zoomed to; absent when showing everything. */
  xRange?: { min: number; max: number };
}

// ---------------------------------------------------------------------------------------------
// Slice viewer

export type OverlayKind = 'groundTruth' | 'teacher' | 'student' | 'prediction';

/** A volume the webview fetches as an ArrayBuffer: `src` is an asWebviewUri, `uri` the original for restoring. */
export interface VolumeSource {
  name: string;
  src: string;
  uri: string;
}

export interface SliceViewLoad {
  title: string;
  image: VolumeSource;
  overlays: (VolumeSource & { label: string; kind: OverlayKind })[];
  /** Label id → name (for the legend and hover). */
  labelNames: Record<string, string>;
}

export type SliceViewerHostMessage = { type: 'load'; load: SliceViewLoad } | { type: 'error'; message: string };

export type SliceViewerWebviewMessage = CommonWebviewMessage;

export interface SliceViewerViewState {
  load?: SliceViewLoad;
  layout: 'three' | 'axial' | 'coronal' | 'sagittal';
  compare: boolean;
  cursor?: [number, number, number];
  window?: { width: number; level: number };
  opacity: number;
  outline: boolean;
  hiddenLabels: number[];
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters

export type HyperparamHostMessage =
  | { type: 'init'; runId: string; params: TweakableParam[]; history: TweakEvent[]; status?: RunStatus; step?: number }
  /** A tweak took effect (from this panel, a command, a config save or the CLI). */
  | { type: 'tweakApplied'; event: TweakEvent }
  | { type: 'tweakResult'; requestId: number; applied: Record<string, { old: number; value: number }>; atStep: number }
  | { type: 'tweakError'; requestId: number; message: string }
  | { type: 'status'; status: RunStatus; step: number };

export type HyperparamWebviewMessage =
  | CommonWebviewMessage
  | { type: 'tweak'; requestId: number; changes: Record<string, number> }
  | { type: 'refresh' };

export interface HyperparamViewState {
  runId: string;
}
