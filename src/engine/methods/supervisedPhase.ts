// Training one network on labelled patches (a teacher before distillation, or the whole "supervised" method).
import * as tf from '@tensorflow/tfjs-core';
import type { Phase } from '../training/trainLoop';
import type { BuiltNetwork } from './buildNetworks';
import { oneHot5d, segmentationTerms } from './segmentationLoss';

export function supervisedPhase(net: BuiltNetwork, steps: number, numClasses: number, validate: Phase['validate']): Phase {
  return {
    name: net.name,
    steps,
    networks: [net.name],
    variables: () => net.network.variables,
    batchKind: () => 'labelled',
    loss: (batch, ctx) => {
      if (batch.label === undefined) throw new Error(`${net.name}: a labelled batch has no labels`);
      const target = oneHot5d(batch.label, numClasses);
      const { logits } = applyLogits(net, batch.image);
      const { dice, ce } = segmentationTerms(logits, target);
      const w = ctx.hyper['segWeight'] ?? 1;
      const total = tf.mul(w, tf.add(dice, ce)) as tf.Scalar;
      return { total, components: { [`${net.name}/dice`]: dice, [`${net.name}/ce`]: ce } };
    },
    ...(validate ? { validate } : {}),
  };
}

/** Forward pass that disposes the feature maps nobody asked for. */
export function applyLogits(net: BuiltNetwork, image: tf.Tensor5D): { logits: tf.Tensor5D } {
  const out = net.network.apply(image, { training: true });
  tf.dispose(out.features);
  return { logits: out.logits };
}
