// Adam with optional AMSGrad (tfjs has none) and weight decay, as PyTorch's Adam/AdamW (P3: AMSGrad, lr 2e-5, 1e-6).
import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from './optimizer';
import { SlotStore, checkGradients } from './slotStore';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Use the running maximum of the second moment (Reddi et al.), so steps never grow from a shrinking v. */
  amsgrad: boolean;
  /** λ: added to the gradient (λp, PyTorch Adam) or, when decoupled, p ← p(1 − lr·λ) (AdamW). */
  weightDecay: number;
  decoupledWeightDecay: boolean;
}

export const p3AdamOptions: AdamOptions = { learningRate: 2e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: true, weightDecay: 1e-6, decoupledWeightDecay: false };

/** Per step t: m = β1m + (1−β1)g; v = β2v + (1−β2)g²; v̂ = amsgrad ? max(v̂, v) : v; p −= lr/(1−β1^t) · m / (√(v̂/(1−β2^t)) + ε). */
export function createAdam(options: AdamOptions): Optimizer {
  const slots = new SlotStore();
  let step = 0;
  const opt: Optimizer = {
    kind: 'adam',
    learningRate: options.learningRate,
    get step() {
      return step;
    },
    applyGradients(grads, variables) {
      checkGradients(grads, variables);
      const { beta1, beta2, epsilon, amsgrad, weightDecay, decoupledWeightDecay } = options;
      const lr = opt.learningRate;
      const t = step + 1;
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      tf.tidy(() => {
        for (const [name, g0] of grads) {
          const p = variables.get(name) as tf.Variable;
          let g = g0;
          if (weightDecay && !decoupledWeightDecay) g = tf.add(g, tf.mul(p, weightDecay));
          const m = slots.get('m', name, p);
          const v = slots.get('v', name, p);
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
          v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          let second: tf.Tensor = v;
          if (amsgrad) {
            const vMax = slots.get('vMax', name, p);
            vMax.assign(tf.maximum(vMax, v));
            second = vMax;
          }
          const denom = tf.add(tf.div(tf.sqrt(second), Math.sqrt(bc2)), epsilon);
          const base = weightDecay && decoupledWeightDecay ? tf.mul(p, 1 - lr * weightDecay) : p;
          p.assign(tf.sub(base, tf.mul(tf.div(m, denom), lr / bc1)));
        }
      });
      step = t;
    },
    getState: (): OptimizerState => ({ kind: 'adam', step, learningRate: opt.learningRate, slots: slots.entries() }),
    setState(state) {
      if (state.kind !== 'adam') throw new Error(`cannot load ${state.kind} optimizer state into Adam`);
      slots.load(state.slots);
      step = state.step;
      opt.learningRate = state.learningRate;
    },
    dispose: () => slots.dispose(),
  };
  return opt;
}
