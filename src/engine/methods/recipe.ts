// What a method is to the runner: its live-tweakable hyperparameters and its phases for the training loop.
import type * as tf from '@tensorflow/tfjs-core';
import type { TweakableParam } from '../protocol';
import type { BatchKind, LoopPosition, Phase, TensorBatch } from '../training/trainLoop';

export interface Recipe {
  phases: Phase[];
  /** Called when phase `index` ends (e.g. freeze the teachers it trained, pseudo-label the unlabelled pool). */
  onPhaseEnd?(index: number): Promise<void> | void;
  /** A batch for phase `phaseIndex` from the recipe's own stream (a teacher's own dataset, pseudo-labelled cases); undefined: the experiment's data. */
  nextBatch?(kind: BatchKind, phaseIndex: number): Promise<TensorBatch> | undefined;
  /** Trainable state outside the networks (feature adapters) by checkpoint name: saved with the networks, restored on resume. */
  auxiliary?: Map<string, Map<string, tf.Variable>>;
  /** Frees what the recipe made (adapters, batch sources). */
  dispose?(): Promise<void>;
}

/** What recipes with their own files and streams need from the runner. */
export interface RecipeContext {
  /** The run folder (pseudo-labels go there). */
  runDir: string;
  /** Where training starts (a resumed run's position): recipe-owned streams continue from it, one batch per step. */
  start: LoopPosition;
  log(message: string): void;
}

/** A tweakable with its value taken from `config.hyper` when given there. */
export function tweakable(hyper: Record<string, number>, name: string, doc: string, fallback: number, min: number, max: number, log = false): TweakableParam {
  const v = hyper[name];
  return { name, doc, value: v ?? fallback, min, max, ...(log ? { log } : {}) };
}
