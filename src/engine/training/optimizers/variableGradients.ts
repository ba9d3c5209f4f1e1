// Loss value and gradients keyed by our stable variable names (tfjs keys them by its own generated names).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/** Runs `loss` under the tape; the caller disposes `value` and every gradient. */
export function variableGradients(loss: () => tf.Scalar, variables: Map<string, tf.Variable>): { value: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const list = [...variables.entries()];
  const { value, grads } = tf.variableGrads(loss, list.map(([, v]) => v));
  const named = new Map<string, tf.Tensor>();
  for (const [name, v] of list) {
    const g = grads[v.name];
    if (g) named.set(name, g);
  }
  return { value, grads: named };
}
