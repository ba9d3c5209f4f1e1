// The embedded default dataset: deterministic synthetic abdomen-like phantoms (a body, a spine, and organ blobs
// deformed by smooth noise) with their label maps. Small enough for a CPU U-Net to learn in a few hundred steps.
import type { Mat4, Vec3, Volume } from '../io/volume';
import { Rng, mixSeeds } from './rng';

export type PhantomModality = 'ct' | 'mri';

export interface PhantomOptions {
  /** Grid size [x, y, z] in voxels. */
  size: Vec3;
  /** Voxel size [x, y, z] in mm. */
  spacing: Vec3;
  /** Number of organ labels (ids 1..n, in the order of PHANTOM_ORGANS); 1 to 8. */
  organs: number;
  /** 'ct': HU-like values, air outside the body; 'mri': positive values with a bias field, exactly 0 outside the body. */
  modality: PhantomModality;
  /** Standard deviation of the voxel noise, in image units (HU for CT); omit for the modality's default. */
  noise?: number;
  /** Base seed: case i is generated from (seed, i) alone, so cases can be made in any order. */
  seed: number;
}

export const DEFAULT_PHANTOM_OPTIONS: PhantomOptions = { size: [48, 48, 48], spacing: [2, 2, 2], organs: 4, modality: 'ct', seed: 1 };

export interface PhantomOrgan {
  name: string;
  /** Centre in body units: (-1..1) of the body's radii along x (patient left +), y (anterior +), z (superior +). */
  centre: Vec3;
  /** Radii as fractions of the body's radii. */
  radii: Vec3;
  /** Mean intensity on CT (HU). */
  ct: number;
  /** Mean intensity on MRI (arbitrary units, body ≈ 400). */
  mri: number;
  /** Amplitude of the smooth intra-organ texture in HU (×4 on MRI). */
  texture: number;
}

// Ordered so the first four (the default) are one large, two medium and one small organ of distinct contrast.
// Later organs are painted over earlier ones, and the small gallbladder sits against the liver on purpose.
export const PHANTOM_ORGANS: readonly PhantomOrgan[] = [
  { name: 'liver', centre: [-0.38, 0.05, 0.12], radii: [0.52, 0.62, 0.5], ct: 75, mri: 550, texture: 6 },
  { name: 'kidney', centre: [0.44, -0.36, -0.2], radii: [0.3, 0.26, 0.4], ct: 175, mri: 800, texture: 14 },
  { name: 'spleen', centre: [0.48, 0.02, 0.3], radii: [0.32, 0.34, 0.3], ct: 115, mri: 330, texture: 5 },
  { name: 'gallbladder', centre: [-0.28, 0.5, -0.3], radii: [0.14, 0.14, 0.18], ct: 5, mri: 950, texture: 2 },
  { name: 'aorta', centre: [0.08, -0.32, 0], radii: [0.1, 0.1, 0.85], ct: 220, mri: 90, texture: 3 },
  { name: 'stomach', centre: [0.22, 0.4, 0.4], radii: [0.28, 0.2, 0.24], ct: 38, mri: 480, texture: 25 },
  { name: 'pancreas', centre: [0.08, 0.05, -0.08], radii: [0.34, 0.1, 0.1], ct: 95, mri: 620, texture: 8 },
  { name: 'right kidney', centre: [-0.48, -0.4, -0.35], radii: [0.22, 0.2, 0.34], ct: 175, mri: 800, texture: 14 },
];

/** Label id → name for a phantom with `organs` organs (0 is background). */
export function phantomLabels(organs: number): Record<number, string> {
  const out: Record<number, string> = { 0: 'background' };
  PHANTOM_ORGANS.slice(0, organs).forEach((o, i) => (out[i + 1] = o.name));
  return out;
}

export interface PhantomCase {
  /** Case id, "phantom_000" style. */
  id: string;
  image: Volume;
  /** Label map: 0 background, i = PHANTOM_ORGANS[i-1]. */
  label: Volume;
}

const BODY_CT = 35;
const FAT_CT = -95;
const BONE_CT = 450;
const AIR_CT = -1000;
const BODY_MRI = 400;
const FAT_MRI = 700;
const BONE_MRI = 120;

/** A smooth random field: a few random plane waves, normalised to roughly unit amplitude. */
class SmoothNoise {
  private readonly waves: { w: Vec3; phase: number; amp: number }[] = [];

  constructor(rng: Rng, count: number, minFreq: number, maxFreq: number) {
    for (let k = 0; k < count; k++) {
      const dir = randomUnitVector(rng);
      const f = rng.uniform(minFreq, maxFreq);
      this.waves.push({ w: [dir[0] * f, dir[1] * f, dir[2] * f], phase: rng.uniform(0, 2 * Math.PI), amp: rng.uniform(0.5, 1) });
    }
    const norm = Math.sqrt(this.waves.reduce((s, w) => s + w.amp * w.amp, 0) / 2) || 1;
    for (const w of this.waves) w.amp /= norm;
  }

