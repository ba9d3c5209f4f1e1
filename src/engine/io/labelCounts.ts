// Voxel counts per value when a volume looks like a label map: integer values only, few distinct ones.

/** Value → voxel count (ascending keys), or undefined once a non-integer or the (maxDistinct+1)-th value turns up. */
export function labelCounts(data: ArrayLike<number>, maxDistinct = 256): Map<number, number> | undefined {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    const c = counts.get(x);
    if (c !== undefined) {
      counts.set(x, c + 1);
      continue;
    }
    if (!Number.isInteger(x) || counts.size >= maxDistinct) return undefined;
    counts.set(x, 1);
  }
  return new Map([...counts.entries()].sort((a, b) => a[0] - b[0]));
}

/** Index of the first non-integer voxel, or -1: label maps must hold whole numbers. */
export function firstNonInteger(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i]!)) return i;
  return -1;
}
