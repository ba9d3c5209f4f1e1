// crossTeachingKD's options with Choi's defaults filled in (methods.md §1.6), and its live hyperparameters.
import type { ExperimentConfig } from '../config/experimentConfig';
import type { TweakableParam } from '../protocol';
import type { FocalLossOptions } from '../losses/focalLoss';
import { p1FocalOptions } from '../losses/focalLoss';
import { tweakable } from './recipe';

export interface CrossTeachingOptions {
  /** L_hd(S ← averaged teachers) on unlabelled patches. */
  studentPseudoLabel: boolean;
  /** The ramp-up advances once per epoch (Choi) or every step. */
  rampUpPer: 'epoch' | 'step';
  stepsPerEpoch: number;
  segDiceWeight: number;
  segFocalWeight: number;
  focal: FocalLossOptions;
  kdTemperatureSquared: boolean;
  /** Unlabelled KD weight is kdWeight · r^power (Choi: r²). */
  unlabelledKdRampPower: number;
}

/** The paper's values; `hyper` defaults (lr 0.01, kdWeight 10, ctWeight 0.1, T 1) are in crossTeachingTweakables. */
export const CROSS_TEACHING_DEFAULTS = {
  kdWeight: 10,
  ctWeight: 0.1,
  temperature: 1,
  studentPseudoLabel: true,
  rampUpPer: 'epoch',
  segDiceWeight: 1,
  segFocalWeight: 1,
  kdTemperatureSquared: true,
  unlabelledKdRampPower: 2,
} as const;

/** labelledCases: training cases of the labelled stream (an epoch visits each once, with one unlabelled step each). */
export function crossTeachingOptionsFor(config: ExperimentConfig, labelledCases: number): CrossTeachingOptions {
  const m = config.methodOptions;
  const d = CROSS_TEACHING_DEFAULTS;
  return {
    studentPseudoLabel: m.studentPseudoLabel ?? d.studentPseudoLabel,
    rampUpPer: m.rampUpPer ?? d.rampUpPer,
    stepsPerEpoch: m.stepsPerEpoch ?? Math.max(1, 2 * labelledCases),
    segDiceWeight: m.segDiceWeight ?? d.segDiceWeight,
    segFocalWeight: m.segFocalWeight ?? d.segFocalWeight,
    focal: { ...p1FocalOptions, ...(m.focalGamma !== undefined ? { gamma: m.focalGamma } : {}), ...(m.focalAlpha !== undefined ? { alpha: m.focalAlpha } : {}) },
    kdTemperatureSquared: m.kdTemperatureSquared ?? d.kdTemperatureSquared,
    unlabelledKdRampPower: m.unlabelledKdRampPower ?? d.unlabelledKdRampPower,
  };
}

/** lr is shared with every method (first); the rest are crossTeachingKD's. rampUpLength counts steps, default the whole run. */
export function crossTeachingTweakables(config: ExperimentConfig, lr: TweakableParam): TweakableParam[] {
  const h = config.hyper;
  const d = CROSS_TEACHING_DEFAULTS;
  return [
    lr,
    tweakable(h, 'kdWeight', 'Weight of the KD loss (KL to the averaged teachers), × r on labelled and × r² on unlabelled steps.', d.kdWeight, 0, 100),
    tweakable(h, 'ctWeight', 'Weight of the cross-teaching (hard pseudo-label Dice) losses on unlabelled steps, × r.', d.ctWeight, 0, 10),
    tweakable(h, 'temperature', 'Softmax temperature T of the KD loss.', d.temperature, 0.1, 20),
    tweakable(h, 'rampUpLength', 'Steps until the ramp-up r(e) = exp(−5(1 − e/E)²) reaches 1 (0: no ramp).', config.train.steps, 0, 1e7),
  ];
}
