// Normalised surface Dice (Nikolov et al. 2021), voxel version: the fraction of both surfaces that lies within
// `toleranceMm` of the other surface. Both surfaces empty → 1; one empty → 0.
import type { SurfaceDistances } from './surfaceDistances';

export function normalizedSurfaceDice(d: SurfaceDistances, toleranceMm: number): number {
  const total = d.aToB.length + d.bToA.length;
  if (total === 0) return 1;
  let within = 0;
  for (const x of d.aToB) if (x <= toleranceMm) within++;
  for (const x of d.bToA) if (x <= toleranceMm) within++;
  return within / total;
}
