// Training-step timings of the bench networks: one thread, and data-parallel over ParallelExecutor workers.
import * as tf from '@tensorflow/tfjs-core';
import { ParallelExecutor } from '../src/engine/backend/parallelExecutor';
import { createSgd, p1SgdOptions } from '../src/engine/training/optimizers/sgdOptimizer';
import { variableGradients } from '../src/engine/training/optimizers/variableGradients';
import { benchBatch, benchNetwork, crossEntropy } from './benchNetworks';
import type { BenchNetwork } from './benchNetworks';

export interface StepResult {
  ms: number;
  params: number;
  /** Forward FLOPs per sample (the network's own count). */
  flops: number;
  /** Tensors alive after the timed steps minus before: 0 when the step is leak-free. */
  leaked: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Median wall time of a full step (forward, loss, backward, SGD update) on a batch of `batch` 64³ patches. */
export function stepTime(which: BenchNetwork, batch: number, reps: number): StepResult {
  const net = benchNetwork(which);
  const opt = createSgd(p1SgdOptions);
  const { x, y } = benchBatch(batch);
  const step = (): void => {
    const { value, grads } = variableGradients(() => crossEntropy(net.apply(x, { training: true }).logits, y), net.variables);
    opt.applyGradients(grads, net.variables);
    value.dataSync();
    tf.dispose([value, ...grads.values()]);
  };
  try {
    step(); // warm-up (and optimiser slots)
    const before = tf.memory().numTensors;
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      step();
      times.push(performance.now() - t);
    }
    return { ms: median(times), params: net.params(), flops: net.flops([64, 64, 64, 1]), leaked: tf.memory().numTensors - before };
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    net.dispose();
  }
}

/**
 * A data-parallel step: the batch split over `workers` (each computes its shard's gradients), gradients combined,
 * SGD applied here, weights copied back to the workers. Median wall time per step.
 */
export async function parallelStepTime(which: BenchNetwork, script: string, workers: number, reps: number): Promise<number> {
  const ex = await ParallelExecutor.start({ script, task: 'network', config: { network: which }, workers });
  const net = benchNetwork(which);
  const vars = [...net.variables.entries()];
  const opt = createSgd(p1SgdOptions);
  const { x, y } = benchBatch(workers);
  const batch = { x: { shape: [...x.shape], data: x.dataSync() as Float32Array }, y: { shape: [...y.shape], data: y.dataSync() as Float32Array } };
  const step = async (): Promise<void> => {
    const { grads } = await ex.computeGradients(batch);
    const named = new Map(vars.map(([name, v], i) => [name, tf.tensor(grads[i]!, v.shape)]));
    opt.applyGradients(named, net.variables);
    tf.dispose([...named.values()]);
    await ex.setWeights(vars.map(([, v]) => v.dataSync() as Float32Array));
  };
  try {
    await ex.setWeights(vars.map(([, v]) => v.dataSync() as Float32Array));
    await step();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await step();
      times.push(performance.now() - t);
    }
    return median(times);
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    net.dispose();
    await ex.dispose();
  }
}
