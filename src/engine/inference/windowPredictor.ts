// A predictor that runs outside this thread's tfjs (e.g. on worker threads): windows in, probabilities out, as arrays.

export interface WindowPredictor {
  /**
   * input: `shape` = [N, D, H, W, Cin] windows, row-major → probabilities [N, D, H, W, classes], row-major. `input` is
   * a view of the caller's reused buffer: copy what must outlive the call (ParallelExecutor sends copied shards).
   */
  predictWindows(input: Float32Array, shape: number[]): Promise<Float32Array>;
  /** Windows it works on at once (its workers): sliding-window inference batches at least this many. */
  readonly parallelism: number;
}

export function isWindowPredictor(p: unknown): p is WindowPredictor {
  return typeof p === 'object' && p !== null && typeof (p as WindowPredictor).predictWindows === 'function';
}
