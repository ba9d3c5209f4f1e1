// A label overlay as integers on the image grid, with the classes it contains.

import type { NiftiVolume } from './niftiVolume';

export type LabelArray = Uint8Array | Uint16Array;

export interface LabelMap {
  data: LabelArray;
  /** The non-zero label ids present, ascending. */
  labels: number[];
}

/** Rounds a parsed volume's real values to label ids (negative → 0); refuses a volume on another grid. */
export function toLabelMap(vol: NiftiVolume, grid: [number, number, number]): LabelMap {
  if (vol.dims[0] !== grid[0] || vol.dims[1] !== grid[1] || vol.dims[2] !== grid[2]) {
    throw new Error(`label map grid ${vol.dims.join('×')} differs from the image grid ${grid.join('×')}`);
  }
  const n = vol.data.length;
  const big = vol.max > 255;
  const data: LabelArray = big ? new Uint16Array(n) : new Uint8Array(n);
  const present = new Uint8Array(big ? 65536 : 256);
  const plain = vol.slope === 1 && vol.inter === 0;
  for (let i = 0; i < n; i++) {
    const s = vol.data[i] ?? 0;
    const v = Math.round(plain ? s : s * vol.slope + vol.inter);
    const l = v < 0 ? 0 : v > 65535 ? 65535 : v;
    data[i] = l;
    present[l] = 1;
  }
  const labels: number[] = [];
  for (let l = 1; l < present.length; l++) if (present[l]) labels.push(l);
  return { data, labels };
}
