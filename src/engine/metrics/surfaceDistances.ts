// Distances (mm) from each surface voxel of one mask to the nearest surface voxel of the other, both ways:
// the input of normalised surface Dice and HD95.
import type { Vec3 } from '../io/volume';
import { squaredDistanceTransform } from './distanceTransform';
import { surfaceMask } from './surfaceMask';

export interface SurfaceDistances {
  /** One entry per surface voxel of A: distance to B's surface (Infinity when B is empty). */
  aToB: Float64Array;
  /** One entry per surface voxel of B: distance to A's surface (Infinity when A is empty). */
  bToA: Float64Array;
}

export function surfaceDistances(a: Uint8Array, b: Uint8Array, dims: Vec3, spacing: Vec3): SurfaceDistances {
  const sa = surfaceMask(a, dims);
  const sb = surfaceMask(b, dims);
  return { aToB: distancesAt(sa, squaredDistanceTransform(sb, dims, spacing)), bToA: distancesAt(sb, squaredDistanceTransform(sa, dims, spacing)) };
}

function distancesAt(surface: Uint8Array, squared: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < surface.length; i++) n += surface[i]!;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < surface.length; i++) if (surface[i]) out[k++] = Math.sqrt(squared[i]!);
  return out;
}
