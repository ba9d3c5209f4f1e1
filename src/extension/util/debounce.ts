// Coalesces bursts (file watcher storms, one metrics message per step) into one call at most every `waitMs`:
// the first call of a burst starts the clock, so a steady stream still refreshes regularly.

export interface Debounced {
  (): void;
  /** Runs a pending call now. */
  flush(): void;
  cancel(): void;
}

export function debounce(fn: () => void, waitMs: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  const d = (() => {
    if (timer === undefined) timer = setTimeout(run, waitMs);
  }) as Debounced;
  d.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return d;
}
