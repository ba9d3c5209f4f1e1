// Supervised loss for partially labelled batches (MS-KD's single-organ datasets): each sample counts only the labels
// its dataset annotates. Unannotated classes merge into background ("marginal" loss: an unannotated organ may be
// anywhere the label says background), and Dice averages only classes some sample annotates.
import * as tf from '@tensorflow/tfjs-core';

export interface PartialLabelTerms {
  /** 1 − mean over annotated foreground classes of the batch soft Dice (over the samples annotating each). */
  dice: tf.Scalar;
  /** Marginal cross-entropy, mean over voxels. */
  ce: tf.Scalar;
}

/** Dice smoothing, as the fully supervised term (segmentationLoss.ts). */
const SMOOTH = 1e-5;

/**
 * logits: [N, D, H, W, C] (softmax classes, channel = label id); labels: [N, D, H, W] ids; annotated: per sample the
 * foreground ids its labels annotate (absent: all). Label voxels of unannotated ids count as background.
 */
export function partialLabelLoss(logits: tf.Tensor5D, labels: tf.Tensor, annotated: readonly (readonly number[])[] | undefined): PartialLabelTerms {
  const [n, , , , c] = logits.shape;
  if (annotated !== undefined && annotated.length !== n) throw new Error(`partialLabelLoss: ${annotated.length} annotation lists for ${n} samples`);
  // W[n, c] = 1 where sample n annotates foreground class c.
  const w = new Float32Array(n * c);
  for (let s = 0; s < n; s++) {
    for (let k = 1; k < c; k++) if (annotated === undefined || annotated[s]!.includes(k)) w[s * c + k] = 1;
  }
  return tf.tidy(() => {
    const W = tf.tensor5d(w, [n, 1, 1, 1, c]);
    const target = tf.mul(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor4D, c), W) as tf.Tensor5D;
    const targetBg = tf.sub(1, tf.sum(target, -1, true));
    const lse = tf.logSumExp(logits, -1, true);
    const logP = tf.sub(logits, lse);
    // log(s_0 + Σ unannotated s_c), stably: a log-sum-exp over the channels W leaves out.
    const logBg = tf.sub(tf.logSumExp(tf.sub(logits, tf.mul(W, 1e9)), -1, true), lse);
    const ll = tf.add(tf.sum(tf.mul(target, logP), -1, true), tf.mul(targetBg, logBg));
    const ce = tf.neg(tf.mean(ll)) as tf.Scalar;

    const probs = tf.mul(tf.exp(logP), W);
    const axes = [0, 1, 2, 3];
    const inter = tf.sum(tf.mul(probs, target), axes);
    const denom = tf.add(tf.sum(probs, axes), tf.sum(target, axes));
    const dicePerClass = tf.div(tf.add(tf.mul(inter, 2), SMOOTH), tf.add(denom, SMOOTH));
    const has = tf.cast(tf.greater(tf.sum(W, [0, 1, 2, 3]), 0), 'float32');
    const meanDice = tf.div(tf.sum(tf.mul(dicePerClass, has)), tf.maximum(tf.sum(has), 1));
    return { dice: tf.sub(1, meanDice) as tf.Scalar, ce };
  }) as unknown as PartialLabelTerms;
}
