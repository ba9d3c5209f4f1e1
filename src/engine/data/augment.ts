// Training-time augmentation on channels-last patches, deterministic for a seed: flips, rotations and zooms as one
// affine resampling (trilinear for images, nearest for labels), then intensity scale/shift and gaussian noise.
import type { Vec3 } from '../io/volume';
import type { Patch } from './patch';
import type { Rng } from './rng';

/** The `augment` section of an experiment config. The first six fields match the experiment schema; the rest refine them. */
export interface AugmentConfig {
  /** Probability of flipping each axis. */
  flip: number;
  /** Maximum rotation in degrees. */
  rotate: number;
  /** Maximum relative scaling. */
  scale: number;
  /** Intensity scale/shift range. */
  intensity: number;
  /** Standard deviation of additive noise (normalised units). */
  noise: number;
  /** Probability that each spatial / intensity augmentation applies. */
  probability: number;
  /** Axes that may be flipped; default all three (drop 'x' to keep left and right apart). */
  flipAxes?: ('x' | 'y' | 'z')[];
  /** Rotate about all three axes instead of only z (the axial plane). */
  rotateAllAxes?: boolean;
  /** Draw a separate zoom factor for each axis instead of one for all. */
  scalePerAxis?: boolean;
  /** Probability of a rotation; default `probability`. */
  rotateProbability?: number;
  /** Probability of a zoom; default `probability`. */
  scaleProbability?: number;
  /** Probability of the intensity scale and, separately, of the shift; default `probability`. */
  intensityProbability?: number;
  /** Probability of adding noise; default `probability`. */
  noiseProbability?: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = { flip: 0.5, rotate: 10, scale: 0.1, intensity: 0.1, noise: 0.05, probability: 0.3 };

/** One patch's drawn augmentation. */
export interface AugmentParams {
  /** Row-major 3×3 matrix in voxel units: source offset from the patch centre = matrix · output offset. */
  matrix: number[];
  /** True when the matrix only flips axes, so voxels are copied exactly. */
  flipOnly: boolean;
  /** Per channel: multiply, then add. */
  scale: number[];
  shift: number[];
  /** Per channel noise standard deviation (0: none). */
  noiseStd: number[];
}

const AXES = ['x', 'y', 'z'] as const;

/** Draws one patch's parameters; the number of draws is fixed whatever the config, so streams stay aligned. */
export function drawAugmentation(config: AugmentConfig, channels: number, spacing: Vec3, rng: Rng): AugmentParams {
  const p = config.probability;
  const flips = AXES.map((a) => rng.chance(config.flip) && (config.flipAxes ?? AXES).includes(a));
  const rotate = rng.chance(config.rotateProbability ?? p) && config.rotate > 0;
  const angles = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)].map((u) => (u * config.rotate * Math.PI) / 180);
  const zoom = rng.chance(config.scaleProbability ?? p) && config.scale > 0;
  const z0 = rng.uniform(1 - config.scale, 1 + config.scale);
  const zooms = [z0, config.scalePerAxis ? rng.uniform(1 - config.scale, 1 + config.scale) : z0, config.scalePerAxis ? rng.uniform(1 - config.scale, 1 + config.scale) : z0];

  // Physical-space transform (so rotations respect anisotropic voxels): R · diag(1/zoom) · F, then into voxel units.
  let m = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (rotate) {
    const [ax, ay, az] = config.rotateAllAxes ? angles : [0, 0, angles[2]!];
    m = mul(mul(rot(2, az!), rot(1, ay!)), rot(0, ax!));
  }
  if (zoom) m = mul(m, [1 / zooms[0]!, 0, 0, 0, 1 / zooms[1]!, 0, 0, 0, 1 / zooms[2]!]);
  m = mul(m, [flips[0] ? -1 : 1, 0, 0, 0, flips[1] ? -1 : 1, 0, 0, 0, flips[2] ? -1 : 1]);
  const matrix = m.map((v, i) => (v * spacing[i % 3]!) / spacing[Math.floor(i / 3)]!); // D⁻¹ · M · D

  const ip = config.intensityProbability ?? p;
  const scale: number[] = [];
  const shift: number[] = [];
  const noiseStd: number[] = [];
  for (let c = 0; c < channels; c++) {
    const doScale = rng.chance(ip);
    const s = rng.uniform(1 - config.intensity, 1 + config.intensity);
    const doShift = rng.chance(ip);
    const t = rng.uniform(-config.intensity, config.intensity);
    const doNoise = rng.chance(config.noiseProbability ?? p);
    scale.push(doScale ? s : 1);
    shift.push(doShift ? t : 0);
    noiseStd.push(doNoise ? config.noise : 0);
  }
  return { matrix, flipOnly: !rotate && !zoom, scale, shift, noiseStd };
}

/**
 * The box of source voxels [start, end) that an output patch of `outSize` centred at `centre` (source voxel
 * coordinates) reads under `matrix`, one voxel wider for interpolation.
 */
