// The spec's normalisation (instance, group or none) with affine γ = 1, β = 0 at init.
import * as tf from '@tensorflow/tfjs-core';
import type { NormKind } from '../modelSpec';
import type { ParamStore } from '../paramStore';
import { groupNorm } from './groupNorm';
import { instanceNorm } from './instanceNorm';
import type { Layer } from './layer';

export function normLayer(store: ParamStore, name: string, channels: number, kind: NormKind, groups: number): Layer {
  if (kind === 'none') return { apply: (x) => tf.clone(x), trace: (s) => s };
  const gamma = store.fill(`${name}.gamma`, [channels], 1) as tf.Tensor as tf.Tensor1D;
  const beta = store.fill(`${name}.beta`, [channels], 0) as tf.Tensor as tf.Tensor1D;
  return {
    apply: (x) => (kind === 'instance' ? instanceNorm(x, gamma, beta) : groupNorm(x, gamma, beta, groups)),
    trace: (s) => s,
  };
}
