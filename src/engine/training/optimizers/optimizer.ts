// The optimiser contract: update named variables from named gradients, with state that checkpoints can carry.
import type * as tf from '@tensorflow/tfjs-core';

export interface OptimizerState {
  kind: 'sgd' | 'adam';
  /** Updates applied so far (Adam's bias correction needs it). */
  step: number;
  learningRate: number;
  /** Slot tensors keyed "<slot>/<variable name>", e.g. "momentum/head.w", "m/head.w", "v/head.w", "vMax/head.w". */
  slots: Map<string, tf.Tensor>;
}

export interface Optimizer {
  readonly kind: 'sgd' | 'adam';
  /** Used by the next `applyGradients`; schedules and live tweaks set it between steps. */
  learningRate: number;
  /** Updates applied so far. */
  readonly step: number;
  /**
   * One update of every variable that has a gradient (variables without one, e.g. frozen teachers, are left alone).
   * Gradients stay owned by the caller.
   */
  applyGradients(grads: Map<string, tf.Tensor>, variables: Map<string, tf.Variable>): void;
  /** The live state: slot tensors still belong to the optimiser (read them, do not dispose them). */
  getState(): OptimizerState;
  /** Replaces the state with copies of `state`'s tensors (resume from a checkpoint). */
  setState(state: OptimizerState): void;
  dispose(): void;
}