export function sourceBox(matrix: number[], centre: Vec3, outSize: Vec3): { start: Vec3; end: Vec3 } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const o = [0, 1, 2].map((a) => ((corner >> a) & 1 ? outSize[a]! - 1 : 0) - (outSize[a]! - 1) / 2);
    for (let r = 0; r < 3; r++) {
      const v = centre[r]! + matrix[3 * r]! * o[0]! + matrix[3 * r + 1]! * o[1]! + matrix[3 * r + 2]! * o[2]!;
      lo[r] = Math.min(lo[r]!, v);
      hi[r] = Math.max(hi[r]!, v);
    }
  }
  return { start: lo.map((v) => Math.floor(v + 1e-6)) as Vec3, end: hi.map((v) => Math.ceil(v - 1e-6) + 1) as Vec3 };
}

/**
 * Resamples `src` into a patch of `outSize` whose centre sits at `centre` (voxel coordinates of `src`): images
 * trilinear, labels nearest; source positions outside `src` read `fill[c]` and label 0.
 */
export function transformPatch(src: Patch, centre: Vec3, outSize: Vec3, params: Pick<AugmentParams, 'matrix' | 'flipOnly'>, fill: number[]): Patch {
  const [sx, sy, sz] = src.size;
  const [ox, oy, oz] = outSize;
  const C = src.channels;
  const m = params.matrix;
  const image = new Float32Array(ox * oy * oz * C);
  const label = src.label ? new Uint8Array(ox * oy * oz) : undefined;
  const hx = (ox - 1) / 2;
  const hy = (oy - 1) / 2;
  const hz = (oz - 1) / 2;
  const inside = (x: number, y: number, z: number) => x >= 0 && y >= 0 && z >= 0 && x < sx && y < sy && z < sz;
  for (let z = 0, o = 0; z < oz; z++) {
    for (let y = 0; y < oy; y++) {
      for (let x = 0; x < ox; x++, o++) {
        const dx = x - hx;
        const dy = y - hy;
        const dz = z - hz;
        const px = centre[0] + m[0]! * dx + m[1]! * dy + m[2]! * dz;
        const py = centre[1] + m[3]! * dx + m[4]! * dy + m[5]! * dz;
        const pz = centre[2] + m[6]! * dx + m[7]! * dy + m[8]! * dz;
        if (params.flipOnly) {
          // Pure flips land on voxel centres (up to rounding): copy, never blend.
          const ix = Math.round(px);
          const iy = Math.round(py);
          const iz = Math.round(pz);
          const ok = inside(ix, iy, iz);
          const s = ix + sx * (iy + sy * iz);
          for (let c = 0; c < C; c++) image[o * C + c] = ok ? src.image[s * C + c]! : (fill[c] ?? 0);
          if (label && ok) label[o] = src.label![s]!;
          continue;
        }
        const x0 = Math.floor(px);
        const y0 = Math.floor(py);
        const z0 = Math.floor(pz);
        const fx = px - x0;
        const fy = py - y0;
        const fz = pz - z0;
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let k = 0; k < 8; k++) {
            const cx = x0 + (k & 1);
            const cy = y0 + ((k >> 1) & 1);
            const cz = z0 + ((k >> 2) & 1);
            const w = (k & 1 ? fx : 1 - fx) * ((k >> 1) & 1 ? fy : 1 - fy) * ((k >> 2) & 1 ? fz : 1 - fz);
            if (w === 0) continue;
            acc += w * (inside(cx, cy, cz) ? src.image[(cx + sx * (cy + sy * cz)) * C + c]! : (fill[c] ?? 0));
          }
          image[o * C + c] = acc;
        }
        if (label) {
          const ix = Math.round(px);
          const iy = Math.round(py);
          const iz = Math.round(pz);
          if (inside(ix, iy, iz)) label[o] = src.label![ix + sx * (iy + sy * iz)]!;
        }
      }
    }
  }
  return { image, ...(label ? { label } : {}), size: [ox, oy, oz], channels: C };
}

/** Intensity scale, shift and gaussian noise per channel, in place; noise draws come from `rng` in voxel order. */
export function augmentIntensity(patch: Patch, params: Pick<AugmentParams, 'scale' | 'shift' | 'noiseStd'>, rng: Rng): void {
  const C = patch.channels;
  const data = patch.image;
  for (let c = 0; c < C; c++) {
    const s = params.scale[c] ?? 1;
    const t = params.shift[c] ?? 0;
    const sd = params.noiseStd[c] ?? 0;
    if (s === 1 && t === 0 && sd === 0) continue;
    for (let i = c; i < data.length; i += C) data[i] = data[i]! * s + t + (sd > 0 ? sd * rng.normal() : 0);
  }
}

function rot(axis: number, a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  if (axis === 0) return [1, 0, 0, 0, c, -s, 0, s, c];
  if (axis === 1) return [c, 0, s, 0, 1, 0, -s, 0, c];
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

function mul(a: number[], b: number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[3 * r + c]! += a[3 * r + k]! * b[3 * k + c]!;
  return out;
}
