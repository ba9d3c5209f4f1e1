// A patch: a box of voxels in the engine's tensor order, [z][y][x][channel] (channels last), with an optional label box.
import type { Vec3 } from '../io/volume';

export interface Patch {
  /** Intensities, index ((z·ny + y)·nx + x)·channels + c. */
  image: Float32Array;
  /** Label ids, index (z·ny + y)·nx + x. */
  label?: Uint8Array;
  /** [x, y, z] voxels. */
  size: Vec3;
  channels: number;
}
