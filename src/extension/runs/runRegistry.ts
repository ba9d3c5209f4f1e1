// Which runs exist and what state each is in: scans `.medkd/runs/*/` in every workspace root, follows each run's
// append-only files incrementally, and folds in the engine's live messages. No vscode: the views subscribe.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, RUN_STORE_DIR } from '../../engine/protocol';
import type { EngineMessage, MetricRecord, RunEvent } from '../../engine/protocol';
import { Emitter } from '../util/emitter';
import { JsonLinesFile } from './jsonLinesFile';
import { isMetricRecord, isRunEvent, isRunReport } from './recordGuards';
import { readRunConfigInfo, RunState } from './runState';
import type { RunSummary } from './runState';

interface Tracked {
  state: RunState;
  /** Records already announced through onMetric / onEvent: the engine's message and the file line are one record. */
  announced: Set<string>;
  metrics: JsonLinesFile<MetricRecord>;
  events: JsonLinesFile<RunEvent>;
  reportMtime: number;
  /** False while config.json was not there yet (an engine message can come first): read it on a later scan. */
  configLoaded: boolean;
}

export interface RunRegistryOptions {
  /** Workspace folders whose run stores to read. */
  roots(): readonly string[];
  /** A running run with no line written for this long is shown as failed unless our engine owns it. */
  staleAfterMs?: number;
  now?(): number;
  /** Run id → the config it was started from, for runs whose config.json does not say. */
  configHints?(): ReadonlyMap<string, string>;
}

export class RunRegistry {
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new Emitter<void>();
  private readonly metric = new Emitter<{ runId: string; record: MetricRecord }>();
  private readonly event = new Emitter<{ runId: string; event: RunEvent }>();
  /** Fires after a scan or an engine message changed any run. */
  readonly onDidChange = this.changed.event;
  /** Each new metric record, from the files or the engine (a record may arrive by both routes). */
  readonly onMetric = this.metric.event;
  readonly onEvent = this.event.event;

