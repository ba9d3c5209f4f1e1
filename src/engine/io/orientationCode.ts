// The three-letter orientation code of an affine ("RAS", "LPS", ...): for each voxel axis i, j, k, the world
// direction (NIfTI world is RAS+) that the index increases towards, by the axis's largest component.
import type { Mat4 } from './volume';

const POSITIVE = ['R', 'A', 'S'];
const NEGATIVE = ['L', 'P', 'I'];

export function orientationCode(affine: Mat4): string {
  let code = '';
  const used = new Set<number>();
  for (let j = 0; j < 3; j++) {
    let best = -1;
    let bestAbs = 0;
    for (let i = 0; i < 3; i++) {
      const a = Math.abs(affine[i]![j]!);
      // Oblique grids can point two voxel axes at one world axis; give each its own if possible.
      if (a > bestAbs && !used.has(i)) {
        best = i;
        bestAbs = a;
      }
    }
    if (best < 0) return '???';
    used.add(best);
    code += affine[best]![j]! > 0 ? POSITIVE[best] : NEGATIVE[best];
  }
  return code;
}
