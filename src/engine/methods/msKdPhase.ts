// MS-KD's distillation phase (methods.md §2.4, a GUESS at the paper): frozen binary teachers supervise the multi-organ
// student in their organ region and the background all agree on, by logits (KL with temperature) and by features
// (adapter + distance); ground truth adds a supervised term over the labels each sample annotates.
import * as tf from '@tensorflow/tfjs-core';
import type { Phase } from '../training/trainLoop';
import type { FeatureAdapter } from '../losses/featureAdapter';
import { msKdRegionMasks } from '../losses/msKdRegionMasks';
import { msKdLogitLoss } from '../losses/msKdLogitLoss';
import { msKdFeatureLoss } from '../losses/msKdFeatureLoss';
import { partialLabelLoss } from '../losses/partialLabelLoss';
import type { MsKdOptions } from '../config/msKdOptionsSchema';
import type { BuiltNetwork } from './buildNetworks';
import { frozenForward } from './frozenForward';

export interface MsKdTeacher {
  net: BuiltNetwork;
  /** The label id (= student channel) this teacher is the expert for. */
  organ: number;
  /** Metric-safe organ name: components are logged as "logit/<key>". */
  key: string;
  /** Maps the student's features to this teacher's width; trained with the student. */
  adapter: FeatureAdapter;
}

/** Index into NetworkOutput.features (bottleneck first, then decoder levels deep → shallow) of resolution `level`. */
export function featureIndex(net: BuiltNetwork, level: number): number {
  const levels = net.network.spec.features.length;
  if (level > levels - 1) throw new Error(`msKD.featureLevel: ${level} is deeper than network '${net.name}' (${levels} levels, 0..${levels - 1})`);
  return levels - 1 - level;
}

/** Channels of `net`'s features at resolution `level`. */
export function featureChannels(net: BuiltNetwork, level: number): number {
  featureIndex(net, level);
  return net.network.spec.features[level]!;
}

/** Forward pass keeping only the logits and one feature map. */
function applyWithFeature(net: BuiltNetwork, image: tf.Tensor5D, index: number, training: boolean): { logits: tf.Tensor5D; feature: tf.Tensor5D } {
  const out = net.network.apply(image, { training });
  const feature = out.features[index]!;
  tf.dispose(out.features.filter((_, i) => i !== index));
  return { logits: out.logits, feature };
}

/** Every adapter's variables, named "adapter/<teacher>/<variable>" (optimiser slots and checkpoints). */
export function adapterVariables(teachers: readonly MsKdTeacher[]): Map<string, tf.Variable> {
  const vars = new Map<string, tf.Variable>();
  for (const t of teachers) for (const [k, v] of t.adapter.variables) vars.set(`adapter/${t.net.name}/${k}`, v);
  return vars;
}

export function msKdPhase(teachers: readonly MsKdTeacher[], student: BuiltNetwork, steps: number, options: MsKdOptions, validate: Phase['validate']): Phase {
  if (teachers.length === 0) throw new Error('msKD: no teachers');
  const studentIndex = featureIndex(student, options.featureLevel);
  const teacherIndex = teachers.map((t) => featureIndex(t.net, options.featureLevel));
  // The adapters train with the student.
  const variables = new Map([...student.network.variables, ...adapterVariables(teachers)]);
  return {
    name: student.name,
    steps,
    networks: [student.name],
    variables: () => variables,
    batchKind: () => 'labelled',
    loss: (batch, ctx) => {
      const h = ctx.hyper;
      const T = h['temperature'] ?? 1;
      // Teachers are frozen and run off the tape: only their logits and features stay alive until backprop.
      const t = teachers.map((tt, k) => {
        const o = frozenForward(tt.net.network, batch.image, teacherIndex[k]!);
        return { logits: o.logits, feature: o.feature! };
      });
      const s = applyWithFeature(student, batch.image, studentIndex, true);
      const { regions } = msKdRegionMasks(t.map((o) => o.logits), { threshold: options.organThreshold });
      const components: Record<string, tf.Scalar> = {};
      const logitTerms = teachers.map((tt, k) => {
        const l = msKdLogitLoss(s.logits, [t[k]!.logits], [regions[k]!], { temperature: T, scaleByTemperatureSquared: true, organChannels: [tt.organ], collapse: options.collapse });
        const weighted = tf.mul(h['logitWeight'] ?? 1, l) as tf.Scalar;
        components[`logit/${tt.key}`] = weighted;
        return weighted;
      });
      const feature = tf.mul(h['featureWeight'] ?? 1, msKdFeatureLoss(s.feature, t.map((o) => o.feature), teachers.map((tt) => tt.adapter), regions, { distance: options.featureDistance })) as tf.Scalar;
      components['feature'] = feature;
      let total = tf.add(tf.addN(logitTerms), feature) as tf.Scalar;
      if (batch.label !== undefined) {
        const { dice, ce } = partialLabelLoss(s.logits, batch.label, batch.annotated);
        const sup = tf.mul(h['supWeight'] ?? 1, tf.add(dice, ce)) as tf.Scalar;
        components['sup'] = sup;
        total = tf.add(total, sup) as tf.Scalar;
      }
      return { total, components };
    },
    ...(validate ? { validate } : {}),
  };
}
