// A model ensemble as one predict: the (weighted) mean of the members' probabilities.
import * as tf from '@tensorflow/tfjs-core';
import type { Predictor } from './predictor';

/** Weights default to equal; they are normalised to sum to 1 and must be ≥ 0 with a positive sum. */
export function ensemblePredict(predicts: readonly Predictor[], weights?: readonly number[]): Predictor {
  if (predicts.length === 0) throw new Error('ensemblePredict: give at least one model');
  const raw = weights ?? predicts.map(() => 1);
  if (raw.length !== predicts.length) throw new Error(`ensemblePredict: ${raw.length} weights for ${predicts.length} models`);
  const total = raw.reduce((a, b) => a + b, 0);
  if (raw.some((w) => !(w >= 0) || !Number.isFinite(w)) || !(total > 0)) {
    throw new Error(`ensemblePredict: weights must be finite, ≥ 0 and not all 0, got [${raw.join(', ')}]`);
  }
  const norm = raw.map((w) => w / total);
  return (batch) => {
    let sum: tf.Tensor5D | undefined;
    // One member at a time, so at most two outputs are alive at once.
    predicts.forEach((predict, i) => {
      const term = tf.tidy(() => tf.mul<tf.Tensor5D>(predict(batch), norm[i]!));
      if (sum === undefined) {
        sum = term;
      } else {
        const next = tf.add<tf.Tensor5D>(sum, term);
        sum.dispose();
        term.dispose();
        sum = next;
      }
    });
    return sum!;
  };
}
