// The extension ⇄ engine contract and the run-store record shapes: types and constants only, no code with effects.
// The engine owns this file; the extension and the webviews import nothing else from src/engine.

export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Run store (.medkd/runs/<id>/): what the extension, the webviews and the CLI read.

export const RUN_STORE_DIR = '.medkd/runs';
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  events: 'events.jsonl',
  report: 'report.json',
  checkpoints: 'checkpoints',
  predictions: 'predictions',
} as const;

export type RunStatus = 'queued' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed';

/** One line of metrics.jsonl. `values` keys are series names: "loss", "loss/dice", "loss/kd", "lr", "val/dice/mean", "val/dice/1", ... */
export interface MetricRecord {
  step: number;
  /** Milliseconds since the Unix epoch when the step finished. */
  time: number;
  kind: 'train' | 'eval';
  values: Record<string, number>;
}

/** One line of events.jsonl. */
export type RunEvent =
  | { type: 'status'; time: number; step: number; status: RunStatus; message?: string }
  | { type: 'tweak'; time: number; step: number; name: string; old: number; value: number; source: 'command' | 'config' | 'panel' | 'cli' }
  | { type: 'checkpoint'; time: number; step: number; network: string; path: string }
  | { type: 'backend'; time: number; step: number; backend: BackendName; reason: string };

/** A hyperparameter the running recipe lets users change between steps. */
export interface TweakableParam {
  name: string;
  /** One line shown in the panel and in hovers. */
  doc: string;
  value: number;
  min: number;
  max: number;
  /** Drawn on a log scale (learning rates). */
  log?: boolean;
}

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** report.json, written when a run ends (and updated by evaluations). */
export interface RunReport {
  runId: string;
  name: string;
  method: string;
  status: RunStatus;
  backend: BackendName;
  steps: number;
  wallTimeSeconds: number;
  /** Per network: parameters, forward FLOPs per patch, validation Dice. */
  networks: Record<string, { role: 'teacher' | 'student'; params: number; flops: number; checkpoint: string; valDice?: number; perClassDice?: Record<string, number> }>;
  /** Label id → name. */
  labels: Record<string, string>;
  /** Held-out cases: image, reference, the student's prediction, and every network's prediction by name. */
  predictions?: { caseId: string; image: string; prediction: string; reference?: string; byNetwork?: Record<string, string> }[];
  /** The picture of curves and overlays written beside report.json. */
  picture?: string;
}

// ---------------------------------------------------------------------------------------------
// Requests (extension → engine) and their results. Each request carries an id; the engine answers once with
// `result` or `error`, and may send `taskProgress` in between.

export interface EngineRequests {
  hello: { params: { version: number }; result: EngineHello };
  validateConfig: { params: { configPath: string }; result: { diagnostics: ConfigDiagnostic[] } };
  startRun: { params: { configPath: string; workspaceRoot: string; resumeRunId?: string }; result: { runId: string; runDir: string } };
  stopRun: { params: { runId: string }; result: { status: RunStatus } };
  pauseRun: { params: { runId: string }; result: { status: RunStatus } };
  resumeRun: { params: { runId: string }; result: { status: RunStatus } };
  tweak: { params: { runId: string; changes: Record<string, number>; source: 'command' | 'config' | 'panel' }; result: { applied: Record<string, { old: number; value: number }>; atStep: number } };
  getTweakables: { params: { runId: string }; result: { params: TweakableParam[] } };
  /** With `coarse`: Choi's cascade, `checkpoint` being the fine stage. */
  infer: { params: { checkpoint: string; input: string; output: string; coarse?: string }; result: { outputs: string[] } };
  evaluate: { params: { pred: string; ref: string }; result: EvaluationTable };
  volumeInfo: { params: { path: string }; result: VolumeInfo };
  cancel: { params: { requestId: number }; result: { cancelled: boolean } };
  shutdown: { params: Record<string, never>; result: { ok: true } };
}

export type EngineRequestType = keyof EngineRequests;

export type EngineRequest = {
  [K in EngineRequestType]: { kind: 'request'; id: number; type: K; params: EngineRequests[K]['params'] };
}[EngineRequestType];

export interface EngineHello {
  protocolVersion: number;
  engineVersion: string;
  backend: BackendName;
  backendReason: string;
  pid: number;
}

export interface ConfigDiagnostic {
  /** JSON path of the field, e.g. "data.images" or "student.features[2]". */
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface VolumeInfo {
  path: string;
  dims: [number, number, number];
  channels: number;
  spacing: [number, number, number];
  datatype: string;
  affine: number[][];
  min: number;
  max: number;
  /** Label id → voxel count, when the volume looks like a label map (integers, few values). */
  labelCounts?: Record<string, number>;
}

export interface EvaluationTable {
  /** Per case: label id → metrics. */
  cases: { caseId: string; perClass: Record<string, ClassMetrics> }[];
  /** Label id → mean over cases. */
  perClass: Record<string, ClassMetrics>;
  meanDice: number;
}

export interface ClassMetrics {
  dice: number;
  nsd?: number;
  /** mm; Infinity when exactly one of prediction and reference has the class (serialised as null in JSON). */
  hd95?: number;
}

// ---------------------------------------------------------------------------------------------
// Messages (engine → extension).

export type EngineMessage =
  | { kind: 'result'; id: number; type: EngineRequestType; value: unknown }
  | { kind: 'error'; id: number; type: EngineRequestType; message: string }
  | { kind: 'taskProgress'; id: number; fraction: number; message: string }
  | { kind: 'runStatus'; runId: string; status: RunStatus; step: number; totalSteps: number; message?: string }
  | { kind: 'metrics'; runId: string; record: MetricRecord; totalSteps: number }
  | { kind: 'tweakApplied'; runId: string; event: Extract<RunEvent, { type: 'tweak' }> }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };

/** Narrow a result message's value by its request type (the engine guarantees the pairing). */
export type EngineResult<K extends EngineRequestType> = EngineRequests[K]['result'];

/** Environment variable that forces a backend ("tensorflow-gpu" | "tensorflow" | "wasm" | "cpu"). */
export const BACKEND_ENV = 'MEDKD_BACKEND';
