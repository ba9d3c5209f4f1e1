// Everything known about one run, folded from its store files and the engine's live messages into a summary
// the views, the status bar and the config features read. Folding is idempotent: a metric seen both as an engine
// message and as a file line counts once.
import type { MetricRecord, RunEvent, RunReport, RunStatus } from '../../engine/protocol';
import { deriveRunStatus } from './deriveRunStatus';
import type { RunOwner } from './deriveRunStatus';
import { estimateEtaSeconds, stepRate } from './estimateEta';
import type { StepSample } from './estimateEta';

/** The fields of a run's resolved config.json the extension uses. */
export interface RunConfigInfo {
  name: string;
  method: string | undefined;
  /** The *.medkd.json the run was started from, when the store or the extension knows it. */
  configPath: string | undefined;
  totalSteps: number | undefined;
  labelNames: Record<string, string>;
  /** Network name → role and checkpoint it was loaded from. */
  networks: Record<string, { role: 'teacher' | 'student'; checkpoint: string | undefined }>;
  /** Choi's cascade: this run's stage and, for a fine stage, the coarse checkpoint it was given (as written). */
  cascade: { stage: 'coarse' | 'fine'; coarseCheckpoint: string | undefined } | undefined;
}

export interface RunSummary {
  id: string;
  dir: string;
  name: string;
  method: string | undefined;
  configPath: string | undefined;
  status: RunStatus;
  statusMessage: string | undefined;
  /** Whether our engine is driving it now (so stop/pause/tweak can reach it). */
  live: boolean;
  step: number;
  totalSteps: number | undefined;
  /** Latest value of each metric series ("loss", "val/dice/1", ...). */
  latest: Record<string, number>;
  /** Latest train loss. */
  loss: number | undefined;
  stepsPerSecond: number | undefined;
  etaSeconds: number | undefined;
  startedAt: number | undefined;
  /** Last time anything was written or heard. */
  updatedAt: number;
  tweakCount: number;
  labelNames: Record<string, string>;
  networks: RunConfigInfo['networks'];
  cascade: RunConfigInfo['cascade'];
  report: RunReport | undefined;
}

const MAX_SAMPLES = 50;

export function readRunConfigInfo(config: unknown, fallbackName: string): RunConfigInfo {
  const c = isObj(config) ? config : {};
  const train = isObj(c.train) ? c.train : {};
  const data = isObj(c.data) ? c.data : {};
  const labelNames: Record<string, string> = {};
  if (isObj(data.labelNames)) for (const [k, v] of Object.entries(data.labelNames)) if (typeof v === 'string') labelNames[k] = v;
  const networks: RunConfigInfo['networks'] = {};
  if (isObj(c.networks)) {
    for (const [k, v] of Object.entries(c.networks)) {
      if (!isObj(v) || (v.role !== 'teacher' && v.role !== 'student')) continue;
      networks[k] = { role: v.role, checkpoint: typeof v.checkpoint === 'string' ? v.checkpoint : undefined };
    }
  }
  const source = [c.configPath, c.sourceConfig, c.source].find((s): s is string => typeof s === 'string');
  const m = isObj(c.methodOptions) ? c.methodOptions : {};
  const cascade: RunConfigInfo['cascade'] = m.stage === 'coarse' || m.stage === 'fine' ? { stage: m.stage, coarseCheckpoint: typeof m.coarseCheckpoint === 'string' ? m.coarseCheckpoint : undefined } : undefined;
  return {
    name: typeof c.name === 'string' ? c.name : fallbackName,
    method: typeof c.method === 'string' ? c.method : undefined,
    configPath: source,
    totalSteps: typeof train.steps === 'number' ? train.steps : undefined,
    labelNames,
    networks,
    cascade,
  };
}

