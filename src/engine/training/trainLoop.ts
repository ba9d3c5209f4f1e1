// One training loop for every method. A method is a list of phases (train teachers, then distil; or train all
// networks jointly); each step takes one batch, the phase's loss, gradients for the phase's trainable variables,
// and one optimiser step. Live tweaks, pause and stop are honoured between steps; tensors never accumulate.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships its gradient functions separately; training needs them registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { MetricRecord } from '../protocol';
import type { AppliedTweak, HyperStore } from './hyperStore';
import { learningRateFactor } from './learningRate';
import type { Schedule } from './learningRate';
import type { RunControl } from './runControl';

export type BatchKind = 'labelled' | 'unlabelled';

/** A batch as tensors: image [N, D, H, W, C]; label [N, D, H, W] int32 class ids (or region channels), when labelled. */
export interface TensorBatch {
  kind: BatchKind;
  image: tf.Tensor5D;
  label?: tf.Tensor;
  caseIds: string[];
  /** Per sample, the label ids its labels annotate (partially labelled data); absent: every label. */
  annotated?: number[][];
}

export interface StepContext {
  /** Global step (1-based, continuous across phases). */
  step: number;
  /** Step within the phase (0-based) and the phase length: recipes compute ramp-ups from them. */
  phaseStep: number;
  phaseSteps: number;
  hyper: Readonly<Record<string, number>>;
}

export interface LossTerms {
  /** What the optimiser minimises. */
  total: tf.Scalar;
  /** Named components logged as "loss/<name>" (already weighted as they enter the total). */
  components: Record<string, tf.Scalar>;
}

export interface Phase {
  name: string;
  steps: number;
  /** Names of the networks this phase trains (the first one's checkpoint carries the optimiser state). */
  networks: readonly string[];
  /** Variables that receive gradients in this phase (other networks are frozen). */
  variables(): Map<string, tf.Variable>;
  /** Which stream feeds step `phaseStep`. */
  batchKind(phaseStep: number): BatchKind;
  /** Builds the loss from a batch; runs inside the gradient tape. */
  loss(batch: TensorBatch, ctx: StepContext): LossTerms;
  /** Validation of this phase's network(s): "val/..." values. */
  validate?(step: number): Promise<Record<string, number>>;
}

export interface LoopOptimizer {
  learningRate: number;
  applyGradients(grads: Map<string, tf.Tensor>, variables: Map<string, tf.Variable>): void;
}

export interface LoopPosition {
  phaseIndex: number;
  phaseStep: number;
  step: number;
}

export interface TrainLoopOptions {
  phases: Phase[];
  /** One optimiser per phase (created lazily so a resumed run builds only what it needs). */
  optimizerFor(phaseIndex: number): LoopOptimizer;
  nextBatch(kind: BatchKind, phaseIndex: number): Promise<TensorBatch>;
  hyper: HyperStore;
  control: RunControl;
  schedule: Schedule;
  warmupSteps: number;
  valEvery: number;
  checkpointEvery: number;
  logEvery: number;
  start?: LoopPosition;
  onMetrics(record: MetricRecord): void;
  onTweaks(applied: AppliedTweak[], step: number): void;
  onCheckpoint(position: LoopPosition): Promise<void>;
  onPhaseEnd?(phaseIndex: number, step: number): Promise<void>;
  now?(): number;
}

export interface LoopResult {
  position: LoopPosition;
  stopped: boolean;
}

/** Runs the phases from `start` to the end or until stopped; returns where it ended. */
export async function trainLoop(o: TrainLoopOptions): Promise<LoopResult> {
  const now = o.now ?? Date.now;
  let pos: LoopPosition = o.start ?? { phaseIndex: 0, phaseStep: 0, step: 0 };
  for (; pos.phaseIndex < o.phases.length; pos = { phaseIndex: pos.phaseIndex + 1, phaseStep: 0, step: pos.step }) {
    const phase = o.phases[pos.phaseIndex]!;
    const optimizer = o.optimizerFor(pos.phaseIndex);
    const variables = phase.variables();
    while (pos.phaseStep < phase.steps) {
      await o.control.waitWhilePaused();
      if (o.control.stopping) {
        await o.onCheckpoint(pos);
        return { position: pos, stopped: true };
      }
      const step = pos.step + 1;
      const applied = o.hyper.applyPending();
      if (applied.length > 0) o.onTweaks(applied, step);
      const hyper = o.hyper.values();
      const lr = (hyper['lr'] ?? 1e-3) * learningRateFactor(o.schedule, pos.phaseStep, phase.steps, o.warmupSteps);
      optimizer.learningRate = lr;

      const batch = await o.nextBatch(phase.batchKind(pos.phaseStep), pos.phaseIndex);
      const ctx: StepContext = { step, phaseStep: pos.phaseStep, phaseSteps: phase.steps, hyper };
      let values: Record<string, number>;
      try {
        values = gradientStep(phase, optimizer, variables, batch, ctx);
      } finally {
        tf.dispose([batch.image, ...(batch.label ? [batch.label] : [])]);
      }
      pos = { phaseIndex: pos.phaseIndex, phaseStep: pos.phaseStep + 1, step };
      if (!Number.isFinite(values['loss'])) throw new Error(`step ${step} (${phase.name}): loss is ${values['loss']}; lower hyper.lr or check the data for NaNs`);
      if (step % o.logEvery === 0 || pos.phaseStep === phase.steps) {
        o.onMetrics({ step, time: now(), kind: 'train', values: { ...values, lr } });
      }
      const lastOfPhase = pos.phaseStep === phase.steps;
      if (phase.validate && o.valEvery > 0 && (step % o.valEvery === 0 || lastOfPhase)) {
        o.onMetrics({ step, time: now(), kind: 'eval', values: await phase.validate(step) });
      }
      if (step % o.checkpointEvery === 0 || lastOfPhase) await o.onCheckpoint(pos);
      // Let IPC messages (stop, tweak) in between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await o.onPhaseEnd?.(pos.phaseIndex, pos.step);
  }
  return { position: pos, stopped: false };
}

/** Forward, backward and one optimiser step; returns "loss" and "loss/<name>" values. Disposes everything it makes. */
function gradientStep(phase: Phase, optimizer: LoopOptimizer, variables: Map<string, tf.Variable>, batch: TensorBatch, ctx: StepContext): Record<string, number> {
  const names: string[] = [];
  let componentValues: tf.Tensor1D | undefined;
  const varList = [...variables.values()];
  const { value, grads } = tf.variableGrads(() => {
    const terms = phase.loss(batch, ctx);
    names.push(...Object.keys(terms.components));
    // Kept past the tape's tidy so the values can be read after the backward pass.
    componentValues = tf.keep((names.length > 0 ? tf.stack(Object.values(terms.components)) : tf.zeros([0])) as tf.Tensor1D);
    return terms.total;
  }, varList);
  try {
    const byName = new Map<string, tf.Tensor>();
    for (const [name, v] of variables) {
      const g = grads[v.name];
      if (g !== undefined) byName.set(name, g);
    }
    optimizer.applyGradients(byName, variables);
    const out: Record<string, number> = { loss: value.dataSync()[0]! };
    const comps = componentValues!.dataSync();
    names.forEach((n, i) => {
      out[`loss/${n}`] = comps[i]!;
    });
    return out;
  } finally {
    tf.dispose([value, componentValues!, ...Object.values(grads)]);
  }
}
