// Training one sigmoid region network on labelled patches (brain-tumour mode of omniKD: teachers, and the student on
// ground truth plus pseudo-labels): labels → overlapping region targets, paper 3's ½(Dice + BCE).
import * as tf from '@tensorflow/tfjs-core';
import type { Phase } from '../training/trainLoop';
import type { BuiltNetwork } from './buildNetworks';
import type { RegionDefinition } from './regionSpec';
import { regionTargets } from './regionTargets';
import { regionLoss } from './regionLoss';

export function regionSupervisedPhase(net: BuiltNetwork, steps: number, regions: readonly RegionDefinition[], validate: Phase['validate']): Phase {
  if (net.network.spec.outChannels !== regions.length) throw new Error(`${net.name}: ${net.network.spec.outChannels} outputs for ${regions.length} regions`);
  return {
    name: net.name,
    steps,
    networks: [net.name],
    variables: () => net.network.variables,
    batchKind: () => 'labelled',
    loss: (batch, ctx) => {
      if (batch.label === undefined) throw new Error(`${net.name}: a labelled batch has no labels`);
      const out = net.network.apply(batch.image, { training: true });
      tf.dispose(out.features);
      const { dice, bce, total } = regionLoss(out.logits, regionTargets(batch.label, regions), ctx.hyper['bceBackgroundWeight']);
      return { total: tf.mul(ctx.hyper['segWeight'] ?? 1, total) as tf.Scalar, components: { [`${net.name}/dice`]: dice, [`${net.name}/bce`]: bce } };
    },
    ...(validate ? { validate } : {}),
  };
}