export class RunState {
  private events: RunEvent[] = [];
  private latest: Record<string, number> = {};
  private step = 0;
  private samples: StepSample[] = [];
  private firstActivity: number | undefined;
  private lastActivity = 0;
  private engineTotal: number | undefined;
  private liveStatus: { status: RunStatus; step: number; message: string | undefined } | undefined;
  owner: RunOwner = 'unknown';
  report: RunReport | undefined;

  constructor(
    readonly id: string,
    readonly dir: string,
    public config: RunConfigInfo,
  ) {}

  /** The store's files were replaced: forget what came from them. */
  reset(): void {
    this.events = [];
    this.latest = {};
    this.step = 0;
    this.samples = [];
    this.firstActivity = undefined;
  }

  addEvents(events: readonly RunEvent[]): void {
    for (const e of events) {
      this.events.push(e);
      this.touch(e.time);
      // The rate is measured from the latest (re)start so that time spent paused is not counted.
      if (e.type === 'status' && e.status === 'running') this.samples = [];
    }
  }

  addMetrics(records: readonly MetricRecord[], totalSteps?: number): void {
    if (totalSteps !== undefined) this.engineTotal = totalSteps;
    for (const r of records) {
      this.touch(r.time);
      if (r.step >= this.step) {
        this.step = r.step;
        Object.assign(this.latest, r.values);
      } else {
        for (const [k, v] of Object.entries(r.values)) if (!(k in this.latest)) this.latest[k] = v;
      }
      const last = this.samples[this.samples.length - 1];
      if (r.kind === 'train' && (!last || r.step > last.step)) {
        this.samples.push({ step: r.step, time: r.time });
        if (this.samples.length > MAX_SAMPLES) this.samples.shift();
      }
    }
  }

  /** A `runStatus` message from our engine: authoritative while the engine lives. */
  setLiveStatus(status: RunStatus, step: number, totalSteps: number, message: string | undefined, now: number): void {
    if (status === 'running' && this.liveStatus?.status !== 'running') this.samples = [];
    this.owner = 'live';
    this.liveStatus = { status, step, message };
    this.engineTotal = totalSteps;
    this.step = Math.max(this.step, step);
    this.touch(now);
  }

  engineExited(): void {
    if (this.owner === 'live') this.owner = 'dead';
    this.liveStatus = undefined;
  }

  private touch(time: number): void {
    if (this.firstActivity === undefined || time < this.firstActivity) this.firstActivity = time;
    if (time > this.lastActivity) this.lastActivity = time;
  }

  summary(now: number, staleAfterMs: number): RunSummary {
    const derived = deriveRunStatus(this.events, { owner: this.owner, lastActivity: this.lastActivity, now, staleAfterMs });
    const live = this.owner === 'live' && this.liveStatus !== undefined;
    const status = live && this.liveStatus ? this.liveStatus.status : derived.status;
    const message = live && this.liveStatus ? this.liveStatus.message : derived.message;
    const step = Math.max(this.step, derived.step);
    const totalSteps = this.engineTotal ?? this.report?.steps ?? this.config.totalSteps;
    const stepsPerSecond = status === 'running' ? stepRate(this.samples) : undefined;
    const loss = this.latest.loss;
    return {
      id: this.id,
      dir: this.dir,
      name: this.config.name,
      method: this.config.method ?? this.report?.method,
      configPath: this.config.configPath,
      status,
      statusMessage: message,
      live: live && (status === 'running' || status === 'paused' || status === 'queued'),
      step,
      totalSteps,
      latest: { ...this.latest },
      loss,
      stepsPerSecond,
      etaSeconds: estimateEtaSeconds(step, totalSteps, stepsPerSecond),
      startedAt: this.firstActivity,
      updatedAt: this.lastActivity,
      tweakCount: this.events.filter((e) => e.type === 'tweak').length,
      labelNames: Object.keys(this.config.labelNames).length > 0 ? this.config.labelNames : (this.report?.labels ?? {}),
      networks: this.config.networks,
      cascade: this.config.cascade,
      report: this.report,
    };
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
