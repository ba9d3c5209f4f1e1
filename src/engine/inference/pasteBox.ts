// Put a box-sized map back into a grid (cascade ROI → full volume); the rest of the grid is background.
import type { Vec3 } from '../io/volume';
import type { Box3 } from './box3';
import { boxSize, checkBox } from './box3';
import type { CropPasteOptions } from './cropBox';
import { copyBox } from './cropBox';
import type { VoxelArray } from './voxelArray';
import { allocLike } from './voxelArray';

/** data on the box's grid (channel planes) → a dims-sized array, `fill` outside the box; box parts outside dims are dropped. */
export function pasteBox<T extends VoxelArray>(data: T, box: Box3, dims: Vec3, options: CropPasteOptions = {}): T {
  checkBox(box, 'pasteBox');
  const channels = options.channels ?? 1;
  const size = boxSize(box);
  if (data.length !== size[0] * size[1] * size[2] * channels) {
    throw new Error(`pasteBox: ${data.length} values for a ${size.join('×')} box × ${channels} channels`);
  }
  const out = allocLike(data, dims[0] * dims[1] * dims[2] * channels);
  out.fill(options.fill ?? 0);
  copyBox(out, dims, data, size, box.start, channels, 0, 'paste');
  return out;
}
