// Runs inside the engine process: a queue (one run trains at a time, later ones wait), and each run's control,
// live hyperparameters and status. Shared by the IPC server and the CLI.
import type { MetricRecord, RunEvent, RunStatus, TweakableParam } from '../protocol';
import { requireExperimentConfig } from '../config/loadExperimentConfig';
import { RunControl } from '../training/runControl';
import { runExperiment } from '../methods/runExperiment';
import type { ExperimentHandle } from '../methods/runExperiment';
import { appendEvent, createRun, openRun, readRunConfig } from './runStore';
import type { RunHandle } from './runStore';
import type { ExperimentConfig } from '../config/experimentConfig';

export interface RunManagerEvents {
  onStatus(runId: string, status: RunStatus, step: number, totalSteps: number, message?: string): void;
  onMetrics(runId: string, record: MetricRecord, totalSteps: number): void;
  onTweak(runId: string, event: Extract<RunEvent, { type: 'tweak' }>): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

interface ActiveRun {
  run: RunHandle;
  control: RunControl;
  handle?: ExperimentHandle;
  status: RunStatus;
  done: Promise<void>;
}

export class RunManager {
  private readonly runs = new Map<string, ActiveRun>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly events: RunManagerEvents) {}

  /** Creates (or reopens, to resume) the run folder now and queues the training; returns at once. */
  start(configPath: string, workspaceRoot: string, resumeRunId?: string): { runId: string; runDir: string } {
    let config: ExperimentConfig;
    let run: RunHandle;
    if (resumeRunId !== undefined) {
      run = openRun(workspaceRoot, resumeRunId);
      if (this.runs.get(run.id)?.status === 'running') throw new Error(`run ${run.id} is already running`);
      config = readRunConfig(run) as ExperimentConfig;
    } else {
      config = requireExperimentConfig(configPath);
      run = createRun(workspaceRoot, config.name, { ...config, configPath });
    }
    const control = new RunControl();
    const active: ActiveRun = { run, control, status: 'queued', done: Promise.resolve() };
    this.runs.set(run.id, active);
    this.setStatus(active, 'queued', 0, 0);
    active.done = this.queue = this.queue.then(() => this.execute(active, config, resumeRunId !== undefined));
    return { runId: run.id, runDir: run.dir };
  }

  private async execute(active: ActiveRun, config: ExperimentConfig, resume: boolean): Promise<void> {
    if (active.control.stopping) {
      this.setStatus(active, 'stopped', 0, 0);
      return;
    }
    try {
      const handle = runExperiment(config, active.run, active.control, {
        resume,
        onStatus: (status, step, total, message) => this.setStatus(active, status, step, total, message),
        onMetrics: (record, total) => this.events.onMetrics(active.run.id, record, total),
        onTweak: (event) => this.events.onTweak(active.run.id, event),
        log: (level, message) => this.events.log(level, `[${active.run.id}] ${message}`),
      });
      active.handle = handle;
      await handle.done;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.events.log('error', `[${active.run.id}] ${message}`);
      this.setStatus(active, 'failed', active.handle?.step() ?? 0, active.handle?.totalSteps ?? 0, message);
    }
  }

  /** Records the status in the run store and tells the listener; the listener hears it even when the store cannot take it (a full disk). */
  private setStatus(active: ActiveRun, status: RunStatus, step: number, total: number, message?: string): void {
    active.status = status;
    let said = message;
    try {
      appendEvent(active.run, { type: 'status', time: Date.now(), step, status, ...(message ? { message } : {}) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.events.log('error', `[${active.run.id}] ${why}`);
      said = message && !message.includes(why) ? `${message}; ${why}` : why;
    }
    this.events.onStatus(active.run.id, status, step, total, said);
  }

  private get(runId: string): ActiveRun {
    const a = this.runs.get(runId);
    if (a === undefined) throw new Error(`run ${runId} is not running in this engine`);
    return a;
  }

  stop(runId: string): RunStatus {
    const a = this.get(runId);
    a.control.stop();
    return a.status;
  }

  pause(runId: string): RunStatus {
    const a = this.get(runId);
    if (a.status !== 'running') throw new Error(`run ${runId} is ${a.status}, not running`);
    a.control.pause();
    this.setStatus(a, 'paused', a.handle?.step() ?? 0, a.handle?.totalSteps ?? 0);
    return 'paused';
  }

  resume(runId: string): RunStatus {
    const a = this.get(runId);
    if (a.status !== 'paused') throw new Error(`run ${runId} is ${a.status}, not paused`);
    a.control.resume();
    this.setStatus(a, 'running', a.handle?.step() ?? 0, a.handle?.totalSteps ?? 0);
    return 'running';
  }

  tweak(runId: string, changes: Record<string, number>, source: 'command' | 'config' | 'panel'): { applied: Record<string, { old: number; value: number }>; atStep: number } {
    const a = this.get(runId);
    if (a.handle === undefined) throw new Error(`run ${runId} has not started training yet`);
    const hyper = a.handle.hyper;
    const before = hyper.values();
    hyper.request(changes, source);
    const applied = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, { old: before[k]!, value: v }]));
    return { applied, atStep: a.handle.step() + 1 };
  }

  tweakables(runId: string): TweakableParam[] {
    const a = this.get(runId);
    return a.handle?.hyper.list() ?? [];
  }

  /** Resolves when every queued run has ended. */
  async shutdownWhenIdle(): Promise<void> {
    await this.queue;
  }

  /** Stops every run (each checkpoints) and waits for them. */
  async shutdown(): Promise<void> {
    for (const a of this.runs.values()) a.control.stop();
    await Promise.all([...this.runs.values()].map((a) => a.done));
  }
}
