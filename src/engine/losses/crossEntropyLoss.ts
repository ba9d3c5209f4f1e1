// Softmax cross-entropy from logits (log-softmax, never log of a softmax), with optional class weights.
import * as tf from '@tensorflow/tfjs-core';

export interface CrossEntropyOptions {
  /** Weight per class; the mean is then Σ w_y·(−log p_y) / Σ w_y over voxels, as PyTorch's weighted mean. */
  classWeights?: number[];
}

/** logits: [N, D, H, W, C]; target: one-hot or soft labels of the same shape. Returns the mean over voxels. */
export function crossEntropyLoss(logits: tf.Tensor5D, target: tf.Tensor5D, options: CrossEntropyOptions = {}): tf.Scalar {
  const c = logits.shape[4];
  const w = options.classWeights;
  if (w && w.length !== c) throw new Error(`crossEntropyLoss: ${w.length} class weights for ${c} classes`);
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits, -1);
    const wt = w ? tf.mul(target, tf.tensor1d(w)) : target;
    return tf.div(tf.neg(tf.sum(tf.mul(wt, logp))), tf.maximum(tf.sum(wt), 1e-12)) as tf.Scalar;
  });
}
