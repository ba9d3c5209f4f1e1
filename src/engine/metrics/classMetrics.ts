// Dice, normalised surface Dice and HD95 for every class of a pair of label maps on one grid.
// Surface metrics run inside each class's bounding box (of prediction ∪ reference): exact, and fast with many classes.
import type { Vec3 } from '../io/volume';
import { diceFromCounts } from './dice';
import { hd95 } from './hd95';
import { normalizedSurfaceDice } from './normalizedSurfaceDice';
import { surfaceDistances } from './surfaceDistances';

export interface ClassMetricsOptions {
  /** Voxel size in mm along x, y, z. */
  spacing: Vec3;
  /** Normalised surface Dice tolerance in mm (default 1). */
  toleranceMm?: number;
  /** Per-class tolerances overriding toleranceMm, by label id. */
  classToleranceMm?: Record<number, number>;
  /** Classes to score; default every non-zero value found in either map. */
  labels?: readonly number[];
  /** Skip NSD and HD95 (Dice only). */
  diceOnly?: boolean;
}

export interface ClassResult {
  label: number;
  dice: number;
  /** Normalised surface Dice; undefined with diceOnly. */
  nsd?: number;
  /** mm; Infinity when exactly one of the two maps has the class; undefined with diceOnly. */
  hd95?: number;
  refVoxels: number;
  predVoxels: number;
}

interface ClassStats {
  ref: number;
  pred: number;
  both: number;
  /** Bounding box of pred ∪ ref: min x, y, z, max x, y, z. */
  box: [number, number, number, number, number, number];
}

export function classMetrics(pred: ArrayLike<number>, ref: ArrayLike<number>, dims: Vec3, options: ClassMetricsOptions): ClassResult[] {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (pred.length !== n || ref.length !== n) throw new Error(`classMetrics: grid ${dims.join('×')} needs ${n} voxels, prediction has ${pred.length}, reference ${ref.length}`);
  const stats = countClasses(pred, ref, dims);
  const labels = options.labels ?? [...stats.keys()].sort((a, b) => a - b);
  return labels.map((label) => {
    const s = stats.get(label);
    if (s === undefined) return { label, dice: 1, ...(options.diceOnly ? {} : { nsd: 1, hd95: 0 }), refVoxels: 0, predVoxels: 0 };
    const result: ClassResult = { label, dice: diceFromCounts(s.both, s.pred, s.ref), refVoxels: s.ref, predVoxels: s.pred };
    if (!options.diceOnly) {
      const { a, b, boxDims } = cropMasks(pred, ref, dims, label, s.box);
      const d = surfaceDistances(a, b, boxDims, options.spacing);
      result.nsd = normalizedSurfaceDice(d, options.classToleranceMm?.[label] ?? options.toleranceMm ?? 1);
      result.hd95 = hd95(d);
    }
    return result;
  });
}

function countClasses(pred: ArrayLike<number>, ref: ArrayLike<number>, dims: Vec3): Map<number, ClassStats> {
  const [nx, ny, nz] = dims;
  const stats = new Map<number, ClassStats>();
  const get = (label: number): ClassStats => {
    let s = stats.get(label);
    if (s === undefined) {
      s = { ref: 0, pred: 0, both: 0, box: [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity] };
      stats.set(label, s);
    }
    return s;
  };
  const grow = (s: ClassStats, x: number, y: number, z: number): void => {
    const b = s.box;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (z < b[2]) b[2] = z;
    if (x > b[3]) b[3] = x;
    if (y > b[4]) b[4] = y;
    if (z > b[5]) b[5] = z;
  };
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const p = pred[i]!;
        const r = ref[i]!;
        if (p !== 0) {
          const s = get(p);
          s.pred++;
          if (p === r) s.both++;
          grow(s, x, y, z);
        }
        if (r !== 0) {
          const s = get(r);
          s.ref++;
          if (r !== p) grow(s, x, y, z);
        }
      }
    }
  }
  return stats;
}

function cropMasks(pred: ArrayLike<number>, ref: ArrayLike<number>, dims: Vec3, label: number, box: ClassStats['box']): { a: Uint8Array; b: Uint8Array; boxDims: Vec3 } {
  const [nx, ny] = dims;
  const boxDims: Vec3 = [box[3] - box[0] + 1, box[4] - box[1] + 1, box[5] - box[2] + 1];
  const a = new Uint8Array(boxDims[0] * boxDims[1] * boxDims[2]);
  const b = new Uint8Array(a.length);
  let k = 0;
  for (let z = box[2]; z <= box[5]; z++) {
    for (let y = box[1]; y <= box[4]; y++) {
      let i = box[0] + nx * (y + ny * z);
      for (let x = box[0]; x <= box[3]; x++, i++, k++) {
        a[k] = pred[i] === label ? 1 : 0;
        b[k] = ref[i] === label ? 1 : 0;
      }
    }
  }
  return { a, b, boxDims };
}
