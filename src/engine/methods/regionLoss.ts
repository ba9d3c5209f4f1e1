// Paper 3's loss for sigmoid region outputs (methods.md §3.5): ½·(soft Dice with p² + BCE with a down-weighted background term).
import * as tf from '@tensorflow/tfjs-core';
import { p3DiceOptions, softDiceLoss } from '../losses/softDiceLoss';
import { p3BceOptions, regionBceLoss } from '../losses/regionBceLoss';

export interface RegionLossTerms {
  /** 1 − mean region Dice (batch Dice, p² in the denominator). */
  dice: tf.Scalar;
  /** −mean[g·log(p) + w·(1 − g)·log(1 − p)], w = backgroundWeight. */
  bce: tf.Scalar;
  /** ½·(dice + bce). */
  total: tf.Scalar;
}

/** logits: [N, D, H, W, R] before the sigmoid; target: region masks of the same shape. */
export function regionLoss(logits: tf.Tensor5D, target: tf.Tensor5D, backgroundWeight = p3BceOptions.backgroundWeight): RegionLossTerms {
  return tf.tidy(() => {
    const probs = tf.sigmoid(logits) as tf.Tensor5D;
    const dice = softDiceLoss(probs, target, p3DiceOptions);
    const bce = regionBceLoss(probs, target, { ...p3BceOptions, backgroundWeight });
    return { dice, bce, total: tf.mul(0.5, tf.add(dice, bce)) as tf.Scalar };
  }) as unknown as RegionLossTerms;
}
