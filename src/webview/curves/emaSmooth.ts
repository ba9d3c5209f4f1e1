// TensorBoard's smoothing: an exponential moving average, debiased so early points are not pulled toward zero.

/** Smooths `values` with weight `w` in [0, 1) into `out` (same length). Non-finite values pass through and do not reset. */
export function emaSmooth(values: ArrayLike<number>, w: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const state = emaStart();
  for (let i = 0; i < values.length; i++) out[i] = emaNext(state, values[i] ?? NaN, w);
  return out;
}

export interface EmaState {
  last: number;
  count: number;
}

export function emaStart(): EmaState {
  return { last: 0, count: 0 };
}

/** One step, so live appends extend the smoothed line without recomputing it. */
export function emaNext(s: EmaState, y: number, w: number): number {
  if (!Number.isFinite(y)) return y;
  s.last = s.last * w + (1 - w) * y;
  s.count++;
  const debias = w === 1 ? 1 : 1 - Math.pow(w, s.count);
  return s.last / debias;
}
