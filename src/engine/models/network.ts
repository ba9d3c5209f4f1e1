// What every segmentation network offers to recipes, the training loop, inference and checkpoints.
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from './modelSpec';

export interface ApplyOptions {
  /** Training-mode forward pass (no layer behaves differently today; kept so dropout-like layers can). */
  training: boolean;
}

export interface NetworkOutput {
  /** Raw scores [N, D, H, W, outChannels]; apply `spec.outputActivation` to get probabilities. */
  logits: tf.Tensor5D;
  /** Bottleneck then each decoder level's output, deep to shallow (feature distillation taps). */
  features: tf.Tensor5D[];
}

export interface Network {
  readonly name: string;
  readonly spec: ModelSpec;
  /** Trainable weights by stable name (the checkpoint keys), in creation order. */
  readonly variables: Map<string, tf.Variable>;
  /** x: [N, D, H, W, inChannels]; D, H, W divisible by 2^(levels−1). The caller owns (and disposes) every output tensor. */
  apply(x: tf.Tensor5D, opts: ApplyOptions): NetworkOutput;
  /** Number of trainable scalars. */
  params(): number;
  /** Forward FLOPs for one sample of shape [D, H, W, C]: conv and dense multiply-adds count 2; norms, activations and biases are not counted. */
  flops(inputShape: [number, number, number, number]): number;
  dispose(): void;
}