  constructor(private readonly options: RunRegistryOptions) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  runs(): RunSummary[] {
    const now = this.now();
    const stale = this.options.staleAfterMs ?? 120_000;
    return [...this.tracked.values()].map((t) => t.state.summary(now, stale)).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0) || b.id.localeCompare(a.id));
  }

  get(runId: string): RunSummary | undefined {
    const t = this.tracked.get(runId);
    return t?.state.summary(this.now(), this.options.staleAfterMs ?? 120_000);
  }

  /** Absolute folder of a run (known or not yet scanned: then in the first root's store). */
  runDir(runId: string): string {
    const t = this.tracked.get(runId);
    if (t) return t.state.dir;
    const root = this.options.roots()[0] ?? '.';
    return join(root, RUN_STORE_DIR, runId);
  }

  /** Re-reads the store: new and removed run folders, appended lines, rewritten reports. */
  refresh(): void {
    let changed = false;
    const seen = new Set<string>();
    for (const root of this.options.roots()) {
      const store = join(root, RUN_STORE_DIR);
      let names: string[];
      try {
        names = readdirSync(store, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        continue;
      }
      for (const name of names) {
        const dir = join(store, name);
        if (!existsSync(join(dir, RUN_FILES.config))) continue; // still being created
        seen.add(name);
        changed = this.readRun(name, dir) || changed;
      }
    }
    for (const [id, t] of [...this.tracked.entries()]) {
      // A run our engine is driving stays even before its folder shows up.
      if (!seen.has(id) && t.state.owner !== 'live') {
        this.tracked.delete(id);
        changed = true;
      }
    }
    if (changed) this.changed.fire();
  }

  /** Re-reads one run's files (cheaper than a full scan when a watcher names the folder). */
  refreshRun(runId: string): void {
    const dir = this.runDir(runId);
    if (!existsSync(join(dir, RUN_FILES.config))) {
      if (this.tracked.delete(runId)) this.changed.fire();
      return;
    }
    if (this.readRun(runId, dir)) this.changed.fire();
  }

  private readRun(id: string, dir: string): boolean {
    let t = this.tracked.get(id);
    let changed = false;
    if (!t) {
      const raw = readJson(join(dir, RUN_FILES.config));
      t = {
        state: new RunState(id, dir, readRunConfigInfo(raw, id)),
        configLoaded: raw !== undefined,
        metrics: new JsonLinesFile(join(dir, RUN_FILES.metrics), isMetricRecord),
        events: new JsonLinesFile(join(dir, RUN_FILES.events), isRunEvent),
        reportMtime: 0,
        announced: new Set(),
      };
      this.tracked.set(id, t);
      changed = true;
    }
    if (!t.configLoaded) {
      const raw = readJson(join(dir, RUN_FILES.config));
      if (raw !== undefined) {
        const known = t.state.config.configPath;
        t.state.config = readRunConfigInfo(raw, id);
        if (t.state.config.configPath === undefined && known !== undefined) t.state.config = { ...t.state.config, configPath: known };
        t.configLoaded = true;
        changed = true;
      }
    }
    const hint = this.options.configHints?.().get(id);
    if (hint !== undefined && t.state.config.configPath === undefined) {
      t.state.config = { ...t.state.config, configPath: hint };
      changed = true;
    }
    const events = t.events.readNew();
    const metrics = t.metrics.readNew();
    if (events.reset || metrics.reset) {
      // A file shrank (rewritten): start over from both files.
      t.state.reset();
      t.events = new JsonLinesFile(t.events.path, isRunEvent);
      t.metrics = new JsonLinesFile(t.metrics.path, isMetricRecord);
      return this.readRun(id, dir) || true;
    }
    if (events.records.length > 0) {
      t.state.addEvents(events.records);
      for (const e of events.records) this.announceEvent(t, e);
      changed = true;
    }
    if (metrics.records.length > 0) {
      t.state.addMetrics(metrics.records);
      for (const r of metrics.records) this.announceMetric(t, r);
      changed = true;
    }
    const reportPath = join(dir, RUN_FILES.report);
    const mtime = mtimeOf(reportPath);
    if (mtime !== t.reportMtime) {
      t.reportMtime = mtime;
      const report = mtime === 0 ? undefined : readJson(reportPath);
      t.state.report = isRunReport(report) ? report : undefined;
      changed = true;
    }
    return changed;
  }

  private announceMetric(t: Tracked, r: MetricRecord): void {
    const key = `m:${r.kind}:${r.step}`;
    if (t.announced.has(key)) return;
    t.announced.add(key);
    this.metric.fire({ runId: t.state.id, record: r });
  }

  private announceEvent(t: Tracked, e: RunEvent): void {
    const key = `e:${JSON.stringify(e)}`;
    if (t.announced.has(key)) return;
    t.announced.add(key);
    this.event.fire({ runId: t.state.id, event: e });
  }

  /** Folds in a message from our engine; returns whether it concerned a run. */
  applyEngineMessage(msg: EngineMessage): boolean {
    switch (msg.kind) {
      case 'runStatus': {
        const t = this.ensure(msg.runId);
        t.state.setLiveStatus(msg.status, msg.step, msg.totalSteps, msg.message, this.now());
        this.changed.fire();
        return true;
      }
      case 'metrics': {
        const t = this.ensure(msg.runId);
        t.state.addMetrics([msg.record], msg.totalSteps);
        this.announceMetric(t, msg.record);
        this.changed.fire();
        return true;
      }
      case 'tweakApplied':
        this.announceEvent(this.ensure(msg.runId), msg.event);
        this.changed.fire();
        return true;
      default:
        return false;
    }
  }

  /** A run our engine just started (or resumed): it owns it from now on. */
  adopt(runId: string, runDir: string, configPath: string | undefined): void {
    // An engine message may have come first and guessed the folder (multi-root workspaces): the engine's answer wins.
    const guessed = this.tracked.get(runId);
    if (guessed && guessed.state.dir !== runDir) this.tracked.delete(runId);
    const t = this.ensure(runId, runDir);
    t.state.owner = 'live';
    if (configPath !== undefined) t.state.config = { ...t.state.config, configPath };
    this.changed.fire();
  }

  /** Our engine died: the runs it drove are failed in the UI (their files stay as they are). */
  engineExited(): string[] {
    const affected: string[] = [];
    for (const t of this.tracked.values()) {
      const before = t.state.summary(this.now(), Number.POSITIVE_INFINITY);
      t.state.engineExited();
      if (before.live) affected.push(t.state.id);
    }
    if (affected.length > 0) this.changed.fire();
    return affected;
  }

  private ensure(runId: string, runDir?: string): Tracked {
    const existing = this.tracked.get(runId);
    if (existing) return existing;
    const dir = runDir ?? this.runDir(runId);
    this.readRun(runId, dir);
    const t = this.tracked.get(runId);
    if (!t) throw new Error(`unreachable: run ${runId} not tracked after read`);
    return t;
  }

  dispose(): void {
    this.changed.dispose();
    this.metric.dispose();
    this.event.dispose();
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
