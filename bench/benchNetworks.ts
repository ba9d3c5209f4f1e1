// The networks the bench trains: the project's default teacher and student presets, 14 classes (FLARE: 13 organs +
// background), with the training step every recipe runs (forward, mean cross-entropy, backward, SGD Nesterov 0.99).
import * as tf from '@tensorflow/tfjs-core';
import { createUNet } from '../src/engine/models/createUNet';
import { studentPreset, teacherPreset } from '../src/engine/models/modelPresets';
import type { ModelSpec } from '../src/engine/models/modelSpec';
import type { Network } from '../src/engine/models/network';

export type BenchNetwork = 'teacher' | 'student';
export const CLASSES = 14;
export const PATCH = 64;

export function benchSpec(which: BenchNetwork): ModelSpec {
  return which === 'teacher' ? teacherPreset({ outChannels: CLASSES }) : studentPreset({ outChannels: CLASSES });
}

/** The same architecture for bench/torchPeer.py's SEResUNet. */
export function torchSpec(which: BenchNetwork): { features: number[]; blocks: number | number[]; separable: boolean } {
  const s = benchSpec(which);
  return { features: s.features, blocks: s.blocksPerLevel, separable: s.separable };
}

export function benchNetwork(which: BenchNetwork, seed = 1): Network {
  return createUNet(benchSpec(which), { name: which, seed });
}

/** Mean softmax cross-entropy of logits [N, D, H, W, C] against one-hot targets of the same shape. */
export function crossEntropy(logits: tf.Tensor5D, oneHot: tf.Tensor5D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar);
}

/** A batch of n deterministic random patches and one-hot labels. */
export function benchBatch(n: number, seed = 3): { x: tf.Tensor5D; y: tf.Tensor5D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, PATCH, PATCH, PATCH, 1], 0, 1, 'float32', seed) as tf.Tensor5D;
    const labels = tf.randomUniform([n, PATCH, PATCH, PATCH], 0, CLASSES, 'int32', seed + 1);
    return { x, y: tf.oneHot(labels, CLASSES) as tf.Tensor5D };
  });
}
