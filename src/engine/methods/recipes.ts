// The method table: each method's live-tweakable hyperparameters and how it turns networks into training phases.
import type { TweakableParam } from '../protocol';
import type { ExperimentConfig } from '../config/experimentConfig';
import type { Recipe } from './recipe';
import { tweakable } from './recipe';
import type { BuiltNetwork } from './buildNetworks';
import type { ExperimentData } from './experimentData';
import { supervisedPhase } from './supervisedPhase';
import { kdPhase } from './kdPhase';
import { validateNetwork } from './evaluateNetworks';
import { crossTeachingTweakables } from './crossTeachingOptions';
import { crossTeachingRecipe } from './crossTeachingRecipe';

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
    default:
      throw new Error(`method: '${config.method}' is not available in this version`);
  }
}

function byRole(networks: Map<string, BuiltNetwork>, role: 'teacher' | 'student'): BuiltNetwork[] {
  return [...networks.values()].filter((n) => n.role === role);
}

export function recipeFor(config: ExperimentConfig, data: ExperimentData, networks: Map<string, BuiltNetwork>): Recipe {
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
    default:
      throw new Error(`method: '${config.method}' is not available in this version`);
  }
}
