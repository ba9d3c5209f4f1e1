// Where the read-only real data lives (repoRoot/../shared/data), and small builders of synthetic Volumes for tests.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3, Volume } from '../../../src/engine/io/volume';
import { identityAffine } from '../../../src/engine/io/volume';

export const SKIP_SHARED = 'skipped: ../shared/data not found';

/** The shared data folder, or undefined when absent. */
export function sharedData(): string | undefined {
  const dir = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
  return existsSync(dir) ? dir : undefined;
}

/** A volume with data f(x, y, z, c) on a grid of `dims`. */
export function makeVolume(dims: Vec3, f: (x: number, y: number, z: number, c: number) => number, channels = 1, spacing: Vec3 = [1, 1, 1]): Volume {
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz * channels);
  for (let c = 0, i = 0; c < channels; c++) for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) data[i] = f(x, y, z, c);
  return { data, dims: [...dims], channels, spacing: [...spacing], affine: identityAffine(spacing), sourceDatatype: 'float32' };
}

/** Value at (x, y, z, c) of a planar volume. */
export function at(v: Volume, x: number, y: number, z: number, c = 0): number {
  const [nx, ny, nz] = v.dims;
  return v.data[c * nx * ny * nz + x + nx * (y + ny * z)]!;
}

/** A temp folder of empty files named like a dataset, and a fake reader serving `volumes` by relative path. */
export function fakeDataset(volumes: Record<string, Volume>): { root: string; read: (p: string) => Promise<Volume> } {
  const root = mkdtempSync(join(tmpdir(), 'medkd-ds-'));
  for (const f of Object.keys(volumes)) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  const read = async (p: string) => {
    const v = volumes[p.slice(root.length + 1)];
    if (!v) throw new Error(`${p}: file not found`);
    return v;
  };
  return { root, read };
}
