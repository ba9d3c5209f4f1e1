// Runs one experiment end to end: data → networks → the method's phases through the training loop → checkpoints →
// final evaluation on held-out cases → predictions (NIfTI on the input grid), report.json and report.png.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord, RunEvent, RunReport, RunStatus } from '../protocol';
import { RUN_FILES } from '../protocol';
import type { ExperimentConfig } from '../config/experimentConfig';
import type { RunHandle } from '../runs/runStore';
import { appendEvent, appendMetric, readMetrics, writeReport } from '../runs/runStore';
import { writeFileAtomicSync } from '../runs/atomicWrite';
import { HyperStore } from '../training/hyperStore';
import type { RunControl } from '../training/runControl';
import { trainLoop } from '../training/trainLoop';
import type { LoopPosition } from '../training/trainLoop';
import type { Optimizer } from '../training/optimizers/optimizer';
import { initBackend } from '../backend/initBackend';
import { loadCheckpoint, loadVariablesInto, loadWeightsInto, saveCheckpoint, saveVariables } from '../models/checkpoint';
import { prepareCascadeStageData } from './cascadeStageData';
import type { ExperimentData } from './experimentData';
import { buildNetworks } from './buildNetworks';
import type { BuiltNetwork } from './buildNetworks';
import { networkOutputsFor, recipeFor, tweakablesFor } from './recipes';
import type { Recipe } from './recipe';
import { createOptimizer } from './createOptimizer';
import { describeNetwork, evaluateNetworks } from './evaluateNetworks';
import type { ExperimentEvaluation } from './evaluateNetworks';
import { writeRunPictures } from './writeRunPictures';

