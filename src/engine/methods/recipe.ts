// What a method is to the runner: its live-tweakable hyperparameters and its phases for the training loop.
import type { TweakableParam } from '../protocol';
import type { Phase } from '../training/trainLoop';

export interface Recipe {
  phases: Phase[];
  /** Called when phase `index` ends (e.g. freeze the teachers it trained, pseudo-label the unlabelled pool). */
  onPhaseEnd?(index: number): Promise<void> | void;
}

/** A tweakable with its value taken from `config.hyper` when given there. */
export function tweakable(hyper: Record<string, number>, name: string, doc: string, fallback: number, min: number, max: number, log = false): TweakableParam {
  const v = hyper[name];
  return { name, doc, value: v ?? fallback, min, max, ...(log ? { log } : {}) };
}
