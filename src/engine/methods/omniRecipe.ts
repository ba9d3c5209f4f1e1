// The omniKD method (Lachinov, methods.md §3): each teacher of a heterogeneous ensemble trains on the labelled cases
// (one phase each); when the last ends, the ensemble pseudo-labels the unlabelled pool; the student then trains on
// ground truth and pseudo-labels mixed uniformly. Brain-tumour mode uses sigmoid region outputs throughout.
import type { TweakableParam } from '../protocol';
import type { ExperimentConfig, NetworkConfig } from '../config/experimentConfig';
import type { Vec3 } from '../io/volume';
import { ensemblePredict } from '../inference/ensemblePredict';
import { createBatchSource } from '../data/batchSource';
import { prepareCase } from '../data/prepareCase';
import type { Phase } from '../training/trainLoop';
import type { Recipe, RecipeContext } from './recipe';
import { tweakable } from './recipe';
import type { BuiltNetwork } from './buildNetworks';
import type { ExperimentData } from './experimentData';
import { preprocessConfigFor } from './experimentData';
import type { NetworkOutputShape } from './networkOutputs';
import { outputLabelsOf } from './evaluateNetworks';
import { predictorFor } from '../inference/predictorRecipe';
import { supervisedPhase } from './supervisedPhase';
import { regionSupervisedPhase } from './regionSupervisedPhase';
import { PhaseStreams } from './phaseStreams';
import { omniOptionsOf, omniRegionSpec } from './omniOptions';
import { writePseudoLabels } from './omniPseudoLabels';
import { PseudoLabelledDataset } from './omniPseudoLabelledDataset';

export function omniTweakables(config: ExperimentConfig, lr: TweakableParam, seg: TweakableParam): TweakableParam[] {
  if (omniOptionsOf(config).regions === undefined) return [lr, seg];
  return [
    lr,
    tweakable(config.hyper, 'segWeight', 'Weight of the supervised loss ½(Dice + BCE) on ground truth and pseudo-labels.', 1, 0, 10),
    tweakable(config.hyper, 'bceBackgroundWeight', 'Weight of the BCE background term (paper 3: 0.01).', 0.01, 0, 1),
  ];
}

/** Brain-tumour mode: every network outputs one sigmoid channel per region. */
export function omniNetworkOutputs(config: ExperimentConfig, data: ExperimentData): ((name: string, net: NetworkConfig) => NetworkOutputShape | undefined) | undefined {
  const regions = omniRegionSpec(config, data.dataset.labelIds);
  if (regions === undefined) return undefined;
  return () => ({ outChannels: regions.regions.length, output: { activation: 'sigmoid', regions } });
}

export function omniRecipe(config: ExperimentConfig, data: ExperimentData, networks: Map<string, BuiltNetwork>, context: RecipeContext, validate: (net: BuiltNetwork) => Phase['validate']): Recipe {
  const options = omniOptionsOf(config);
  const teachers = [...networks.values()].filter((n) => n.role === 'teacher');
  const student = [...networks.values()].find((n) => n.role === 'student');
  if (student === undefined) throw new Error('omniKD: needs a student network');
  if (teachers.length === 0) throw new Error('omniKD: needs at least one teacher');
  const pool = data.dataset.split.unlabelled;
  if (pool.length === 0) throw new Error('omniKD: no unlabelled cases to pseudo-label (data.unlabeled, data.synthetic.unlabeledCases or data.testAsUnlabeled)');
  const outChannels = teachers[0]!.network.spec.outChannels;
  const output = outputLabelsOf(teachers[0]!);
  const differ = [...teachers, student].find((n) => n.network.spec.outChannels !== outChannels || n.network.spec.outputActivation !== output.activation);
  if (differ) throw new Error(`omniKD: network '${differ.name}' has ${differ.network.spec.outChannels} ${differ.network.spec.outputActivation} outputs, '${teachers[0]!.name}' ${outChannels} ${output.activation}; the ensemble and the student need the same`);

  const phaseFor = (net: BuiltNetwork, steps: number): Phase => (output.regions ? regionSupervisedPhase(net, steps, output.regions.regions, validate(net)) : supervisedPhase(net, steps, data.numClasses, validate(net)));
  const teacherPhases = teachers.filter((t) => !t.frozen && config.train.teacherSteps > 0).map((t) => phaseFor(t, config.train.teacherSteps));
  const studentIndex = teacherPhases.length;
  const preprocess = preprocessConfigFor(config);
  const hint = data.dataset.modality ? { modality: data.dataset.modality } : {};

  const pseudoLabel = (overwrite: boolean) =>
    writePseudoLabels(
      context.runDir,
      pool,
      async (id) => {
        const loaded = await data.dataset.load(id);
        const image = data.dataset.caseById(id).images[0];
        return { id, original: loaded.image, prepared: prepareCase(loaded, preprocess, hint), ...(image ? { imagePath: image } : {}) };
      },
      ensemblePredict(teachers.map((t) => predictorFor(t.network))),
      {
        outChannels,
        output,
        patchSize: config.train.patchSize as Vec3,
        overlap: config.inference.overlap,
        batchSize: config.inference.batchSize,
        tta: options.pseudoLabelTta,
        overwrite,
        log: context.log,
      },
    );

  const streams = new PhaseStreams(context.start);
  // A resumed student phase finds the pseudo-labels on disk (and makes any that are missing).
  streams.register(studentIndex, async (start) => {
    const labels = await pseudoLabel(false);
    const mixed = new PseudoLabelledDataset(data.dataset, labels);
    return createBatchSource(mixed, {
      sampling: { patchSize: config.train.patchSize as Vec3, batchSize: config.train.batchSize, foregroundFraction: config.train.foregroundFraction, seed: config.train.seed + 4241 },
      preprocess,
      augment: config.augment,
      start: { labelled: start },
    });
  });

  return {
    phases: [...teacherPhases, phaseFor(student, config.train.steps)],
    nextBatch: (kind, i) => streams.next(kind, i),
    onPhaseEnd: async (i) => {
      if (i === studentIndex - 1) {
        context.log(`pseudo-labelling ${pool.length} unlabelled case(s) with the ensemble of ${teachers.map((t) => t.name).join(', ')}`);
        await pseudoLabel(true);
      }
    },
    dispose: () => streams.closeAll(),
  };
}
