// Whether the active tfjs backend is native TensorFlow (tfjs-node or tfjs-node-gpu), whose conv3d kernels are fast and right.
import * as tf from '@tensorflow/tfjs-core';

/** Both native packages register their backend as 'tensorflow'. */
export function isNativeBackend(): boolean {
  return tf.getBackend() === 'tensorflow';
}
