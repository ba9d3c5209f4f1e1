// A frozen network's forward pass inside a training step, kept off the gradient tape: only its outputs survive the
// call. Otherwise every activation of every teacher (MS-KD runs many) would stay alive until backprop.
import * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../models/network';

export interface FrozenOutput {
  logits: tf.Tensor5D;
  /** features[featureIndex] of the network, when asked for. */
  feature?: tf.Tensor5D;
}

/** Outputs of `net` on `x` that carry no gradient (to `x` or to the network's variables). */
export function frozenForward(net: Network, x: tf.Tensor5D, featureIndex?: number): FrozenOutput {
  const shapes: number[][] = [];
  // customGrad runs its forward function with the tape off and keeps only the (single) value it returns,
  // so the outputs travel packed in one flat tensor.
  const packed = tf.customGrad((input: tf.Tensor | tf.GradSaveFunc) => {
    const out = net.apply(input as tf.Tensor5D, { training: false });
    const parts = featureIndex === undefined ? [out.logits] : [out.logits, out.features[featureIndex]!];
    for (const p of parts) shapes.push([...p.shape]);
    const value = tf.concat(parts.map((p) => tf.reshape(p, [-1])));
    tf.dispose([out.logits, ...out.features]);
    return { value, gradFunc: () => tf.zerosLike(input as tf.Tensor) };
  })(x);
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const pieces = tf.split(packed, sizes);
  const [logits, feature] = pieces.map((p, i) => tf.reshape<tf.Rank.R5>(p, shapes[i] as [number, number, number, number, number]));
  tf.dispose([packed, ...pieces]);
  return { logits: logits!, ...(feature ? { feature } : {}) };
}
