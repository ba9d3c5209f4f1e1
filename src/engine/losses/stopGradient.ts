// tfjs has no stop_gradient: an identity whose gradient is zero, for teacher targets that must not train the teacher.
import * as tf from '@tensorflow/tfjs-core';

const blocked = tf.customGrad((x: tf.Tensor | tf.GradSaveFunc) => {
  const t = x as tf.Tensor;
  return { value: tf.clone(t), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** The value of `x`; no gradient flows back through it. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return blocked(x) as T;
}