  at(x: number, y: number, z: number): number {
    let s = 0;
    for (const { w, phase, amp } of this.waves) s += amp * Math.sin(w[0] * x + w[1] * y + w[2] * z + phase);
    return s;
  }
}

function randomUnitVector(rng: Rng): Vec3 {
  const z = rng.uniform(-1, 1);
  const t = rng.uniform(0, 2 * Math.PI);
  const r = Math.sqrt(1 - z * z);
  return [r * Math.cos(t), r * Math.sin(t), z];
}

interface PlacedOrgan {
  label: number;
  centre: Vec3; // mm
  radii: Vec3; // mm
  rot: number[]; // 3×3 row-major, world → organ frame
  shape: SmoothNoise; // in unit-sphere coordinates
  shapeAmp: number;
  texture: SmoothNoise; // in mm
  textureAmp: number;
  mean: number;
}

function rotation(rz: number, rx: number): number[] {
  const [cz, sz, cx, sx] = [Math.cos(rz), Math.sin(rz), Math.cos(rx), Math.sin(rx)];
  // Rx · Rz, applied to (p - c); its transpose would map back, which we never need.
  return [cz, sz, 0, -cx * sz, cx * cz, sx, sx * sz, -sx * cz, cx];
}

/** Generates case `index` of the phantom dataset described by `options`; same inputs give bit-identical volumes. */
export function generatePhantom(index: number, options: Partial<PhantomOptions> = {}): PhantomCase {
  const o: PhantomOptions = { ...DEFAULT_PHANTOM_OPTIONS, ...options };
  if (!Number.isInteger(o.organs) || o.organs < 1 || o.organs > PHANTOM_ORGANS.length) {
    throw new Error(`phantom: organs must be an integer from 1 to ${PHANTOM_ORGANS.length}, got ${o.organs}`);
  }
  if (o.size.some((n) => !Number.isInteger(n) || n < 8)) throw new Error(`phantom: size must be integers ≥ 8, got ${o.size.join('×')}`);
  const mri = o.modality === 'mri';
  const noise = o.noise ?? (mri ? 12 : 12);
  const rng = new Rng(mixSeeds(o.seed, index, mri ? 2 : 1));
  const [nx, ny, nz] = o.size;
  const [sx, sy, sz] = o.spacing;
  const half: Vec3 = [(nx * sx) / 2, (ny * sy) / 2, (nz * sz) / 2];

  const bodyR: Vec3 = [half[0] * 0.86 * rng.uniform(0.92, 1.04), half[1] * 0.78 * rng.uniform(0.92, 1.04), half[2] * 0.96];
  const bodyC: Vec3 = [half[0] * rng.uniform(-0.03, 0.03), half[1] * rng.uniform(-0.03, 0.03), 0];
  const bodyShape = new SmoothNoise(rng, 3, 1.5, 3);
  const spineR = Math.min(bodyR[0], bodyR[1]) * 0.16;
  const spineC: [number, number] = [bodyC[0], bodyC[1] - bodyR[1] * 0.68];

  const organs: PlacedOrgan[] = PHANTOM_ORGANS.slice(0, o.organs).map((spec, i) => {
    const jitter = (a: number) => rng.uniform(-a, a);
    const centre: Vec3 = [
      bodyC[0] + (spec.centre[0] + jitter(0.06)) * bodyR[0],
      bodyC[1] + (spec.centre[1] + jitter(0.06)) * bodyR[1],
      bodyC[2] + (spec.centre[2] + jitter(0.06)) * bodyR[2],
    ];
    const radii: Vec3 = [
      spec.radii[0] * bodyR[0] * rng.uniform(0.82, 1.18),
      spec.radii[1] * bodyR[1] * rng.uniform(0.82, 1.18),
      spec.radii[2] * bodyR[2] * rng.uniform(0.82, 1.18),
    ];
    const shape = new SmoothNoise(rng, 4, 2, 4);
    const texture = new SmoothNoise(rng, 4, 0.25, 0.6);
    const base = mri ? spec.mri * rng.uniform(0.93, 1.07) : spec.ct + rng.uniform(-10, 10);
    return {
      label: i + 1,
      centre,
      radii,
      rot: rotation(rng.uniform(-0.45, 0.45), rng.uniform(-0.15, 0.15)),
      shape,
      shapeAmp: rng.uniform(0.08, 0.16),
      texture,
      textureAmp: mri ? spec.texture * 4 : spec.texture,
      mean: base,
    };
  });
  const bias = new SmoothNoise(rng, 3, 0.008, 0.02); // MRI receive-coil bias: very smooth, in mm⁻¹
  const noiseRng = new Rng(mixSeeds(o.seed, index, 7));

  const n = nx * ny * nz;
  const image = new Float32Array(n);
  const label = new Float32Array(n);
  const organRange = organs.map((org) => voxelRange(org, o.size, o.spacing));
  for (let z = 0; z < nz; z++) {
    const pz = (z - (nz - 1) / 2) * sz;
    for (let y = 0; y < ny; y++) {
      const py = (y - (ny - 1) / 2) * sy;
      for (let x = 0; x < nx; x++) {
        const px = (x - (nx - 1) / 2) * sx;
        const i = x + nx * (y + ny * z);
        const bx = (px - bodyC[0]) / bodyR[0];
        const by = (py - bodyC[1]) / bodyR[1];
        const bz = (pz - bodyC[2]) / bodyR[2];
        const bodyDist = Math.sqrt(bx * bx + by * by + bz * bz) + 0.04 * bodyShape.at(bx, by, bz);
        if (bodyDist >= 1) {
          image[i] = mri ? 0 : Math.round(AIR_CT + noise * noiseRng.normal());
          continue;
        }
        let value = bodyDist > 0.86 ? (mri ? FAT_MRI : FAT_CT) : mri ? BODY_MRI : BODY_CT;
        const dsx = px - spineC[0];
        const dsy = py - spineC[1];
        if (dsx * dsx + dsy * dsy < spineR * spineR) value = mri ? BONE_MRI : BONE_CT;
        let lab = 0;
        for (let k = 0; k < organs.length; k++) {
          const r = organRange[k] as number[];
          if (x < r[0]! || x > r[1]! || y < r[2]! || y > r[3]! || z < r[4]! || z > r[5]!) continue;
          const org = organs[k] as PlacedOrgan;
          const dx = px - org.centre[0];
          const dy = py - org.centre[1];
          const dz = pz - org.centre[2];
          const m = org.rot;
          const qx = (m[0]! * dx + m[1]! * dy + m[2]! * dz) / org.radii[0];
          const qy = (m[3]! * dx + m[4]! * dy + m[5]! * dz) / org.radii[1];
          const qz = (m[6]! * dx + m[7]! * dy + m[8]! * dz) / org.radii[2];
          const d = Math.sqrt(qx * qx + qy * qy + qz * qz) + org.shapeAmp * org.shape.at(qx, qy, qz);
          if (d < 1) {
            lab = org.label;
            value = org.mean + org.textureAmp * org.texture.at(px, py, pz);
          }
        }
        if (mri) {
          const b = 1 + 0.15 * bias.at(px, py, pz);
          value = Math.abs(value * b + noise * noiseRng.normal());
        } else {
          value = Math.round(value + noise * noiseRng.normal());
        }
        image[i] = value;
        label[i] = lab;
      }
    }
  }
  const affine = centredAffine(o.size, o.spacing);
  const id = `phantom_${String(index).padStart(3, '0')}`;
  return {
    id,
    image: { data: image, dims: [nx, ny, nz], channels: 1, spacing: [sx, sy, sz], affine, sourceDatatype: mri ? 'float32' : 'int16' },
    label: { data: label, dims: [nx, ny, nz], channels: 1, spacing: [sx, sy, sz], affine: centredAffine(o.size, o.spacing), sourceDatatype: 'uint8' },
  };
}

/** Voxel index bounds [x0, x1, y0, y1, z0, z1] that can contain the organ, so most voxels skip its test. */
function voxelRange(org: PlacedOrgan, size: Vec3, spacing: Vec3): number[] {
  const reach = Math.max(...org.radii) * (1 + org.shapeAmp * 2.2);
  const out: number[] = [];
  for (let a = 0; a < 3; a++) {
    const n = size[a] as number;
    const s = spacing[a] as number;
    const c = (org.centre[a] as number) / s + (n - 1) / 2;
    out.push(Math.max(0, Math.floor(c - reach / s)), Math.min(n - 1, Math.ceil(c + reach / s)));
  }
  return out;
}

/** Voxel → world affine with the grid centred on the origin. */
function centredAffine(size: Vec3, spacing: Vec3): Mat4 {
  return [
    [spacing[0], 0, 0, (-(size[0] - 1) / 2) * spacing[0]],
    [0, spacing[1], 0, (-(size[1] - 1) / 2) * spacing[1]],
    [0, 0, spacing[2], (-(size[2] - 1) / 2) * spacing[2]],
    [0, 0, 0, 1],
  ];
}
