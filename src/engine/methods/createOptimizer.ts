// The optimiser a config asks for (SGD with Nesterov momentum, Adam, or Adam with AMSGrad), with weight decay.
import type { TrainConfig } from '../config/experimentConfig';
import type { Optimizer } from '../training/optimizers/optimizer';
import { createSgd } from '../training/optimizers/sgdOptimizer';
import { createAdam } from '../training/optimizers/adamOptimizer';

export function createOptimizer(train: TrainConfig, learningRate: number): Optimizer {
  switch (train.optimizer) {
    case 'sgd':
      return createSgd({ learningRate, momentum: train.momentum, nesterov: true, weightDecay: train.weightDecay });
    case 'adam':
    case 'amsgrad':
      return createAdam({ learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: train.optimizer === 'amsgrad', weightDecay: train.weightDecay, decoupledWeightDecay: false });
  }
}
