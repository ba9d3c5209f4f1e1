// Encoder block: conv-norm-act-conv-norm (norm and act fused), plus the skip (identity, or 1×1×1 conv + norm when the shape changes), then act.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../modelSpec';
import type { ParamStore } from '../paramStore';
import { convLayer } from './convLayer';
import type { Layer } from './layer';
import { normLayer } from './normLayer';

export interface BlockShape {
  inChannels: number;
  outChannels: number;
  stride: 1 | 2;
}

export function residualBlock(store: ParamStore, name: string, b: BlockShape, spec: ModelSpec): Layer {
  const conv = (i: number, cin: number, stride: 1 | 2): Layer =>
    convLayer(store, `${name}.conv${i}`, { inChannels: cin, outChannels: b.outChannels, kernel: 3, stride, bias: spec.convBias, separable: spec.separable });
  const norm = (i: number, slope = 1): Layer => normLayer(store, `${name}.norm${i}`, b.outChannels, spec.norm, spec.groups, slope);
  const conv1 = conv(1, b.inChannels, b.stride);
  const norm1 = norm(1, spec.leakySlope);
  const conv2 = conv(2, b.outChannels, 1);
  const norm2 = norm(2);
  const projected = b.stride !== 1 || b.inChannels !== b.outChannels;
  const skipConv = projected ? convLayer(store, `${name}.skip`, { inChannels: b.inChannels, outChannels: b.outChannels, kernel: 1, stride: b.stride, bias: false }) : undefined;
  const skipNorm = projected ? normLayer(store, `${name}.skipNorm`, b.outChannels, spec.norm, spec.groups) : undefined;
  const act = (x: tf.Tensor): tf.Tensor5D => tf.leakyRelu(x, spec.leakySlope) as tf.Tensor5D;
  return {
    apply: (x) =>
      tf.tidy(() => {
        const y = norm2.apply(conv2.apply(norm1.apply(conv1.apply(x))));
        const skip = skipConv && skipNorm ? skipNorm.apply(skipConv.apply(x)) : x;
        return act(tf.add(y, skip));
      }),
    trace: (s, flops) => {
      if (skipConv) skipConv.trace(s, flops);
      return conv2.trace(conv1.trace(s, flops), flops);
    },
  };
}