export interface ExperimentEvents {
  resume: boolean;
  onStatus(status: RunStatus, step: number, totalSteps: number, message?: string): void;
  onMetrics(record: MetricRecord, totalSteps: number): void;
  onTweak(event: Extract<RunEvent, { type: 'tweak' }>): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

export interface ExperimentHandle {
  hyper: HyperStore;
  totalSteps: number;
  step(): number;
  done: Promise<void>;
}

interface LoopState {
  position: LoopPosition;
  hyper: Record<string, number>;
  /** Batches taken from each data stream, so a resumed run continues the same sequence. */
  batches: Record<'labelled' | 'unlabelled', number>;
}

/** Starts the experiment; `handle.done` settles when it completes or stops, and rejects when it fails. */
export function runExperiment(config: ExperimentConfig, run: RunHandle, control: RunControl, events: ExperimentEvents): ExperimentHandle {
  const hyper = new HyperStore(tweakablesFor(config));
  let position: LoopPosition = { phaseIndex: 0, phaseStep: 0, step: 0 };
  const handle: ExperimentHandle = { hyper, totalSteps: 0, step: () => position.step, done: Promise.resolve() };
  const checkpoints = join(run.dir, RUN_FILES.checkpoints);
  const statePath = join(checkpoints, 'state.json');
  const networks = new Map<string, BuiltNetwork>();
  const optimizers = new Map<number, Optimizer>();
  let data: ExperimentData | undefined;
  let recipe: Recipe | undefined;

  handle.done = (async () => {
    const started = Date.now();
    const backend = await initBackend();
    events.onStatus('running', 0, 0, 'loading data');
    const resumeState = events.resume ? readState(statePath) : undefined;
    // A cascade's fine stage cuts its ROI crops into the run folder first; other runs use the config's data as it is.
    const d = (data = await prepareCascadeStageData(config, join(run.dir, 'roi'), (m) => events.log('info', m), resumeState ? { start: resumeState.batches } : {}));
    for (const [k, v] of await buildNetworks(config, d, networkOutputsFor(config, d))) networks.set(k, v);
    const r = (recipe = recipeFor(config, d, networks, { runDir: run.dir, start: resumeState?.position ?? position, log: (m) => events.log('info', m) }));
    const totalSteps = (handle.totalSteps = r.phases.reduce((s, p) => s + p.steps, 0));
    // The network whose checkpoint carries a phase's optimiser state: the first one the phase trains.
    const phaseOwner = (i: number) => [...networks.values()].find((n) => !n.frozen && r.phases[i]?.networks.includes(n.name));

    if (resumeState) {
      position = resumeState.position;
      hyper.restore(resumeState.hyper);
      for (const n of networks.values()) if (!n.frozen && existsSync(join(checkpoints, n.name))) await loadWeightsInto(join(checkpoints, n.name), n.network);
      for (const [name, vars] of r.auxiliary ?? []) if (existsSync(join(checkpoints, name))) await loadVariablesInto(join(checkpoints, name), vars);
      const owner = phaseOwner(position.phaseIndex);
      if (owner && position.phaseIndex < r.phases.length) {
        const o = createOptimizer(config.train, hyper.get('lr'));
        const restored = await loadCheckpoint(join(checkpoints, owner.name), { optimizer: o });
        restored.network.dispose();
        optimizers.set(position.phaseIndex, o);
      }
      // Lines written after the checkpoint belong to steps that run again.
      const kept = readMetrics(run).filter((m) => m.step <= position.step);
      writeFileAtomicSync(join(run.dir, RUN_FILES.metrics), kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
      events.log('info', `resumed at step ${position.step} of ${totalSteps}`);
    }
    events.onStatus('running', position.step, totalSteps);
    appendEvent(run, { type: 'backend', time: Date.now(), step: position.step, backend: backend.name, reason: backend.reason });

    const result = await trainLoop({
      phases: r.phases,
      optimizerFor: (i) => {
        let o = optimizers.get(i);
        if (o === undefined) optimizers.set(i, (o = createOptimizer(config.train, hyper.get('lr'))));
        return o;
      },
      nextBatch: (kind, i) => r.nextBatch?.(kind, i) ?? d.nextBatch(kind),
      hyper,
      control,
      schedule: config.train.schedule,
      warmupSteps: config.train.warmupSteps,
      valEvery: config.train.valEvery,
      checkpointEvery: config.train.checkpointEvery,
      logEvery: config.train.logEvery,
      start: position,
      onMetrics: (record) => {
        // Tweaks answer with the step they will take effect at, so the current step must be known between checkpoints.
        if (record.kind === 'train') position = { ...position, step: record.step };
        appendMetric(run, record);
        events.onMetrics(record, totalSteps);
      },
      onTweaks: (applied, step) => {
        for (const t of applied) {
          const event = { type: 'tweak' as const, time: Date.now(), step, name: t.name, old: t.old, value: t.value, source: t.source };
          appendEvent(run, event);
          events.onTweak(event);
        }
      },
      onCheckpoint: async (pos) => {
        position = pos;
        const owner = phaseOwner(pos.phaseIndex);
        for (const n of networks.values()) {
          if (n.frozen) continue;
          const optimizer = n === owner ? optimizers.get(pos.phaseIndex) : undefined;
          await saveCheckpoint(join(checkpoints, n.name), n.network, { meta: { runId: run.id, step: pos.step, data: JSON.parse(JSON.stringify(describeNetwork(d, n))) }, ...(optimizer ? { optimizer } : {}) });
          appendEvent(run, { type: 'checkpoint', time: Date.now(), step: pos.step, network: n.name, path: join(checkpoints, n.name) });
        }
        for (const [name, vars] of r.auxiliary ?? []) await saveVariables(join(checkpoints, name), name, vars, { runId: run.id, step: pos.step });
        writeFileAtomicSync(statePath, JSON.stringify({ position: pos, hyper: hyper.values(), batches: d.consumed() } satisfies LoopState));
      },
      onPhaseEnd: async (i) => {
        await r.onPhaseEnd?.(i);
      },
    });
    position = result.position;
    if (result.stopped) {
      events.onStatus('stopped', position.step, totalSteps, 'stopped after a checkpoint; resume continues from there');
      return;
    }
    events.log('info', 'training done; evaluating on the held-out cases');
    const evaluation = await evaluateNetworks(networks, d, config, join(run.dir, RUN_FILES.predictions), (m) => events.log('info', m));
    const report = buildReport(config, run, networks, d, evaluation, position.step, (Date.now() - started) / 1000, backend.name);
    writeReport(run, report);
    try {
      report.picture = await writeRunPictures(run, report);
      writeReport(run, report);
    } catch (err) {
      events.log('warn', `report picture: ${err instanceof Error ? err.message : String(err)}`);
    }
    events.onStatus('completed', position.step, totalSteps);
  })().finally(async () => {
    for (const o of optimizers.values()) o.dispose();
    for (const n of networks.values()) n.network.dispose();
    await recipe?.dispose?.();
    await data?.dispose();
  });
  return handle;
}

function readState(path: string): LoopState {
  if (!existsSync(path)) throw new Error(`${path}: no checkpoint to resume from`);
  return JSON.parse(readFileSync(path, 'utf8')) as LoopState;
}

function buildReport(config: ExperimentConfig, run: RunHandle, networks: Map<string, BuiltNetwork>, data: ExperimentData, evaluation: ExperimentEvaluation, steps: number, wallTimeSeconds: number, backend: RunReport['backend']): RunReport {
  const patch: [number, number, number, number] = [config.train.patchSize[2], config.train.patchSize[1], config.train.patchSize[0], data.channels];
  const nets: RunReport['networks'] = {};
  for (const n of networks.values()) {
    const e = evaluation.perNetwork[n.name];
    nets[n.name] = {
      role: n.role,
      params: n.network.params(),
      flops: n.network.flops(patch),
      checkpoint: n.frozen && n.checkpoint ? n.checkpoint : join(run.dir, RUN_FILES.checkpoints, n.name),
      ...(e ? { valDice: e.meanDice, perClassDice: e.perClassDice } : {}),
    };
  }
  return { runId: run.id, name: config.name, method: config.method, status: 'completed', backend, steps, wallTimeSeconds, networks: nets, labels: data.labelNames, predictions: evaluation.predictions };
}
