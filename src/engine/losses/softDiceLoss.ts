// Soft Dice on probabilities, in the forms of P1 (−Dice, batch Dice) and P3 (1 − Dice with p² in the denominator).
import * as tf from '@tensorflow/tfjs-core';

export interface SoftDiceOptions {
  /** Count channel 0 in the class mean (false for softmax classes whose channel 0 is background). */
  includeBackground: boolean;
  /** Sum over batch and voxels per class (nnU-Net "batch Dice"); false averages per-sample Dice. */
  batchDice: boolean;
  /** ε in D = (2Σpg + ε) / (Σp^k + Σg + ε). */
  smooth: number;
  /** Square p in the denominator (P3); P1 uses Σp + Σg = 2TP + FP + FN. */
  squarePred: boolean;
  /** 'negative' returns −mean D (P1, range [−1, 0]); 'oneMinus' returns 1 − mean D (P3). */
  form: 'negative' | 'oneMinus';
}

/** P1 (methods.md §1.6): −mean over foreground of (2TP + 1e-5) / (2TP + FP + FN + 1e-5), batch Dice. */
export const p1DiceOptions: SoftDiceOptions = { includeBackground: false, batchDice: true, smooth: 1e-5, squarePred: false, form: 'negative' };

/** P3 (methods.md §3.5): 1 − mean over regions of 2(Σpg + 1e-6) / (Σ(p² + g) + 2e-6), batch Dice; no background channel. */
export const p3DiceOptions: SoftDiceOptions = { includeBackground: true, batchDice: true, smooth: 2e-6, squarePred: true, form: 'oneMinus' };

/** probs, target: [N, D, H, W, C] probabilities and (one-hot or soft) targets. Returns a scalar. */
export function softDiceLoss(probs: tf.Tensor5D, target: tf.Tensor5D, options: SoftDiceOptions = p1DiceOptions): tf.Scalar {
  const c = probs.shape[4];
  if (!options.includeBackground && c < 2) throw new Error('softDiceLoss: excluding background needs at least 2 channels');
  return tf.tidy(() => {
    const first = options.includeBackground ? 0 : 1;
    const p = tf.slice(probs, [0, 0, 0, 0, first], [-1, -1, -1, -1, c - first]);
    const g = tf.slice(target, [0, 0, 0, 0, first], [-1, -1, -1, -1, c - first]);
    const axes = options.batchDice ? [0, 1, 2, 3] : [1, 2, 3];
    const intersection = tf.sum(tf.mul(p, g), axes);
    const denominator = tf.add(tf.sum(options.squarePred ? tf.square(p) : p, axes), tf.sum(g, axes));
    const dice = tf.div(tf.add(tf.mul(intersection, 2), options.smooth), tf.add(denominator, options.smooth));
    const mean = tf.mean(dice);
    return (options.form === 'negative' ? tf.neg(mean) : tf.sub(1, mean)) as tf.Scalar;
  });
}
