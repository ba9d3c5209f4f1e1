// The spec's normalisation (instance, group or none) with affine γ = 1, β = 0 at init, and the LeakyReLU that follows
// it where the block has one (fused into the instance-norm kernels).
import * as tf from '@tensorflow/tfjs-core';
import type { NormKind } from '../modelSpec';
import type { ParamStore } from '../paramStore';
import { instanceNormAct } from '../ops/instanceNormAct';
import { groupNorm } from './groupNorm';
import type { Layer } from './layer';

/** slope: the LeakyReLU slope applied after the affine; 1 (default) for none. */
export function normLayer(store: ParamStore, name: string, channels: number, kind: NormKind, groups: number, slope = 1): Layer {
  const act = (y: tf.Tensor5D): tf.Tensor5D => (slope === 1 ? y : (tf.leakyRelu(y, slope) as tf.Tensor5D));
  if (kind === 'none') return { apply: (x) => (slope === 1 ? tf.clone(x) : act(x)), trace: (s) => s };
  const gamma = store.fill(`${name}.gamma`, [channels], 1) as tf.Tensor as tf.Tensor1D;
  const beta = store.fill(`${name}.beta`, [channels], 0) as tf.Tensor as tf.Tensor1D;
  return {
    apply: (x) => (kind === 'instance' ? instanceNormAct(x, gamma, beta, slope) : tf.tidy(() => act(groupNorm(x, gamma, beta, groups)))),
    trace: (s) => s,
  };
}
