// Hand-made label maps for post-processing tests: list the voxels, get a Uint8Array (x fastest).
import type { Vec3 } from '../../../src/engine/io/volume';

export type Voxel = [x: number, y: number, z: number, label: number];

export function paintVoxels(dims: Vec3, voxels: readonly Voxel[]): Uint8Array {
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [x, y, z, l] of voxels) out[x + dims[0] * (y + dims[1] * z)] = l;
  return out;
}

/** The voxels of a box [x0, x1) × [y0, y1) × [z0, z1), all with one label. */
export function boxVoxels(x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, label: number): Voxel[] {
  const out: Voxel[] = [];
  for (let z = z0; z < z1; z++) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.push([x, y, z, label]);
  return out;
}
