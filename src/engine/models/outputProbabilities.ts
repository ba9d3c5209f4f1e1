// Logits to probabilities by the spec's output activation, so recipes and inference never guess it.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from './modelSpec';

/** softmax over the class axis, or an independent sigmoid per region channel. */
export function outputProbabilities(spec: Pick<ModelSpec, 'outputActivation'>, logits: tf.Tensor5D): tf.Tensor5D {
  return (spec.outputActivation === 'softmax' ? tf.softmax(logits, -1) : tf.sigmoid(logits)) as tf.Tensor5D;
}
