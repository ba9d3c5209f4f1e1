// Training targets for sigmoid region outputs: integer labels → one 0/1 channel per overlapping region.
import * as tf from '@tensorflow/tfjs-core';
import type { RegionDefinition } from './regionSpec';

/** labels [N, D, H, W] (int32 ids) → float32 [N, D, H, W, R], channel r = 1 where the label is in region r. */
export function regionTargets(labels: tf.Tensor, regions: readonly RegionDefinition[]): tf.Tensor5D {
  if (regions.length === 0) throw new Error('regionTargets: no regions');
  return tf.tidy(() => {
    const ids = tf.cast(labels, 'int32');
    const channels = regions.map((r) => r.labels.map((l) => tf.cast(tf.equal(ids, l), 'float32')).reduce((a, b) => tf.add(a, b)));
    // Region ids are distinct, so each sum is already 0/1.
    return tf.stack(channels, -1) as tf.Tensor5D;
  });
}
