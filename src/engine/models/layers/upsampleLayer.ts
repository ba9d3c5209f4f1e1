// Decoder ×2 upsampling from `inChannels` to `outChannels` in one of the spec's three ways (methods.md §1.5).
import * as tf from '@tensorflow/tfjs-core';
import type { UpsamplingKind } from '../modelSpec';
import type { ParamStore } from '../paramStore';
import { transposedConv3dK2 } from '../ops/transposedConv3dK2';
import { trilinearUpsample3d } from '../ops/trilinearUpsample3d';
import { upsample3d } from '../ops/upsample3d';
import { convLayer } from './convLayer';
import type { Layer, Shape4 } from './layer';

/** `alignCorners` applies to 'resizeConv' only: PyTorch align_corners=True (P1 teacher T2) or half-pixel centres. */
export function upsampleLayer(store: ParamStore, name: string, kind: UpsamplingKind, inChannels: number, outChannels: number, alignCorners = true): Layer {
  switch (kind) {
    case 'nearest': {
      // A 1×1×1 conv commutes with nearest upsampling, so it runs first at 1/8 of the cost.
      const conv = convLayer(store, `${name}.conv`, { inChannels, outChannels, kernel: 1, bias: false });
      return {
        apply: (x) =>
          tf.tidy(() => upsample3d(conv.apply(x))),
        trace: (s, flops) => {
          const [d, h, w, c] = conv.trace(s, flops);
          return [2 * d, 2 * h, 2 * w, c] as Shape4;
        },
      };
    }
    case 'transposed': {
      // tfjs conv3dTranspose filter layout [2, 2, 2, out, in]; PyTorch's fans (dim 1 is fan-in) for the same std.
      const weight = store.xavier(`${name}.w`, [2, 2, 2, outChannels, inChannels], outChannels * 8, inChannels * 8) as tf.Tensor as tf.Tensor5D;
      return {
        apply: (x) => transposedConv3dK2(x, weight),
        trace: ([d, h, w, c], flops) => {
          const out: Shape4 = [2 * d, 2 * h, 2 * w, outChannels];
          flops.total += 2 * out[0] * out[1] * out[2] * c * outChannels;
          return out;
        },
      };
    }
    case 'resizeConv': {
      const conv = convLayer(store, `${name}.conv`, { inChannels, outChannels, kernel: 2, bias: false });
      return {
        apply: (x) => tf.tidy(() => conv.apply(trilinearUpsample3d(x, { alignCorners }))),
        trace: ([d, h, w, c], flops) => conv.trace([2 * d, 2 * h, 2 * w, c], flops),
      };
    }
  }
}
