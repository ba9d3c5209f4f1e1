// Cross-teaching loss: Dice of a network's probabilities against the hard argmax of other networks' (stop-gradient) probabilities.
import * as tf from '@tensorflow/tfjs-core';
import { softDiceLoss, p1DiceOptions } from './softDiceLoss';
import type { SoftDiceOptions } from './softDiceLoss';
import { stopGradient } from './stopGradient';

/**
 * studentProbs: [N, D, H, W, C] softmax probabilities; targetProbs: one or more softmax probability tensors
 * of that shape, averaged before the argmax (P1's student target). Default Dice is P1's (background excluded).
 */
export function pseudoLabelDiceLoss(studentProbs: tf.Tensor5D, targetProbs: tf.Tensor5D | tf.Tensor5D[], options: SoftDiceOptions = p1DiceOptions): tf.Scalar {
  const targets = Array.isArray(targetProbs) ? targetProbs : [targetProbs];
  if (targets.length === 0) throw new Error('pseudoLabelDiceLoss: no target probabilities');
  const c = studentProbs.shape[4];
  return tf.tidy(() => {
    const mean = tf.addN(targets.map((t) => stopGradient(t)));
    const hard = tf.cast(tf.oneHot(tf.argMax(mean, -1), c), 'float32') as tf.Tensor5D;
    return softDiceLoss(studentProbs, hard, options);
  });
}
