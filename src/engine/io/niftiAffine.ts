// One voxel → world affine per file, by one rule: the sform when sform_code > 0, else the qform when
// qform_code > 0, else plain pixdim scaling (NIfTI "method 1"). Lengths are converted to millimetres.
import type { NiftiHeader } from './niftiHeader';
import type { Mat4, Vec3 } from './volume';
import { qformToAffine } from './qform';

export type AffineSource = 'sform' | 'qform' | 'pixdim';

export interface NiftiGeometry {
  affine: Mat4;
  spacing: Vec3;
  /** Which header fields gave the affine. */
  source: AffineSource;
}

export function niftiAffine(h: NiftiHeader): NiftiGeometry {
  const unit = unitToMm(h.xyztUnits);
  const pix = (i: number): number => {
    const p = Math.abs(h.pixdim[i] ?? 0);
    return Number.isFinite(p) && p > 0 ? p : 1;
  };
  let affine: Mat4;
  let source: AffineSource;
  const sform = sformAffine(h);
  if (h.sformCode > 0 && isNonSingular(sform)) {
    affine = sform;
    source = 'sform';
  } else if (h.qformCode > 0) {
    affine = qformToAffine({ quatern: h.quatern, qoffset: h.qoffset, pixdim: [pix(1), pix(2), pix(3)], qfac: (h.pixdim[0] ?? 1) < 0 ? -1 : 1 });
    source = 'qform';
  } else {
    affine = [
      [pix(1), 0, 0, 0],
      [0, pix(2), 0, 0],
      [0, 0, pix(3), 0],
      [0, 0, 0, 1],
    ];
    source = 'pixdim';
  }
  // `+ 0` turns the -0 some files store into 0, so equal grids compare equal.
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) affine[i]![j] = affine[i]![j]! * unit + 0;
  return { affine, spacing: [pix(1) * unit, pix(2) * unit, pix(3) * unit], source };
}

function sformAffine(h: NiftiHeader): Mat4 {
  const row = (i: 0 | 1 | 2): [number, number, number, number] => [h.srow[i][0] ?? 0, h.srow[i][1] ?? 0, h.srow[i][2] ?? 0, h.srow[i][3] ?? 0];
  return [row(0), row(1), row(2), [0, 0, 0, 1]];
}

/** An all-zero or flat sform (written by some tools with sform_code set) cannot place voxels: fall back. */
function isNonSingular(m: Mat4): boolean {
  const d =
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  return Number.isFinite(d) && d !== 0;
}

/** xyzt_units bits 0-2: 1 metre, 2 mm, 3 micron; unknown (0) is taken as mm. */
function unitToMm(xyztUnits: number): number {
  switch (xyztUnits & 7) {
    case 1:
      return 1000;
    case 3:
      return 0.001;
    default:
      return 1;
  }
}
