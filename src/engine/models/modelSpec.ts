// The network description users put in experiment configs: one plain JSON object, defaulted and validated once.

export type NormKind = 'instance' | 'group' | 'none';
export type UpsamplingKind = 'nearest' | 'transposed' | 'resizeConv';
export type OutputActivation = 'softmax' | 'sigmoid';

/** A 3D U-Net of the SE-ResUNet family (methods.md §1.5); every field has a default in `resolveModelSpec`. */
export interface ModelSpec {
  /** Input image channels (1 for CT, 4 for BraTS MRI). */
  inChannels: number;
  /** Output channels: classes including background for softmax, overlapping regions for sigmoid. */
  outChannels: number;
  /** Channels per resolution level, shallow to deep; each level after the first halves the grid with a stride-2 conv. */
  features: number[];
  /** Encoder blocks per level: one number for every level, or one per level (methods.md P1: [1, 2, 3, 4, 5]). */
  blocksPerLevel: number | number[];
  /** Encoder blocks are residual (conv-norm-act-conv-norm + skip, then act); false gives two plain conv-norm-act. */
  residual: boolean;
  /** Normalisation after every conv: per-sample instance norm, group norm, or none. */
  norm: NormKind;
  /** Groups of the group norm; must divide every level's channel count. */
  groups: number;
  /** Slope of every LeakyReLU (nnU-Net's 0.01; tfjs's own default of 0.2 is never used). */
  leakySlope: number;
  /** Depthwise 3×3×3 + pointwise 1×1×1 instead of full 3×3×3 convs in encoder and decoder blocks (the light student). */
  separable: boolean;
  /** Residual squeeze-excitation (x + x⊙s, ReLU gate), one module per decoder level shared by the upsampled and skip tensors. */
  squeezeExcitation: boolean;
  /** Channel reduction of the squeeze-excitation bottleneck. */
  seReduction: number;
  /** Decoder upsampling: nearest ×2 then 1×1×1 conv, transposed conv k2 s2, or trilinear ×2 (align-corners) then conv k2. */
  upsampling: UpsamplingKind;
  /** 'resizeConv' interpolation: PyTorch align_corners=True (P1's teacher T2), or false for half-pixel centres (P3). */
  resizeAlignCorners: boolean;
  /** Activation that losses and inference apply to the logits: softmax over classes, or sigmoid per region. */
  outputActivation: OutputActivation;
  /** Convs inside blocks carry a bias (PyTorch's default; redundant before a norm but kept for weight parity). */
  convBias: boolean;
}

export const defaultModelSpec: Readonly<ModelSpec> = {
  inChannels: 1,
  outChannels: 2,
  features: [16, 32, 64, 128],
  blocksPerLevel: 1,
  residual: true,
  norm: 'instance',
  groups: 8,
  leakySlope: 0.01,
  separable: false,
  squeezeExcitation: true,
  seReduction: 8,
  upsampling: 'transposed',
  resizeAlignCorners: true,
  outputActivation: 'softmax',
  convBias: true,
};

function positiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Fills defaults and validates; throws an Error naming the offending field. */
export function resolveModelSpec(partial: Partial<ModelSpec> = {}): ModelSpec {
  const spec: ModelSpec = { ...defaultModelSpec, ...partial };
  spec.features = [...spec.features];
  if (Array.isArray(spec.blocksPerLevel)) spec.blocksPerLevel = [...spec.blocksPerLevel];
  const fail = (field: string, msg: string): never => {
    throw new Error(`model spec: ${field} ${msg}`);
  };
  if (!positiveInt(spec.inChannels)) fail('inChannels', `must be a positive integer, got ${String(spec.inChannels)}`);
  if (!positiveInt(spec.outChannels)) fail('outChannels', `must be a positive integer, got ${String(spec.outChannels)}`);
  if (!Array.isArray(spec.features) || spec.features.length === 0) fail('features', 'must be a non-empty array');
  spec.features.forEach((f, i) => {
    if (!positiveInt(f)) fail(`features[${i}]`, `must be a positive integer, got ${String(f)}`);
  });
  const blocks = spec.blocksPerLevel;
  if (Array.isArray(blocks)) {
    if (blocks.length !== spec.features.length) fail('blocksPerLevel', `has ${blocks.length} entries, features has ${spec.features.length}`);
    blocks.forEach((b, i) => {
      if (!positiveInt(b)) fail(`blocksPerLevel[${i}]`, `must be a positive integer, got ${String(b)}`);
    });
  } else if (!positiveInt(blocks)) fail('blocksPerLevel', `must be a positive integer or an array, got ${String(blocks)}`);
  if (!['instance', 'group', 'none'].includes(spec.norm)) fail('norm', `must be 'instance', 'group' or 'none', got ${String(spec.norm)}`);
  if (spec.norm === 'group') {
    if (!positiveInt(spec.groups)) fail('groups', `must be a positive integer, got ${String(spec.groups)}`);
    spec.features.forEach((f, i) => {
      if (f % spec.groups !== 0) fail('groups', `(${spec.groups}) does not divide features[${i}] = ${f}`);
    });
  }
  if (typeof spec.leakySlope !== 'number' || !(spec.leakySlope >= 0 && spec.leakySlope < 1)) fail('leakySlope', `must be in [0, 1), got ${String(spec.leakySlope)}`);
  if (!positiveInt(spec.seReduction)) fail('seReduction', `must be a positive integer, got ${String(spec.seReduction)}`);
  if (!['nearest', 'transposed', 'resizeConv'].includes(spec.upsampling)) fail('upsampling', `must be 'nearest', 'transposed' or 'resizeConv', got ${String(spec.upsampling)}`);
  if (!['softmax', 'sigmoid'].includes(spec.outputActivation)) fail('outputActivation', `must be 'softmax' or 'sigmoid', got ${String(spec.outputActivation)}`);
  for (const k of ['residual', 'separable', 'squeezeExcitation', 'convBias', 'resizeAlignCorners'] as const) {
    if (typeof spec[k] !== 'boolean') fail(k, `must be true or false, got ${String(spec[k])}`);
  }
  return spec;
}

/** Encoder blocks of level `level` (0 = full resolution). */
export function blocksAt(spec: ModelSpec, level: number): number {
  const b = spec.blocksPerLevel;
  return Array.isArray(b) ? (b[level] ?? 1) : b;
}
