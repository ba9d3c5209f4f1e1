// MONAI's ResidualSELayer (methods.md §1.5): s = ReLU(W2·LReLU(W1·GAP(x) + b1) + b2), out = x + x⊙s.
import * as tf from '@tensorflow/tfjs-core';
import { channelMean } from '../ops/channelReduce';
import type { ParamStore } from '../paramStore';
import type { Layer } from './layer';

export function squeezeExcitation(store: ParamStore, name: string, channels: number, reduction: number, leakySlope: number): Layer {
  const hidden = Math.max(1, Math.floor(channels / reduction));
  const w1 = store.xavier(`${name}.fc1.w`, [channels, hidden], channels, hidden) as tf.Tensor as tf.Tensor2D;
  const b1 = store.fill(`${name}.fc1.b`, [hidden], 0);
  const w2 = store.xavier(`${name}.fc2.w`, [hidden, channels], hidden, channels) as tf.Tensor as tf.Tensor2D;
  const b2 = store.fill(`${name}.fc2.b`, [channels], 0);
  return {
    apply: (x) =>
      tf.tidy(() => {
        const [n, , , , c] = x.shape;
        const pooled = channelMean(x);
        const h = tf.leakyRelu(tf.add(tf.matMul(pooled, w1), b1), leakySlope) as tf.Tensor2D;
        const s = tf.relu(tf.add(tf.matMul(h, w2), b2));
        // x + x⊙s in one pass: x⊙(1 + s).
        return tf.mul(x, tf.reshape(tf.add(s, 1), [n, 1, 1, 1, c])) as tf.Tensor5D;
      }),
    trace: (shape, flops) => {
      flops.total += 2 * 2 * channels * hidden;
      return shape;
    },
  };
}
