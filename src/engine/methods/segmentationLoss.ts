// The supervised term every recipe shares: soft Dice (batch Dice, foreground classes) + cross-entropy, on softmax
// outputs with integer labels, or region Dice + BCE for sigmoid outputs.
import * as tf from '@tensorflow/tfjs-core';
import { softDiceLoss } from '../losses/softDiceLoss';
import { crossEntropyLoss } from '../losses/crossEntropyLoss';

/** labels [N, D, H, W] int32 → one-hot float [N, D, H, W, C]. */
export function oneHot5d(labels: tf.Tensor, numClasses: number): tf.Tensor5D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor4D, numClasses), 'float32') as tf.Tensor5D);
}

/** Dice (1 − mean foreground Dice, batch Dice) and cross-entropy, each returned so recipes can log and weight them. */
export function segmentationTerms(logits: tf.Tensor5D, target: tf.Tensor5D): { dice: tf.Scalar; ce: tf.Scalar } {
  const probs = tf.softmax(logits) as tf.Tensor5D;
  const dice = softDiceLoss(probs, target, { includeBackground: false, batchDice: true, smooth: 1e-5, squarePred: false, form: 'oneMinus' });
  const ce = crossEntropyLoss(logits, target);
  return { dice, ce };
}
