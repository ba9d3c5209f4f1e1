// Non-residual block: `convs` × [conv 3×3×3 → norm → act] (norm and act fused); the first conv carries the stride (P1's decoder block).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../modelSpec';
import type { ParamStore } from '../paramStore';
import type { BlockShape } from './residualBlock';
import { convLayer } from './convLayer';
import type { Layer } from './layer';
import { normLayer } from './normLayer';

export function plainBlock(store: ParamStore, name: string, b: BlockShape, spec: ModelSpec, convs = 2): Layer {
  const units: { conv: Layer; norm: Layer }[] = [];
  for (let i = 1; i <= convs; i++) {
    units.push({
      conv: convLayer(store, `${name}.conv${i}`, {
        inChannels: i === 1 ? b.inChannels : b.outChannels,
        outChannels: b.outChannels,
        kernel: 3,
        stride: i === 1 ? b.stride : 1,
        bias: spec.convBias,
        separable: spec.separable,
      }),
      norm: normLayer(store, `${name}.norm${i}`, b.outChannels, spec.norm, spec.groups, spec.leakySlope),
    });
  }
  return {
    apply: (x) =>
      tf.tidy(() => {
        let y: tf.Tensor5D = x;
        for (const u of units) y = u.norm.apply(u.conv.apply(y));
        return y === x ? tf.clone(x) : y;
      }),
    trace: (s, flops) => units.reduce((shape, u) => u.conv.trace(shape, flops), s),
  };
}
