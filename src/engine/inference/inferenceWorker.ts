// An inference worker thread (bundled as dist/engine/inferenceWorker.js): builds the recipe's networks, takes their
// weights once, then predicts its share of every batch of sliding windows (ParallelPredictor is the other side).
import type * as tf from '@tensorflow/tfjs-core';
import { serveGradWorker } from '../backend/gradWorker';
import type { GradTask } from '../backend/gradWorker';
import { PREDICT_TASK, networksFromRecipe, predictorFromRecipe } from './predictorRecipe';
import type { PredictorRecipe } from './predictorRecipe';

function predictTask(config: unknown): GradTask {
  const recipe = config as PredictorRecipe;
  const nets = networksFromRecipe(recipe);
  const predict = predictorFromRecipe(recipe, nets);
  return {
    weights: nets.flatMap((n) => [...n.variables.values()]),
    lossAndGradients: () => {
      throw new Error('inference workers do not train');
    },
    predict: (inputs) => predict(inputs['x'] as tf.Tensor5D),
  };
}

serveGradWorker({ [PREDICT_TASK]: predictTask });
