// Where sliding windows start along one axis: a regular grid whose last window ends flush with the volume.

/** Step between window starts for a patch and an overlap fraction (at least 1 voxel). */
export function windowStride(patch: number, overlap: number): number {
  // The epsilon keeps e.g. 10·(1 − 0.7) = 3.0000000000000004 and 10·(1 − 0.9) = 0.9999999999999998 at 3 and 1.
  return Math.max(1, Math.floor(patch * (1 - overlap) + 1e-9));
}

/**
 * Start indices of windows of length `patch` covering [0, size), stride from `overlap` (0 ≤ overlap < 1).
 * Starts are k·stride while the window ends before `size`, then one window at size − patch (no duplicates).
 */
export function windowStarts(size: number, patch: number, overlap: number): number[] {
  if (!Number.isInteger(patch) || patch < 1 || !Number.isInteger(size) || size < patch) {
    throw new Error(`windowStarts: need integers 1 ≤ patch ≤ size, got patch ${patch}, size ${size} (pad first)`);
  }
  if (!(overlap >= 0 && overlap < 1)) throw new Error(`windowStarts: overlap must be in [0, 1), got ${overlap}`);
  const stride = windowStride(patch, overlap);
  const starts: number[] = [];
  for (let s = 0; s + patch < size; s += stride) starts.push(s);
  starts.push(size - patch);
  return starts;
}
