// The method table: each method's live-tweakable hyperparameters and how it turns networks into training phases.
import type { TweakableParam } from '../protocol';
import type { ExperimentConfig, NetworkConfig } from '../config/experimentConfig';
import type { Recipe, RecipeContext } from './recipe';
import { tweakable } from './recipe';
import type { BuiltNetwork } from './buildNetworks';
import type { ExperimentData } from './experimentData';
import { supervisedPhase } from './supervisedPhase';
import { kdPhase } from './kdPhase';
import { validateNetwork } from './evaluateNetworks';
import { crossTeachingTweakables } from './crossTeachingOptions';
import { crossTeachingRecipe } from './crossTeachingRecipe';
import type { NetworkOutputShape } from './networkOutputs';
import { msKdNetworkOutputs, msKdRecipe, msKdTweakables } from './msKdRecipe';
import { omniNetworkOutputs, omniRecipe, omniTweakables } from './omniRecipe';

export function tweakablesFor(config: ExperimentConfig): TweakableParam[] {
  const h = config.hyper;
  const lr = tweakable(h, 'lr', 'Base learning rate (the schedule scales it).', config.train.optimizer === 'sgd' ? 0.01 : 1e-3, 1e-6, 1, true);
  const seg = tweakable(h, 'segWeight', 'Weight of the supervised loss (Dice + cross-entropy).', 1, 0, 10);
  switch (config.method) {
    case 'supervised':
      return [lr, seg];
    case 'kd':
      return [lr, seg, tweakable(h, 'kdWeight', 'Weight of the distillation (KL) loss.', 1, 0, 100), tweakable(h, 'temperature', 'Softmax temperature T of the distillation (loss scaled by T²).', 2, 0.1, 20)];
    case 'crossTeachingKD':
      return crossTeachingTweakables(config, lr);
    case 'msKD':
      return msKdTweakables(config, lr);
    case 'omniKD':
      return omniTweakables(config, lr, seg);
    default:
      throw new Error(`method: '${config.method}' is not available in this version`);
  }
}

function byRole(networks: Map<string, BuiltNetwork>, role: 'teacher' | 'student'): BuiltNetwork[] {
  return [...networks.values()].filter((n) => n.role === role);
}

/** Networks whose outputs are not the data's softmax classes: msKD's binary teachers, omniKD's sigmoid regions. */
export function networkOutputsFor(config: ExperimentConfig, data: ExperimentData): ((name: string, net: NetworkConfig) => NetworkOutputShape | undefined) | undefined {
  switch (config.method) {
    case 'msKD':
      return msKdNetworkOutputs(config, data);
    case 'omniKD':
      return omniNetworkOutputs(config, data);
    default:
      return undefined;
  }
}

/** `context` (the run folder, the start position) is needed by recipes with their own files and streams (msKD, omniKD). */
export function recipeFor(config: ExperimentConfig, data: ExperimentData, networks: Map<string, BuiltNetwork>, context?: RecipeContext): Recipe {
  const validate = (net: BuiltNetwork) => (config.train.valEvery > 0 && data.validationIds.length > 0 ? () => validateNetwork(net, data, config) : undefined);
  const teacherPhases = byRole(networks, 'teacher')
    .filter((t) => !t.frozen && config.train.teacherSteps > 0)
    .map((t) => supervisedPhase(t, config.train.teacherSteps, data.numClasses, validate(t)));
  switch (config.method) {
    case 'supervised':
      return { phases: [...networks.values()].filter((n) => !n.frozen).map((n) => supervisedPhase(n, config.train.steps, data.numClasses, validate(n))) };
    case 'kd': {
      const student = byRole(networks, 'student')[0]!;
      return { phases: [...teacherPhases, kdPhase(byRole(networks, 'teacher'), student, config.train.steps, data.numClasses, validate(student))] };
    }
    case 'crossTeachingKD':
      return crossTeachingRecipe(config, data, networks);
    case 'msKD':
      return msKdRecipe(config, data, networks, context ?? detachedContext(), validate);
    case 'omniKD':
      if (context === undefined) throw new Error('omniKD: needs the run folder for its pseudo-labels');
      return omniRecipe(config, data, networks, context, validate);
    default:
      throw new Error(`method: '${config.method}' is not available in this version`);
  }
}

/** A context for recipes built outside a run (nothing written, training from the start). */
function detachedContext(): RecipeContext {
  return { runDir: '', start: { phaseIndex: 0, phaseStep: 0, step: 0 }, log: () => undefined };
}
