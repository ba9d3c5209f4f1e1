// The surface of a binary mask: its foreground voxels with at least one of 6 face neighbours in the background.
// Voxels on the grid border count as surface (outside the grid is background), as in medpy and MONAI.
import type { Vec3 } from '../io/volume';

export function surfaceMask(mask: Uint8Array, dims: Vec3): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = new Uint8Array(mask.length);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        const i = row + x;
        if (!mask[i]) continue;
        const inside =
          x > 0 && x < nx - 1 && y > 0 && y < ny - 1 && z > 0 && z < nz - 1 &&
          mask[i - 1] && mask[i + 1] && mask[i - nx] && mask[i + nx] && mask[i - sxy] && mask[i + sxy];
        if (!inside) out[i] = 1;
      }
    }
  }
  return out;
}
