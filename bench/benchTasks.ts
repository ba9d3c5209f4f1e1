// Tasks the bench runs inside ParallelExecutor workers (the bench bundle hosts its own workers).
import * as tf from '@tensorflow/tfjs-core';
import type { GradTask, GradTaskFactory } from '../src/engine/backend/gradWorker';
import { conv3d } from '../src/engine/models/ops/conv3d';
import { benchNetwork, crossEntropy } from './benchNetworks';
import type { BenchNetwork } from './benchNetworks';

/** predict = a k=3 'same' conv3d with a fixed random filter: aggregate conv throughput of all workers. */
function convTask(config: unknown): GradTask {
  const { cin, cout } = config as { cin: number; cout: number };
  const w = tf.tidy(() => tf.variable<tf.Rank.R5>(tf.randomNormal([3, 3, 3, cin, cout], 0, 0.1, 'float32', 5)));
  return {
    weights: [w],
    lossAndGradients: () => {
      throw new Error('conv task has no loss');
    },
    predict: (inputs) => conv3d(inputs['x'] as tf.Tensor5D, w),
  };
}

/** The bench network's training-step gradients on a shard: inputs x [n, 64, 64, 64, 1] and y one-hot. */
function networkTask(config: unknown): GradTask {
  const { network } = config as { network: BenchNetwork };
  const net = benchNetwork(network);
  const weights = [...net.variables.values()];
  return {
    weights,
    lossAndGradients: (inputs) => {
      const x = inputs['x'] as tf.Tensor5D;
      const y = inputs['y'] as tf.Tensor5D;
      const { value, grads } = tf.variableGrads(() => crossEntropy(net.apply(x, { training: true }).logits, y), weights);
      return { loss: value, grads: weights.map((v) => grads[v.name]!) };
    },
  };
}

export const BENCH_TASKS: Record<string, GradTaskFactory> = { conv: convTask, network: networkTask };
