// Intensity normalisation: optional clip (a CT window), then z-score, z-score over non-zero voxels (MRI), or min-max.
// Each channel's statistics are returned so a record can say exactly what was done.
import type { Volume } from '../io/volume';

/** 'zscore': (v - mean) / std over all voxels; 'zscoreNonZero': the same with statistics over non-zero voxels, applied to all; 'minmax': to [0, 1] (the clip window's ends when clipping); 'none'. */
export type NormalizeMode = 'zscore' | 'zscoreNonZero' | 'minmax' | 'none';

export interface IntensityOptions {
  /** Clip to [low, high] before normalising. */
  clip?: [number, number];
  normalize: NormalizeMode;
}

/** Per channel: output = (clip(input) - shift) / scale. */
export interface ChannelIntensity {
  shift: number;
  scale: number;
}

// Added to the standard deviation, as in Choi's (x - mean) / (std + 1e-5), so flat channels stay finite.
const STD_EPS = 1e-5;

/** Normalises `data` in place, channel by channel; returns each channel's shift and scale. */
export function normalizeData(data: Float32Array, channels: number, options: IntensityOptions): ChannelIntensity[] {
  const n = data.length / channels;
  const out: ChannelIntensity[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = data.subarray(c * n, (c + 1) * n);
    const clip = options.clip;
    // The non-zero mask must come from the raw values, before clipping can move them.
    const mask = options.normalize === 'zscoreNonZero' ? plane.map((v) => (v !== 0 ? 1 : 0)) : undefined;
    if (clip) {
      for (let i = 0; i < n; i++) plane[i] = Math.min(clip[1], Math.max(clip[0], plane[i]!));
    }
    const t = channelTransform(plane, options.normalize, clip, mask);
    if (t.shift !== 0 || t.scale !== 1) {
      const inv = 1 / t.scale;
      for (let i = 0; i < n; i++) plane[i] = (plane[i]! - t.shift) * inv;
    }
    out.push(t);
  }
  return out;
}

/** A normalised copy of `volume`, with the per-channel transform. */
export function normalizeIntensity(volume: Volume, options: IntensityOptions): { volume: Volume; channels: ChannelIntensity[] } {
  const data = volume.data.slice();
  const channels = normalizeData(data, volume.channels, options);
  return { volume: { ...volume, data, dims: [...volume.dims], spacing: [...volume.spacing] }, channels };
}

/** Per-patch z-score of a channels-last buffer (Choi normalises every window with its own statistics). */
export function zscoreChannelsLast(data: Float32Array, channels: number): void {
  const n = data.length / channels;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let sq = 0;
    for (let i = c; i < data.length; i += channels) {
      sum += data[i]!;
      sq += data[i]! * data[i]!;
    }
    const mean = sum / n;
    const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
    const inv = 1 / (std + STD_EPS);
    for (let i = c; i < data.length; i += channels) data[i] = (data[i]! - mean) * inv;
  }
}

function channelTransform(plane: Float32Array, mode: NormalizeMode, clip: [number, number] | undefined, mask: Float32Array | undefined): ChannelIntensity {
  switch (mode) {
    case 'none':
      return { shift: 0, scale: 1 };
    case 'minmax': {
      let lo = clip?.[0] ?? Infinity;
      let hi = clip?.[1] ?? -Infinity;
      if (!clip) {
        for (const v of plane) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      return { shift: lo, scale: hi > lo ? hi - lo : 1 };
    }
    case 'zscore':
    case 'zscoreNonZero': {
      // Two-pass in float64 so large CT/MRI values do not lose the variance.
      let count = 0;
      let sum = 0;
      for (let i = 0; i < plane.length; i++) {
        if (mask && mask[i] === 0) continue;
        sum += plane[i]!;
        count++;
      }
      if (count === 0) return { shift: 0, scale: 1 };
      const mean = sum / count;
      let sq = 0;
      for (let i = 0; i < plane.length; i++) {
        if (mask && mask[i] === 0) continue;
        const d = plane[i]! - mean;
        sq += d * d;
      }
      return { shift: mean, scale: Math.sqrt(sq / count) + STD_EPS };
    }
  }
}
