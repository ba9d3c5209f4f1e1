// The 1×1×1 conv that maps student features to a teacher's width for feature distillation; trained with the student.
import * as tf from '@tensorflow/tfjs-core';
import { convLayer } from '../models/layers/convLayer';
import { ParamStore } from '../models/paramStore';

export interface FeatureAdapter {
  /** Weights by stable name (`<name>.w`, `<name>.b`), for the optimiser and checkpoints. */
  readonly variables: Map<string, tf.Variable>;
  /** [N, D, H, W, inChannels] → [N, D, H, W, outChannels]. */
  apply(x: tf.Tensor5D): tf.Tensor5D;
  dispose(): void;
}

export function createFeatureAdapter(name: string, inChannels: number, outChannels: number, seed = 0): FeatureAdapter {
  const store = new ParamStore(seed);
  const conv = convLayer(store, name, { inChannels, outChannels, kernel: 1, bias: true });
  return {
    variables: store.variables,
    apply: (x) => conv.apply(x),
    dispose: () => tf.dispose([...store.variables.values()]),
  };
}
