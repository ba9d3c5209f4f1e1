// A loaded case made ready for patch sampling: preprocessed, plus where each foreground class lies so foreground
// oversampling can pick a voxel of a random present class in O(1).
import type { LoadedCase } from './loadCase';
import type { ModalityHint, PreprocessConfig, PreprocessedCase } from './preprocess';
import { preprocessCase } from './preprocess';

export interface PreparedCase extends PreprocessedCase {
  id: string;
  kind: LoadedCase['kind'];
  annotated: number[];
  /** Foreground class id → voxel indices (x fastest) on the preprocessed grid, evenly thinned to at most MAX_CLASS_VOXELS. */
  classVoxels: Map<number, Int32Array>;
}

// Enough positions to cover a class's extent; nnU-Net keeps 10k per class for the same reason.
export const MAX_CLASS_VOXELS = 10000;

export function prepareCase(loaded: LoadedCase, config: PreprocessConfig, hint: ModalityHint = {}): PreparedCase {
  const pre = preprocessCase(loaded.image, loaded.label, config, hint);
  return { ...pre, id: loaded.id, kind: loaded.kind, annotated: loaded.annotated, classVoxels: pre.label ? classVoxels(pre.label.data) : new Map() };
}

/** Voxel indices of every non-zero class, thinned with an even stride (deterministic, no RNG). */
export function classVoxels(labels: Float32Array, max = MAX_CLASS_VOXELS): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l !== 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const out = new Map<number, Int32Array>();
  const seen = new Map<number, number>();
  for (const [l, n] of counts) out.set(l, new Int32Array(Math.min(n, max)));
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) continue;
    const n = counts.get(l)!;
    const k = seen.get(l) ?? 0;
    seen.set(l, k + 1);
    const arr = out.get(l)!;
    // Keep voxel k when it starts a new slot of the even partition of n into arr.length slots.
    const slot = Math.floor((k * arr.length) / n);
    if (Math.floor(((k - 1) * arr.length) / n) !== slot || k === 0) arr[slot] = i;
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}
