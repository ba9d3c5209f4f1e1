// Exact Euclidean distance transform on an anisotropic grid: the separable lower-envelope-of-parabolas
// algorithm of Felzenszwalb & Huttenlocher (2012), one pass per axis, O(voxels).
import type { Vec3 } from '../io/volume';

/**
 * Squared distance in mm² from every voxel centre to the nearest voxel where `feature` is non-zero
 * (Infinity everywhere when there is none). Layout x fastest, then y, then z.
 */
export function squaredDistanceTransform(feature: Uint8Array, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const d = new Float64Array(nx * ny * nz);
  for (let i = 0; i < d.length; i++) d[i] = feature[i] ? 0 : Infinity;
  const n = Math.max(nx, ny, nz);
  const work = { line: new Float64Array(n), out: new Float64Array(n), v: new Int32Array(n), z: new Float64Array(n + 1) };
  // Along x, then y, then z: after each pass d holds the exact squared distance within the processed axes.
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) pass(d, (y + ny * z) * nx, 1, nx, spacing[0], work);
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) pass(d, x + nx * ny * z, nx, ny, spacing[1], work);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) pass(d, x + nx * y, nx * ny, nz, spacing[2], work);
  return d;
}

interface Work {
  line: Float64Array;
  out: Float64Array;
  v: Int32Array;
  z: Float64Array;
}

/** 1D transform of the line d[start + k·stride], k < n, with sample spacing h (mm). */
function pass(d: Float64Array, start: number, stride: number, n: number, h: number, w: Work): void {
  const { line: f, out, v, z } = w;
  for (let q = 0; q < n; q++) f[q] = d[start + q * stride]!;
  // Lower envelope of the parabolas (x - xq)² + f(q), over the finite f(q) only.
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    const xq = q * h;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let s: number;
    for (;;) {
      const p = v[k]!;
      const xp = p * h;
      s = (fq + xq * xq - (f[p]! + xp * xp)) / (2 * (xq - xp));
      if (s <= z[k]!) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) return; // no feature on this line: it stays Infinity
  let j = 0;
  for (let q = 0; q < n; q++) {
    const xq = q * h;
    while (z[j + 1]! < xq) j++;
    const p = v[j]!;
    const dx = xq - p * h;
    out[q] = dx * dx + f[p]!;
  }
  for (let q = 0; q < n; q++) d[start + q * stride] = out[q]!;
}
