// Paper 1's coarse-to-fine cascade as plumbing: coarse mask → ROI box → fine prediction on the crop → pasted back.
// The stages are collaborators (each does its own resampling, sliding window and post-processing).
import type { Mat4, Vec3, Volume } from '../io/volume';
import { boxSize } from './box3';
import type { Box3 } from './box3';
import { cropBox } from './cropBox';
import { pasteBox } from './pasteBox';
import type { Roi, RoiOptions } from './roiBoundingBox';
import { roiBoundingBox } from './roiBoundingBox';

export interface CascadeStages {
  /** Whole image → coarse label map on its own grid (paper 1: resample to 96³, predict, argmax, largest component per class). */
  coarse: (image: Volume) => Promise<{ labels: ArrayLike<number>; dims: Vec3 }>;
  /** The ROI crop (original resolution, affine and spacing kept) → label map on the crop's grid. */
  fine: (roi: Volume) => Promise<Uint8Array>;
}

export interface CascadeResult {
  /** On the input grid; background outside the ROI. */
  labels: Uint8Array;
  roi: Roi;
}

/** The crop of a volume as a Volume of its own: world positions unchanged (affine translated by the box start). */
export function cropVolumeToBox(image: Volume, box: Box3): Volume {
  const a = image.affine;
  const [sx, sy, sz] = box.start;
  const affine = a.map((row, r) => (r === 3 ? [...row] : [row[0], row[1], row[2], row[3] + row[0] * sx + row[1] * sy + row[2] * sz])) as Mat4;
  const data = cropBox(image.data, image.dims, box, { channels: image.channels });
  return { data, dims: boxSize(box), channels: image.channels, spacing: [...image.spacing], affine, sourceDatatype: image.sourceDatatype };
}

export async function cascadeInference(image: Volume, stages: CascadeStages, options: Omit<RoiOptions, 'spacing'> = {}): Promise<CascadeResult> {
  const coarse = await stages.coarse(image);
  const roi = roiBoundingBox(coarse.labels, coarse.dims, image.dims, { ...options, spacing: image.spacing });
  const size = boxSize(roi.box);
  const fine = await stages.fine(cropVolumeToBox(image, roi.box));
  if (fine.length !== size[0] * size[1] * size[2]) throw new Error(`cascadeInference: fine stage returned ${fine.length} voxels for a ${size.join('×')} ROI`);
  return { labels: pasteBox(fine, roi.box, image.dims), roi };
}
