// MS-KD's supervision regions (methods.md §2.4, a GUESS at the paper): each teacher's organ, plus the background all agree on.
import * as tf from '@tensorflow/tfjs-core';

export interface MsKdRegionOptions {
  /** Teacher k calls a voxel organ where softmax(z_k)[organ] > threshold; 0.5 is the argmax of a binary teacher. */
  threshold: number | number[];
}

export interface MsKdRegions {
  /** O_k per teacher: 1 where teacher k sees its organ. [N, D, H, W, 1] each. */
  organ: tf.Tensor5D[];
  /** B: 1 where every teacher says background. */
  background: tf.Tensor5D;
  /** R_k = O_k ∪ B per teacher: where teacher k supervises the student. */
  regions: tf.Tensor5D[];
}

/** teacherLogits: K binary teachers, [N, D, H, W, 2] each (channel 1 = organ). The caller disposes every returned mask. */
export function msKdRegionMasks(teacherLogits: tf.Tensor5D[], options: MsKdRegionOptions = { threshold: 0.5 }): MsKdRegions {
  if (teacherLogits.length === 0) throw new Error('msKdRegionMasks: no teachers');
  const thresholds = Array.isArray(options.threshold) ? options.threshold : teacherLogits.map(() => options.threshold as number);
  if (thresholds.length !== teacherLogits.length) throw new Error(`msKdRegionMasks: ${thresholds.length} thresholds for ${teacherLogits.length} teachers`);
  return tf.tidy(() => {
    const organ = teacherLogits.map((z, k) => {
      if (z.shape[4] !== 2) throw new Error(`msKdRegionMasks: teacher ${k} has ${z.shape[4]} channels, expected 2`);
      const pOrgan = tf.slice(tf.softmax(z, -1), [0, 0, 0, 0, 1], [-1, -1, -1, -1, 1]);
      return tf.cast(tf.greater(pOrgan, thresholds[k] ?? 0.5), 'float32') as tf.Tensor5D;
    });
    const background = organ.reduce<tf.Tensor>((b, o) => tf.mul(b, tf.sub(1, o)), tf.onesLike(organ[0] as tf.Tensor5D)) as tf.Tensor5D;
    const regions = organ.map((o) => tf.maximum(o, background) as tf.Tensor5D);
    return { organ, background, regions } as unknown as tf.TensorContainerObject;
  }) as unknown as MsKdRegions;
}
