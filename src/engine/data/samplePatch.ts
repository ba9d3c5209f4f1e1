// Choosing where a patch goes (foreground oversampling: some patches centre on a voxel of a random present class,
// the rest are uniform) and cutting a box out of a volume into channels-last order, padding outside the volume.
import type { Vec3, Volume } from '../io/volume';
import type { Patch } from './patch';
import type { Rng } from './rng';

/**
 * The patch's first voxel [x, y, z] for a patch of `size` in a grid of `dims`. Starts range over [min(0, n-p), max(0, n-p)],
 * so a patch never leaves a large-enough volume and a too-small volume lands anywhere inside the patch.
 * With `foreground`, the patch centres on a voxel of a uniformly chosen class (then clamps to that range).
 */
export function choosePatchStart(dims: Vec3, size: Vec3, rng: Rng, foreground?: Map<number, Int32Array>): Vec3 {
  const classes = foreground ? [...foreground.entries()].filter(([, v]) => v.length > 0) : [];
  const lo = [0, 1, 2].map((a) => Math.min(0, dims[a]! - size[a]!));
  const hi = [0, 1, 2].map((a) => Math.max(0, dims[a]! - size[a]!));
  if (classes.length > 0) {
    const voxels = rng.pick(classes)[1];
    const v = voxels[rng.int(0, voxels.length - 1)]!;
    const pos = [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];
    return [0, 1, 2].map((a) => Math.min(hi[a]!, Math.max(lo[a]!, pos[a]! - Math.floor(size[a]! / 2)))) as Vec3;
  }
  return [0, 1, 2].map((a) => rng.int(lo[a]!, hi[a]!)) as Vec3;
}

/**
 * Copies the box starting at `start` (may be negative or run past the end) into a channels-last patch; image voxels
 * outside the volume take `fill[c]`, label voxels 0.
 */
export function extractPatch(image: Volume, label: Volume | undefined, start: Vec3, size: Vec3, fill: number[]): Patch {
  const [nx, ny, nz] = image.dims;
  const [px, py, pz] = size;
  const C = image.channels;
  const n = nx * ny * nz;
  const out = new Float32Array(px * py * pz * C);
  const lab = label ? new Uint8Array(px * py * pz) : undefined;
  for (let c = 0; c < C; c++) {
    const f = fill[c] ?? 0;
    for (let i = c; i < out.length; i += C) out[i] = f;
  }
  // Only the overlap of the box with the grid is copied; the rest keeps the fill.
  const x0 = Math.max(0, -start[0]);
  const x1 = Math.min(px, nx - start[0]);
  for (let z = Math.max(0, -start[2]); z < Math.min(pz, nz - start[2]); z++) {
    for (let y = Math.max(0, -start[1]); y < Math.min(py, ny - start[1]); y++) {
      const srcRow = start[0] + nx * (start[1] + y + ny * (start[2] + z));
      const dstRow = px * (y + py * z);
      for (let c = 0; c < C; c++) {
        const plane = c * n;
        for (let x = x0; x < x1; x++) out[(dstRow + x) * C + c] = image.data[plane + srcRow + x]!;
      }
      if (lab && label) for (let x = x0; x < x1; x++) lab[dstRow + x] = label.data[srcRow + x]!;
    }
  }
  return { image: out, ...(lab ? { label: lab } : {}), size: [px, py, pz], channels: C };
}
