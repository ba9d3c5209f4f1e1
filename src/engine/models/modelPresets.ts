// Ready-made specs: a CPU-sized teacher and student pair, and methods.md's SE-ResUNet (P1) at any width.
import { resolveModelSpec } from './modelSpec';
import type { ModelSpec } from './modelSpec';

/**
 * methods.md §1.5 SE-ResUNet: 5 levels of 32·w·2^s channels (capped at 512·w), stage s has s+1 residual blocks,
 * instance norm, shared residual SE on the skips. widthFactor 1 gives P1's teachers (≈92 M parameters);
 * `separable: true` gives P1's student (≈5.2 M); `upsampling: 'resizeConv'` gives teacher T2.
 */
export function seResUNetPreset(widthFactor = 1, overrides: Partial<ModelSpec> = {}): ModelSpec {
  const features = [0, 1, 2, 3, 4].map((s) => Math.max(1, Math.round(Math.min(32 * 2 ** s, 512) * widthFactor)));
  return resolveModelSpec({
    inChannels: 1,
    outChannels: 14,
    features,
    blocksPerLevel: [1, 2, 3, 4, 5],
    residual: true,
    norm: 'instance',
    leakySlope: 0.01,
    separable: false,
    squeezeExcitation: true,
    seReduction: 8,
    upsampling: 'transposed',
    outputActivation: 'softmax',
    convBias: true,
    ...overrides,
  });
}

/** Default teacher: a 4-level SE-ResUNet sized for CPU training (16…128 channels, blocks 1-2-2-2). */
export function teacherPreset(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return resolveModelSpec({
    features: [16, 32, 64, 128],
    blocksPerLevel: [1, 2, 2, 2],
    residual: true,
    norm: 'instance',
    separable: false,
    squeezeExcitation: true,
    upsampling: 'transposed',
    ...overrides,
  });
}

/** Default student: the teacher's widths, one block per level, depthwise-separable convs: ≈1/11 of its FLOPs, 1/15 of its parameters. */
export function studentPreset(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return resolveModelSpec({
    features: [16, 32, 64, 128],
    blocksPerLevel: 1,
    residual: true,
    norm: 'instance',
    separable: true,
    squeezeExcitation: true,
    upsampling: 'transposed',
    ...overrides,
  });
}

/**
 * An approximation of P3's BraTS student (methods.md §3.4): 4 MRI channels, 3 sigmoid regions, widths 16…128,
 * blocks 1-2-2-4, GroupNorm(8), half-pixel trilinear upsampling, no SE. Not exact: P3's blocks put the activation
 * before the residual sum, downsample with a separate k2 conv, fuse with 1×1 convs and end in a biased 3×3×3 head.
 */
export function brainTumorStudentPreset(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return resolveModelSpec({
    inChannels: 4,
    outChannels: 3,
    features: [16, 32, 64, 128],
    blocksPerLevel: [1, 2, 2, 4],
    residual: true,
    norm: 'group',
    groups: 8,
    separable: false,
    squeezeExcitation: false,
    upsampling: 'resizeConv',
    resizeAlignCorners: false,
    outputActivation: 'sigmoid',
    convBias: false,
    ...overrides,
  });
}
