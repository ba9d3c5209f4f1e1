// Builds the SE-ResUNet family (methods.md §1.5) from a ModelSpec as plain functions over named tf.Variables.
import * as tf from '@tensorflow/tfjs-core';
import { blocksAt, resolveModelSpec } from './modelSpec';
import type { ModelSpec } from './modelSpec';
import type { Network, NetworkOutput } from './network';
import { ParamStore } from './paramStore';
import { convLayer } from './layers/convLayer';
import type { FlopCounter, Layer, Shape4 } from './layers/layer';
import { normLayer } from './layers/normLayer';
import { plainBlock } from './layers/plainBlock';
import { residualBlock } from './layers/residualBlock';
import { squeezeExcitation } from './layers/squeezeExcitation';
import { upsampleLayer } from './layers/upsampleLayer';
import { concatChannels } from './ops/concatChannels';

export interface CreateNetworkOptions {
  /** Shown in logs and reports, stored in checkpoints. */
  name: string;
  /** Seed of the Xavier-normal init: the same seed gives the same weights. */
  seed?: number;
}

interface DecoderLevel {
  up: Layer;
  se: Layer | undefined;
  block: Layer;
}

export function createUNet(partial: Partial<ModelSpec>, options: CreateNetworkOptions): Network {
  const spec = resolveModelSpec(partial);
  const store = new ParamStore(options.seed ?? 0);
  const f = spec.features;
  const f0 = f[0] ?? 1;
  const levels = f.length;

  // Stem: a regular conv with bias (never separable), then norm and activation.
  const stemConv = convLayer(store, 'stem.conv', { inChannels: spec.inChannels, outChannels: f0, kernel: 3, bias: true });
  const stemNorm = normLayer(store, 'stem.norm', f0, spec.norm, spec.groups, spec.leakySlope);

  const encoder: Layer[][] = f.map((width, l) => {
    const blocks: Layer[] = [];
    for (let b = 0; b < blocksAt(spec, l); b++) {
      const shape = { inChannels: b > 0 ? width : (f[l - 1] ?? f0), outChannels: width, stride: (l > 0 && b === 0 ? 2 : 1) as 1 | 2 };
      const name = `enc${l}.block${b}`;
      blocks.push(spec.residual ? residualBlock(store, name, shape, spec) : plainBlock(store, name, shape, spec));
    }
    return blocks;
  });

  // Decoder levels from deep to shallow; decoder[l] brings level l+1 up to level l.
  const decoder: DecoderLevel[] = [];
  for (let l = levels - 2; l >= 0; l--) {
    const width = f[l] ?? f0;
    decoder[l] = {
      up: upsampleLayer(store, `dec${l}.up`, spec.upsampling, f[l + 1] ?? width, width, spec.resizeAlignCorners),
      se: spec.squeezeExcitation ? squeezeExcitation(store, `dec${l}.se`, width, spec.seReduction, spec.leakySlope) : undefined,
      block: plainBlock(store, `dec${l}.block`, { inChannels: 2 * width, outChannels: width, stride: 1 }, spec),
    };
  }
  const head = convLayer(store, 'head', { inChannels: f0, outChannels: spec.outChannels, kernel: 1, bias: false });

  const apply = (x: tf.Tensor5D): NetworkOutput =>
    tf.tidy(() => {
      const [, d, h, w, c] = x.shape;
      const factor = 2 ** (levels - 1);
      if (c !== spec.inChannels) throw new Error(`network input has ${c} channels, spec says ${spec.inChannels}`);
      if (d % factor || h % factor || w % factor) throw new Error(`network input ${d}×${h}×${w} is not divisible by ${factor}`);
      let y = stemNorm.apply(stemConv.apply(x));
      const skips: tf.Tensor5D[] = [];
      for (const blocks of encoder) {
        for (const block of blocks) y = block.apply(y);
        skips.push(y);
      }
      const features: tf.Tensor5D[] = [y];
      for (let l = levels - 2; l >= 0; l--) {
        const dec = decoder[l];
        const skip = skips[l];
        if (!dec || !skip) throw new Error(`decoder level ${l} missing`);
        let up = dec.up.apply(y);
        let s = skip;
        if (dec.se) {
          up = dec.se.apply(up);
          s = dec.se.apply(s);
        }
        y = dec.block.apply(concatChannels([up, s]));
        features.push(y);
      }
      return { logits: head.apply(y), features } as unknown as tf.TensorContainerObject;
    }) as unknown as NetworkOutput;

  const flops = (inputShape: Shape4): number => {
    const counter: FlopCounter = { total: 0 };
    let s = stemConv.trace(inputShape, counter);
    const skips: Shape4[] = [];
    for (const blocks of encoder) {
      for (const block of blocks) s = block.trace(s, counter);
      skips.push(s);
    }
    for (let l = levels - 2; l >= 0; l--) {
      const dec = decoder[l];
      const skip = skips[l];
      if (!dec || !skip) throw new Error(`decoder level ${l} missing`);
      let up = dec.up.trace(s, counter);
      if (dec.se) {
        up = dec.se.trace(up, counter);
        dec.se.trace(skip, counter);
      }
      s = dec.block.trace([up[0], up[1], up[2], up[3] + skip[3]], counter);
    }
    head.trace(s, counter);
    return counter.total;
  };

  return {
    name: options.name,
    spec,
    variables: store.variables,
    apply: (x) => apply(x),
    params: () => [...store.variables.values()].reduce((n, v) => n + v.size, 0),
    flops,
    dispose: () => {
      for (const v of store.variables.values()) v.dispose();
    },
  };
}
