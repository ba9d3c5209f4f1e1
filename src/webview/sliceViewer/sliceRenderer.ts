// Draws one slice into a packed RGBA pixel buffer: grey from window/level, then a label overlay (filled or
// outline) or an error map. No allocation per call: the caller owns `out` and the look-up tables.

import type { LabelArray } from './labelMap';
import type { NiftiVolume } from './niftiVolume';
import type { PlaneAxes } from './orientation';
import type { WindowLevel } from './windowLevel';

export interface OverlayLayer {
  kind: 'labels';
  data: LabelArray;
  /** Per label id: packed colour (0xAABBGGRR) whose alpha byte is the blend weight; alpha 0 hides the class. */
  colors: Uint32Array;
  outline: boolean;
}

export interface ErrorLayer {
  kind: 'errors';
  pred: LabelArray;
  ref: LabelArray;
  /** Per label id: 1 when the class is shown. */
  visible: Uint8Array;
  /** Packed colours (alpha = blend weight) for false positive, false negative, true positive. */
  fp: number;
  fn: number;
  tp: number;
}

export interface SliceGeometry {
  ncol: number;
  nrow: number;
  /** Voxel index of screen pixel (0, 0), and the index steps for one pixel right and one pixel down. */
  start: number;
  colStep: number;
  rowStep: number;
}

export function sliceGeometry(dims: [number, number, number], axes: PlaneAxes, slice: number): SliceGeometry {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const ncol = dims[axes.col.axis];
  const nrow = dims[axes.row.axis];
  const cs = strides[axes.col.axis] ?? 1;
  const rs = strides[axes.row.axis] ?? 1;
  return {
    ncol,
    nrow,
    start: slice * (strides[axes.slice] ?? 0) + (axes.col.flip ? (ncol - 1) * cs : 0) + (axes.row.flip ? (nrow - 1) * rs : 0),
    colStep: axes.col.flip ? -cs : cs,
    rowStep: axes.row.flip ? -rs : rs,
  };
}

/** out[v·ncol + u] = the colour of screen pixel (u, v) of the slice. */
export function renderSlice(out: Uint32Array, vol: NiftiVolume, g: SliceGeometry, wl: WindowLevel, greyLut: Uint32Array | undefined, layer?: OverlayLayer | ErrorLayer): void {
  const { ncol, nrow, start, colStep, rowStep } = g;
  const data = vol.data;
  if (greyLut) {
    const off = vol.storedMin;
    for (let v = 0, p = 0; v < nrow; v++) {
      let idx = start + v * rowStep;
      for (let u = 0; u < ncol; u++, p++, idx += colStep) out[p] = greyLut[(data[idx] as number) - off] as number;
    }
  } else {
    // Float data: the same linear map as greyLevel, folded into one multiply-add on stored values.
    const scale = (255 / wl.width) * vol.slope;
    const shift = ((vol.inter - (wl.level - wl.width / 2)) / wl.width) * 255;
    for (let v = 0, p = 0; v < nrow; v++) {
      let idx = start + v * rowStep;
      for (let u = 0; u < ncol; u++, p++, idx += colStep) {
        const x = (data[idx] as number) * scale + shift;
        const q = x <= 0 ? 0 : x >= 255 ? 255 : Math.round(x);
        out[p] = 0xff000000 | (q << 16) | (q << 8) | q;
      }
    }
  }
  if (layer?.kind === 'labels') drawLabels(out, g, layer);
  else if (layer?.kind === 'errors') drawErrors(out, g, layer);
}

/** Mixes colour `c` (alpha byte = weight) over opaque pixel `px`: channel = (px·(255 − a) + c·a) / 255, rounded. */
export function blend(px: number, c: number): number {
  const a = c >>> 24;
  const b = 255 - a;
  const r = (((px & 0xff) * b + (c & 0xff) * a + 127) / 255) | 0;
  const gg = ((((px >>> 8) & 0xff) * b + ((c >>> 8) & 0xff) * a + 127) / 255) | 0;
  const bb = ((((px >>> 16) & 0xff) * b + ((c >>> 16) & 0xff) * a + 127) / 255) | 0;
  return (0xff000000 | (bb << 16) | (gg << 8) | r) >>> 0;
}

function drawLabels(out: Uint32Array, g: SliceGeometry, layer: OverlayLayer): void {
  const { ncol, nrow, start, colStep, rowStep } = g;
  const { data, colors, outline } = layer;
  for (let v = 0, p = 0; v < nrow; v++) {
    let idx = start + v * rowStep;
    for (let u = 0; u < ncol; u++, p++, idx += colStep) {
      const l = data[idx] as number;
      if (l === 0) continue;
      const c = colors[l] ?? 0;
      if (c >>> 24 === 0) continue;
      if (outline) {
        // A boundary pixel has a 4-neighbour in the slice with another label (or is at the slice edge).
        const inside =
          u > 0 && u < ncol - 1 && v > 0 && v < nrow - 1 && data[idx - colStep] === l && data[idx + colStep] === l && data[idx - rowStep] === l && data[idx + rowStep] === l;
        if (inside) continue;
      }
      out[p] = blend(out[p] as number, c);
    }
  }
}

function drawErrors(out: Uint32Array, g: SliceGeometry, layer: ErrorLayer): void {
  const { ncol, nrow, start, colStep, rowStep } = g;
  const { pred, ref, visible, fp, fn, tp } = layer;
  for (let v = 0, p = 0; v < nrow; v++) {
    let idx = start + v * rowStep;
    for (let u = 0; u < ncol; u++, p++, idx += colStep) {
      const a = pred[idx] as number;
      const b = ref[idx] as number;
      if (a === b) {
        if (a !== 0 && visible[a]) out[p] = blend(out[p] as number, tp);
      } else if (a !== 0 && visible[a]) out[p] = blend(out[p] as number, fp);
      else if (b !== 0 && visible[b]) out[p] = blend(out[p] as number, fn);
    }
  }
}
