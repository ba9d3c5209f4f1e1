// Flip test-time augmentation as a predict wrapper: predict each flipped copy, flip the output back, average.
import * as tf from '@tensorflow/tfjs-core';
import type { Predictor } from './predictor';

/** Volume axes; on a [N, D, H, W, C] tensor z is axis 1, y axis 2, x axis 3. */
export type FlipAxis = 'x' | 'y' | 'z';

const TENSOR_AXIS: Record<FlipAxis, number> = { z: 1, y: 2, x: 3 };

/** Paper 3's TTA: identity, flip x, flip y, flip x+y. */
export const BRATS_TTA_FLIPS: readonly (readonly FlipAxis[])[] = [[], ['x'], ['y'], ['x', 'y']];

/** All 8 mirrorings of a 3-D volume (nnU-Net's default). */
export const ALL_FLIPS_3D: readonly (readonly FlipAxis[])[] = [[], ['x'], ['y'], ['z'], ['x', 'y'], ['x', 'z'], ['y', 'z'], ['x', 'y', 'z']];

/** A predict that returns the mean over `flips` (each a set of axes; [] is the identity) of un-flipped outputs. */
export function flipTTA(predict: Predictor, flips: readonly (readonly FlipAxis[])[] = BRATS_TTA_FLIPS): Predictor {
  if (flips.length === 0) throw new Error('flipTTA: give at least one flip set ([] is the identity)');
  const axesSets = flips.map((set) => [...new Set(set)].map((a) => TENSOR_AXIS[a]));
  return (batch) => {
    let sum: tf.Tensor5D | undefined;
    // One flip at a time, so at most two outputs are alive at once.
    for (const axes of axesSets) {
      const back = tf.tidy(() => {
        const out = predict(axes.length > 0 ? tf.reverse(batch, axes) : batch);
        // clone: a predict that hands back its input must not let us dispose the caller's batch.
        return axes.length > 0 ? tf.reverse(out, axes) : out === batch ? tf.clone(out) : out;
      });
      if (sum === undefined) {
        sum = back;
      } else {
        const next = tf.add<tf.Tensor5D>(sum, back);
        sum.dispose();
        back.dispose();
        sum = next;
      }
    }
    const mean = tf.div<tf.Tensor5D>(sum!, axesSets.length);
    sum!.dispose();
    return mean;
  };
}
