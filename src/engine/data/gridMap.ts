// A per-axis linear map from one voxel grid to another (new index i ↔ old index offset + scale·i). Crops, pads and
// resamples are all such maps, so one helper keeps their affines and spacings consistent and invertible.
import type { Mat4, Vec3 } from '../io/volume';

/** Old voxel coordinate = offset + scale · new voxel coordinate, on one axis. */
export interface AxisMap {
  scale: number;
  offset: number;
}

export type GridMap = [AxisMap, AxisMap, AxisMap];

/** The inverse map (old → new). */
export function invertGridMap(map: GridMap): GridMap {
  return map.map(({ scale, offset }) => ({ scale: 1 / scale, offset: -offset / scale })) as GridMap;
}

/** The affine of the new grid: old affine · [diag(scale) | offset]. */
export function mapAffine(affine: Mat4, map: GridMap): Mat4 {
  return affine.map((row, r) => {
    if (r === 3) return [...row];
    const out = [0, 0, 0, row[3]];
    for (let a = 0; a < 3; a++) {
      out[a] = row[a]! * map[a]!.scale;
      out[3] = out[3]! + row[a]! * map[a]!.offset;
    }
    return out;
  }) as Mat4;
}

/** The voxel size of the new grid. */
export function mapSpacing(spacing: Vec3, map: GridMap): Vec3 {
  return [spacing[0] * Math.abs(map[0].scale), spacing[1] * Math.abs(map[1].scale), spacing[2] * Math.abs(map[2].scale)];
}
