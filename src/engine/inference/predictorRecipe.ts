// What a whole-volume prediction runs per window, as plain data: the networks' specs, the ensemble weights and the
// flip TTA. Built into one Predictor here, on the main thread or in each inference worker from the same recipe.
import * as tf from '@tensorflow/tfjs-core';
import { createUNet } from '../models/createUNet';
import type { ModelSpec } from '../models/modelSpec';
import type { Network } from '../models/network';
import { ensemblePredict } from './ensemblePredict';
import { flipTTA } from './flipTTA';
import type { FlipAxis } from './flipTTA';
import type { Predictor } from './predictor';

/** The inference workers' task name. */
export const PREDICT_TASK = 'predict';

export interface PredictorRecipe {
  specs: ModelSpec[];
  /** Ensemble weights (default equal). */
  weights?: number[];
  /** Flip TTA sets; absent or empty: none. */
  flips?: FlipAxis[][];
}

/** The network as inference sees it: windows → class probabilities (its spec's output activation). */
export function predictorFor(net: Network): Predictor {
  return (batch) =>
    tf.tidy(() => {
      const out = net.apply(batch, { training: false });
      return (net.spec.outputActivation === 'sigmoid' ? tf.sigmoid(out.logits) : tf.softmax(out.logits)) as tf.Tensor5D;
    });
}

/** One predictor for the recipe over `nets` (built from recipe.specs, in order). */
export function predictorFromRecipe(recipe: PredictorRecipe, nets: readonly Network[]): Predictor {
  const base = nets.length === 1 ? predictorFor(nets[0]!) : ensemblePredict(nets.map(predictorFor), recipe.weights);
  return recipe.flips && recipe.flips.length > 0 ? flipTTA(base, recipe.flips) : base;
}

/** Fresh networks with the recipe's specs (weights to be set). */
export function networksFromRecipe(recipe: PredictorRecipe): Network[] {
  return recipe.specs.map((spec, i) => createUNet(spec, { name: `net${i}`, seed: 0 }));
}
