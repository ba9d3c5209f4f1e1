// The msKD method: each binary teacher without a checkpoint learns its organ from its own single-organ dataset (one
// phase each), then the multi-organ student learns from all of them at once (msKdPhase) plus the ground truth.
import type { TweakableParam } from '../protocol';
import type { ExperimentConfig, NetworkConfig } from '../config/experimentConfig';
import { msKdOptionsSchema } from '../config/msKdOptionsSchema';
import type { MsKdOptions } from '../config/msKdOptionsSchema';
import { createFeatureAdapter } from '../losses/featureAdapter';
import type { Phase } from '../training/trainLoop';
import type { Recipe, RecipeContext } from './recipe';
import { tweakable } from './recipe';
import type { BuiltNetwork } from './buildNetworks';
import type { ExperimentData } from './experimentData';
import type { NetworkOutputShape } from './networkOutputs';
import { supervisedPhase } from './supervisedPhase';
import { PhaseStreams } from './phaseStreams';
import { msKdTeacherOrgan, msKdTeacherStream } from './msKdTeachers';
import { adapterVariables, featureChannels, msKdPhase } from './msKdPhase';
import type { MsKdTeacher } from './msKdPhase';

/** The msKD section with defaults filled in. */
export function msKdOptionsOf(config: ExperimentConfig): MsKdOptions {
  return msKdOptionsSchema.parse(config.msKD ?? {});
}

export function msKdTweakables(config: ExperimentConfig, lr: TweakableParam): TweakableParam[] {
  const h = config.hyper;
  return [
    lr,
    tweakable(h, 'logitWeight', 'Weight of the region-based logit distillation (KL per teacher over its organ and the agreed background, ×T²).', 1, 0, 100),
    tweakable(h, 'featureWeight', 'Weight of the region-based feature distillation (adapted student features against each teacher’s).', 0.1, 0, 100),
    tweakable(h, 'supWeight', 'Weight of the supervised loss on annotated labels (marginal Dice + cross-entropy).', 1, 0, 10),
    tweakable(h, 'temperature', 'Softmax temperature τ of the logit distillation.', 2, 0.1, 20),
    tweakable(h, 'segWeight', 'Weight of each teacher’s own supervised loss while it trains.', 1, 0, 10),
  ];
}

/** Teachers are binary: [background, their organ]; the student keeps the data's classes. */
export function msKdNetworkOutputs(config: ExperimentConfig, data: ExperimentData): (name: string, net: NetworkConfig) => NetworkOutputShape | undefined {
  return (name, net) => (net.role === 'teacher' ? { outChannels: 2, output: { activation: 'softmax', labelIds: [0, msKdTeacherOrgan(config, data, name, net)] } } : undefined);
}

const metricKey = (name: string) => name.trim().replace(/[^A-Za-z0-9_.-]+/g, '_');

export function msKdRecipe(config: ExperimentConfig, data: ExperimentData, networks: Map<string, BuiltNetwork>, context: RecipeContext, validate: (net: BuiltNetwork) => Phase['validate']): Recipe {
  const options = msKdOptionsOf(config);
  const teachers = [...networks.values()].filter((n) => n.role === 'teacher');
  const student = [...networks.values()].find((n) => n.role === 'student');
  if (student === undefined) throw new Error('msKD: needs a student network');
  if (student.network.spec.outputActivation !== 'softmax') throw new Error('msKD: the student must have softmax outputs');
  const organs = teachers.map((t) => {
    const organ = t.output?.labelIds?.[1];
    if (organ === undefined) throw new Error(`msKD: teacher '${t.name}' has no organ`);
    return organ;
  });
  const dup = organs.find((o, i) => organs.indexOf(o) !== i);
  if (dup !== undefined) throw new Error(`msKD: two teachers are experts for label ${dup} (${teachers.filter((_, i) => organs[i] === dup).map((t) => t.name).join(', ')})`);

  const streams = new PhaseStreams(context.start);
  const phases: Phase[] = [];
  teachers.forEach((t, k) => {
    if (t.frozen || config.train.teacherSteps === 0) return;
    const s = msKdTeacherStream(config, data, t.name, config.networks[t.name]!, organs[k]!, k);
    streams.register(phases.length, s.factory, s.binarise);
    phases.push(supervisedPhase(t, config.train.teacherSteps, 2, validate(t)));
  });
  const studentChannels = featureChannels(student, options.featureLevel);
  const distilled: MsKdTeacher[] = teachers.map((t, k) => ({
    net: t,
    organ: organs[k]!,
    key: metricKey(data.labelNames[String(organs[k])] ?? t.name),
    adapter: createFeatureAdapter(`adapter.${t.name}`, studentChannels, featureChannels(t, options.featureLevel), config.train.seed + 101 * (k + 1)),
  }));
  phases.push(msKdPhase(distilled, student, config.train.steps, options, validate(student)));
  const teacherPhaseCount = phases.length - 1;
  return {
    phases,
    nextBatch: (kind, i) => streams.next(kind, i),
    // The teacher's own data is done with once its phase ends.
    onPhaseEnd: async (i) => {
      if (i < teacherPhaseCount) await streams.close(i);
    },
    auxiliary: new Map([[`${student.name}.adapters`, adapterVariables(distilled)]]),
    dispose: async () => {
      await streams.closeAll();
      for (const t of distilled) t.adapter.dispose();
    },
  };
}
