// Window/level: presets, automatic windows from percentiles, and the stored-value → grey mapping.

import type { NiftiVolume } from './niftiVolume';

export interface WindowLevel {
  width: number;
  level: number;
}

export type WindowPresetId = 'auto' | 'ctAbdomen' | 'ctBone' | 'ctBrain' | 'mriBrain';

export const WINDOW_PRESETS: { id: WindowPresetId; label: string }[] = [
  { id: 'auto', label: 'Auto (1–99 %)' },
  { id: 'ctAbdomen', label: 'CT abdomen (W400 L40)' },
  { id: 'ctBone', label: 'CT bone (W1800 L400)' },
  { id: 'ctBrain', label: 'CT brain (W80 L40)' },
  { id: 'mriBrain', label: 'Brain MRI (0.5–99.5 % of tissue)' },
];

export function presetWindow(id: WindowPresetId, vol: NiftiVolume): WindowLevel {
  switch (id) {
    case 'ctAbdomen':
      return { width: 400, level: 40 };
    case 'ctBone':
      return { width: 1800, level: 400 };
    case 'ctBrain':
      return { width: 80, level: 40 };
    case 'auto':
      return fromRange(percentiles(vol, [1, 99], false));
    case 'mriBrain':
      // MRI has no absolute units and mostly zero background: window on the tissue's own spread.
      return fromRange(percentiles(vol, [0.5, 99.5], true));
  }
}

function fromRange([lo, hi]: number[]): WindowLevel {
  const a = lo ?? 0;
  const b = hi ?? 1;
  return { width: Math.max(b - a, 1e-6), level: (a + b) / 2 };
}

/** Nearest-rank percentiles of real values (over at most ~1M sampled voxels; exact below that). */
export function percentiles(vol: NiftiVolume, ps: number[], excludeZero: boolean): number[] {
  const n = vol.data.length;
  const stride = Math.max(1, Math.floor(n / 1_000_000));
  const sample = new Float64Array(Math.ceil(n / stride));
  let m = 0;
  for (let i = 0; i < n; i += stride) {
    const v = (vol.data[i] ?? 0) * vol.slope + vol.inter;
    if (excludeZero && v === 0) continue;
    sample[m++] = v;
  }
  const sorted = sample.subarray(0, m).sort();
  if (m === 0) return ps.map(() => 0);
  return ps.map((p) => sorted[Math.min(m - 1, Math.max(0, Math.round((p / 100) * (m - 1))))] ?? 0);
}

/** Grey level 0–255 of real value `v`: linear from level − width/2 (black) to level + width/2 (white). */
export function greyLevel(v: number, wl: WindowLevel): number {
  const lo = wl.level - wl.width / 2;
  const g = ((v - lo) / wl.width) * 255;
  return g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
}

/**
 * Packed opaque RGBA (little-endian ABGR) for every stored integer from storedMin to storedMax, so drawing a
 * slice is one table read per pixel. Undefined for float data or ranges too wide to tabulate.
 */
export function greyTable(vol: NiftiVolume, wl: WindowLevel, out?: Uint32Array): Uint32Array | undefined {
  const size = vol.storedMax - vol.storedMin + 1;
  if (!vol.integer || size > 1 << 20) return undefined;
  const t = out && out.length === size ? out : new Uint32Array(size);
  for (let s = 0; s < size; s++) {
    const g = greyLevel((s + vol.storedMin) * vol.slope + vol.inter, wl);
    t[s] = 0xff000000 | (g << 16) | (g << 8) | g;
  }
  return t;
}
