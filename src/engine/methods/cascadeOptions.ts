// A run's place in Choi's coarse-to-fine cascade (methods.md §1.4), with the paper's ROI defaults filled in.
import type { ExperimentConfig } from '../config/experimentConfig';
import type { Vec3 } from '../io/volume';

export type CascadeStageName = 'single' | 'coarse' | 'fine';

export interface CascadeOptions {
  stage: CascadeStageName;
  /** Fine stage: where unlabelled cases get their ROI. */
  coarseCheckpoint?: string;
  /** ROI extent multiplier about its centre. */
  roiMargin: number;
  /** Centred ROI [x, y, z] in mm when the mask is empty. */
  roiFallbackMm: Vec3;
}

export const CASCADE_DEFAULTS = { roiMargin: 1.1, roiFallbackMm: [240, 160, 240] as Vec3 };

export function cascadeOptionsFor(config: ExperimentConfig): CascadeOptions {
  const m = config.methodOptions;
  return {
    stage: m.stage ?? 'single',
    ...(m.coarseCheckpoint !== undefined ? { coarseCheckpoint: m.coarseCheckpoint } : {}),
    roiMargin: m.roiMargin ?? CASCADE_DEFAULTS.roiMargin,
    roiFallbackMm: m.roiFallbackMm ? [...m.roiFallbackMm] : [...CASCADE_DEFAULTS.roiFallbackMm],
  };
}

/** What a stage's checkpoint records beside its data description, so cascade inference crops as training did. */
export interface CascadeDescription {
  stage: CascadeStageName;
  roiMargin: number;
  roiFallbackMm: Vec3;
}
