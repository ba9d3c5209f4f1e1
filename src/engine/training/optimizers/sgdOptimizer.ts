// SGD with (Nesterov) momentum and L2 added to the gradient, as PyTorch's SGD (P1: momentum 0.99, Nesterov, 3e-5).
import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from './optimizer';
import { SlotStore, checkGradients } from './slotStore';

export interface SgdOptions {
  learningRate: number;
  /** μ; 0 is plain SGD. */
  momentum: number;
  nesterov: boolean;
  /** λ: d = g + λ·p before the momentum update. */
  weightDecay: number;
}

export const p1SgdOptions: SgdOptions = { learningRate: 0.01, momentum: 0.99, nesterov: true, weightDecay: 3e-5 };

/** Per step: d = g + λp; b = μb + d; d = nesterov ? d + μb : b; p −= lr·d. */
export function createSgd(options: SgdOptions): Optimizer {
  const slots = new SlotStore();
  let step = 0;
  const opt: Optimizer = {
    kind: 'sgd',
    learningRate: options.learningRate,
    get step() {
      return step;
    },
    applyGradients(grads, variables) {
      checkGradients(grads, variables);
      const { momentum: mu, nesterov, weightDecay } = options;
      const lr = opt.learningRate;
      tf.tidy(() => {
        for (const [name, g] of grads) {
          const p = variables.get(name) as tf.Variable;
          let d = weightDecay ? tf.add(g, tf.mul(p, weightDecay)) : g;
          if (mu) {
            const b = slots.get('momentum', name, p);
            b.assign(tf.add(tf.mul(b, mu), d));
            d = nesterov ? tf.add(d, tf.mul(b, mu)) : b;
          }
          p.assign(tf.sub(p, tf.mul(d, lr)));
        }
      });
      step++;
    },
    getState: (): OptimizerState => ({ kind: 'sgd', step, learningRate: opt.learningRate, slots: slots.entries() }),
    setState(state) {
      if (state.kind !== 'sgd') throw new Error(`cannot load ${state.kind} optimizer state into SGD`);
      slots.load(state.slots);
      step = state.step;
      opt.learningRate = state.learningRate;
    },
    dispose: () => slots.dispose(),
  };
  return opt;
}
