// MS-KD feature loss (methods.md §2.4 GUESS): adapted student features against each frozen teacher's, averaged over its region.
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureAdapter } from './featureAdapter';
import { maskedMean } from './maskedMean';
import { stopGradient } from './stopGradient';

export interface MsKdFeatureOptions {
  /** Per-voxel distance: 'l2' = ‖A(F_S) − F_k‖² summed over channels; 'cosine' = 1 − cos(A(F_S), F_k). */
  distance: 'l2' | 'cosine';
}

/** Nearest-neighbour downsampling of a [N, D, H, W, 1] mask to `target` (PyTorch's nearest picks voxel i·f). */
function maskAt(mask: tf.Tensor5D, target: readonly number[]): tf.Tensor5D {
  const [, d, h, w] = mask.shape;
  const [, td, th, tw] = target;
  if (!td || !th || !tw || d % td || h % th || w % tw) throw new Error(`msKdFeatureLoss: mask ${d}×${h}×${w} is not a multiple of features ${td}×${th}×${tw}`);
  return tf.stridedSlice(mask, [0, 0, 0, 0, 0], mask.shape, [1, d / td, h / th, w / tw, 1]) as tf.Tensor5D;
}

/**
 * studentFeature: [N, d, h, w, Cs]; teacherFeatures: K tensors [N, d, h, w, C_k] (no gradient flows to them);
 * adapters: K maps Cs → C_k; regions: K masks [N, D, H, W, 1] at any integer multiple of d×h×w.
 * Returns Σ_k masked mean over R_k of the per-voxel distance.
 */
export function msKdFeatureLoss(
  studentFeature: tf.Tensor5D,
  teacherFeatures: tf.Tensor5D[],
  adapters: FeatureAdapter[],
  regions: tf.Tensor5D[],
  options: MsKdFeatureOptions = { distance: 'l2' },
): tf.Scalar {
  const k = teacherFeatures.length;
  if (adapters.length !== k || regions.length !== k) throw new Error(`msKdFeatureLoss: ${k} teachers, ${adapters.length} adapters, ${regions.length} regions`);
  return tf.tidy(() => {
    const terms = teacherFeatures.map((ft, i) => {
      const a = (adapters[i] as FeatureAdapter).apply(studentFeature);
      const t = stopGradient(ft);
      if (a.shape.join() !== t.shape.join()) throw new Error(`msKdFeatureLoss: adapter ${i} gives ${a.shape}, teacher feature is ${t.shape}`);
      let dist: tf.Tensor;
      if (options.distance === 'l2') {
        dist = tf.sum(tf.square(tf.sub(a, t)), -1, true);
      } else {
        // eps inside the sqrt keeps the gradient finite at a zero vector.
        const norm = (x: tf.Tensor): tf.Tensor => tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12));
        dist = tf.sub(1, tf.div(tf.sum(tf.mul(a, t), -1, true), tf.mul(norm(a), norm(t))));
      }
      return maskedMean(dist, maskAt(regions[i] as tf.Tensor5D, a.shape));
    });
    return tf.addN(terms) as tf.Scalar;
  });
}
