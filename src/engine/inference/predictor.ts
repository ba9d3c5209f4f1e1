// The model as inference sees it: a function from a batch of windows to per-class probabilities.
import type * as tf from '@tensorflow/tfjs-core';

/**
 * batch: [N, D, H, W, Cin] → probabilities [N, D, H, W, numClasses] (softmax or sigmoid; the caller says which).
 * Returns a new tensor the caller owns and disposes; must not dispose its input.
 */
export type Predictor = (batch: tf.Tensor5D) => tf.Tensor5D;

/** How the network turned logits into probabilities: exclusive classes (argmax) or overlapping regions (threshold). */
export type Activation = 'softmax' | 'sigmoid';
