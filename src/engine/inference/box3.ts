// An axis-aligned box of voxels on a grid, in the Volume's (x, y, z) order, end exclusive. A box may reach past
// the grid (negative start, end beyond dims): that part is padding.
import type { Vec3 } from '../io/volume';

export interface Box3 {
  /** First voxel inside the box, [x, y, z]. */
  start: Vec3;
  /** One past the last voxel inside the box, [x, y, z]. */
  end: Vec3;
}

export function boxSize(box: Box3): Vec3 {
  return [box.end[0] - box.start[0], box.end[1] - box.start[1], box.end[2] - box.start[2]];
}

/** Throws unless the box has integer corners and at least one voxel per axis. */
export function checkBox(box: Box3, who: string): void {
  for (let a = 0; a < 3; a++) {
    const s = box.start[a]!;
    const e = box.end[a]!;
    if (!Number.isInteger(s) || !Number.isInteger(e) || e <= s) {
      throw new Error(`${who}: box [${box.start.join(', ')}]–[${box.end.join(', ')}) needs integer corners and start < end`);
    }
  }
}
