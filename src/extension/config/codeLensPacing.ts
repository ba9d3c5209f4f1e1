// When the config CodeLens may redraw. VS Code cancels an unanswered CodeLens request on every change event, so
// refreshing on each training step (several a second) starves a newly opened config of its lenses while the extension
// host is busy. A run starting, ending or changing status redraws at once; step and loss changes at most every
// `minIntervalMs`.
import type { RunSummary } from '../runs/runState';

/** What the lenses show besides step counts: which runs exist and their status. */
export function lensShape(runs: readonly RunSummary[]): string {
  return runs.map((r) => `${r.id}:${r.status}:${r.live ? 'live' : ''}:${r.configPath ?? ''}`).join('|');
}

export interface LensPacing {
  shape: string;
  firedAt: number;
}

/** Milliseconds to wait before redrawing: 0 for now. */
export function lensRedrawDelay(last: LensPacing | undefined, shape: string, now: number, minIntervalMs: number): number {
  if (!last || last.shape !== shape) return 0;
  return Math.max(0, last.firedAt + minIntervalMs - now);
}
