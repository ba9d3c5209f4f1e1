// Per-voxel weights for blending overlapping windows: centres are trusted more than borders (nnU-Net, MONAI).
import type { Vec3 } from '../io/volume';

export interface ImportanceMapOptions {
  /** 'gaussian' weights by a separable Gaussian; 'constant' weighs every voxel 1 (plain averaging). */
  mode?: 'gaussian' | 'constant';
  /** σ per axis = patch size × this (default 1/8, as nnU-Net and paper 1). */
  sigmaScale?: number;
  /** Weights below this are raised to it (default 0: only exact zeros are raised, to the smallest positive weight, as nnU-Net). */
  minWeight?: number;
}

/** 1-D Gaussian over n samples centred at (n − 1)/2, so the map is symmetric for even sizes too. */
function gaussian1d(n: number, sigma: number): Float64Array {
  const g = new Float64Array(n);
  const c = (n - 1) / 2;
  for (let i = 0; i < n; i++) g[i] = Math.exp(-((i - c) * (i - c)) / (2 * sigma * sigma));
  return g;
}

/**
 * The importance map for a window of patchSize [D, H, W]; index (d·H + h)·W + w. Maximum 1, no zeros
 * (a voxel whose every covering weight were 0 would divide 0 by 0).
 */
export function gaussianImportanceMap(patchSize: Vec3, options: ImportanceMapOptions = {}): Float32Array {
  const [d, h, w] = patchSize;
  for (const n of patchSize) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`gaussianImportanceMap: patch size ${patchSize.join('×')} must be positive integers`);
  }
  const map = new Float32Array(d * h * w);
  if ((options.mode ?? 'gaussian') === 'constant') return map.fill(1);
  const scale = options.sigmaScale ?? 1 / 8;
  if (!(scale > 0)) throw new Error(`gaussianImportanceMap: sigmaScale must be > 0, got ${scale}`);
  const gz = gaussian1d(d, d * scale);
  const gy = gaussian1d(h, h * scale);
  const gx = gaussian1d(w, w * scale);
  // Normalise each axis to max 1 so the product peaks at exactly 1.
  for (const g of [gz, gy, gx]) {
    const m = Math.max(...g);
    for (let i = 0; i < g.length; i++) g[i] = g[i]! / m;
  }
  let minPositive = Infinity;
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      const zy = gz[z]! * gy[y]!;
      const row = (z * h + y) * w;
      for (let x = 0; x < w; x++) {
        const v = Math.fround(zy * gx[x]!);
        map[row + x] = v;
        if (v > 0 && v < minPositive) minPositive = v;
      }
    }
  }
  // The centre weight is 1, so minPositive is finite.
  const floor = options.minWeight ?? 0;
  for (let i = 0; i < map.length; i++) {
    const v = map[i]!;
    map[i] = Math.max(v === 0 ? minPositive : v, floor);
  }
  return map;
}
