// The NIfTI qform: a rotation quaternion, voxel sizes, qfac and an offset. Converted both ways so a written
// file carries a qform matching its sform (viewers such as ITK-SNAP read the qform first).
// Formulas follow nifti1_io.c (nifti_quatern_to_mat44, nifti_mat44_to_quatern).
import type { Mat4, Vec3 } from './volume';

export interface Qform {
  /** Quaternion b, c, d; a = sqrt(1 - b² - c² - d²) ≥ 0. */
  quatern: Vec3;
  qoffset: Vec3;
  /** Voxel sizes (pixdim[1..3]), positive. */
  pixdim: Vec3;
  /** pixdim[0]: +1 for a right-handed voxel grid, -1 to flip k. */
  qfac: 1 | -1;
}

export function qformToAffine(q: Qform): Mat4 {
  let [b, c, d] = q.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // b, c, d describe a 180° rotation, perhaps with rounding: renormalise them (as nifti1_io does).
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= n;
    c *= n;
    d *= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [dx, dy, dzRaw] = q.pixdim.map((p) => (p > 0 ? p : 1)) as Vec3;
  const dz = q.qfac < 0 ? -dzRaw : dzRaw;
  const [ox, oy, oz] = q.qoffset;
  return [
    [(a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, ox],
    [2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, oy],
    [2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, oz],
    [0, 0, 0, 1],
  ];
}

/** The qform closest to `affine`: its rotation is the orthogonal polar factor of the normalised 3×3 part. */
export function affineToQform(affine: Mat4): Qform {
  const col = (j: 0 | 1 | 2): Vec3 => [affine[0][j], affine[1][j], affine[2][j]];
  const cols = [col(0), col(1), col(2)].map((v, j) => {
    const n = Math.hypot(...v);
    // A zero column (degenerate affine) becomes the matching unit axis, as in nifti1_io.
    return n > 0 ? { dir: v.map((x) => x / n) as Vec3, size: n } : { dir: [0, 1, 2].map((i) => (i === j ? 1 : 0)) as Vec3, size: 1 };
  });
  // R[i][j]: row i, column j.
  let r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => cols[j]!.dir[i]!));
  r = orthogonalPolar(r);
  let qfac: 1 | -1 = 1;
  if (det3(r) < 0) {
    qfac = -1;
    for (const row of r) row[2] = -row[2]!;
  }
  const m = (i: number, j: number): number => r[i]![j]!;
  let a = m(0, 0) + m(1, 1) + m(2, 2) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (m(2, 1) - m(1, 2))) / a;
    c = (0.25 * (m(0, 2) - m(2, 0))) / a;
    d = (0.25 * (m(1, 0) - m(0, 1))) / a;
  } else {
    const xd = 1 + m(0, 0) - (m(1, 1) + m(2, 2));
    const yd = 1 + m(1, 1) - (m(0, 0) + m(2, 2));
    const zd = 1 + m(2, 2) - (m(0, 0) + m(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (m(0, 1) + m(1, 0))) / b;
      d = (0.25 * (m(0, 2) + m(2, 0))) / b;
      a = (0.25 * (m(2, 1) - m(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (m(0, 1) + m(1, 0))) / c;
      d = (0.25 * (m(1, 2) + m(2, 1))) / c;
      a = (0.25 * (m(0, 2) - m(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (m(0, 2) + m(2, 0))) / d;
      c = (0.25 * (m(1, 2) + m(2, 1))) / d;
      a = (0.25 * (m(1, 0) - m(0, 1))) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return {
    quatern: [b, c, d],
    qoffset: [affine[0][3], affine[1][3], affine[2][3]],
    pixdim: [cols[0]!.size, cols[1]!.size, cols[2]!.size],
    qfac,
  };
}

function det3(m: number[][]): number {
  const g = (i: number, j: number): number => m[i]![j]!;
  return g(0, 0) * (g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1)) - g(0, 1) * (g(1, 0) * g(2, 2) - g(1, 2) * g(2, 0)) + g(0, 2) * (g(1, 0) * g(2, 1) - g(1, 1) * g(2, 0));
}

/** Newton iteration X ← (X + X⁻ᵀ)/2: converges to the orthogonal factor of a non-singular matrix. */
function orthogonalPolar(m: number[][]): number[][] {
  let x = m.map((row) => [...row]);
  for (let iter = 0; iter < 50; iter++) {
    const d = det3(x);
    if (Math.abs(d) < 1e-12) return x;
    const g = (i: number, j: number): number => x[i]![j]!;
    // Inverse transpose = cofactor matrix / det.
    const cof = (i: number, j: number): number => {
      const r = [0, 1, 2].filter((k) => k !== i);
      const c = [0, 1, 2].filter((k) => k !== j);
      const minor = g(r[0]!, c[0]!) * g(r[1]!, c[1]!) - g(r[0]!, c[1]!) * g(r[1]!, c[0]!);
      return ((i + j) % 2 === 0 ? minor : -minor) / d;
    };
    const next = [0, 1, 2].map((i) => [0, 1, 2].map((j) => 0.5 * (g(i, j) + cof(i, j))));
    let diff = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) diff += Math.abs(next[i]![j]! - g(i, j));
    x = next;
    if (diff < 1e-12) break;
  }
  return x;
}
