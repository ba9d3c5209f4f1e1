// Per-window intensity normalisation for sliding-window inference (paper 1 z-scores every window on its own).

/**
 * A hook that rewrites one window in place before it goes to the model.
 * window: interleaved [D, H, W, C] (channel fastest), shape = [D, H, W, C].
 */
export type WindowNormalizer = (window: Float32Array, shape: readonly [number, number, number, number]) => void;

export interface ZScoreWindowOptions {
  /** Clip intensities to [lo, hi] first (paper 1: the CT window [−300, 300] HU). */
  clip?: readonly [number, number];
  /** Added to the standard deviation (paper 1: 1e-5). */
  eps?: number;
}

/** Per channel: optional clip, then (x − mean) / (std + eps) with the window's own population statistics. */
export function zScoreWindow(options: ZScoreWindowOptions = {}): WindowNormalizer {
  const eps = options.eps ?? 1e-5;
  const clip = options.clip;
  return (window, shape) => {
    const c = shape[3];
    const n = window.length / c;
    for (let ch = 0; ch < c; ch++) {
      let sum = 0;
      let sumSq = 0;
      for (let i = ch; i < window.length; i += c) {
        let v = window[i]!;
        if (clip) v = v < clip[0] ? clip[0] : v > clip[1] ? clip[1] : v;
        window[i] = v;
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / n;
      const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      const inv = 1 / (std + eps);
      for (let i = ch; i < window.length; i += c) window[i] = (window[i]! - mean) * inv;
    }
  };
}
