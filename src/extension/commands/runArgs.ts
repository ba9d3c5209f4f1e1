// Commands are invoked from the palette (no argument), tree items (a RunElement), CodeLens and hovers (a run id):
// these helpers turn any of them into run ids.
import type { RunSummary } from '../runs/runState';

export function runIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const a = arg as { kind?: unknown; run?: { id?: unknown }; runId?: unknown };
    if (a.kind === 'run' && typeof a.run?.id === 'string') return a.run.id;
    if (typeof a.runId === 'string') return a.runId;
  }
  return undefined;
}

/** Run ids from a tree's multi-selection (second argument of a view command), or from the clicked item. */
export function runIdsFromArgs(arg: unknown, selection: unknown): string[] {
  const fromSelection = Array.isArray(selection) ? selection.map(runIdFromArg).filter((id): id is string => id !== undefined) : [];
  if (fromSelection.length > 0) return [...new Set(fromSelection)];
  const one = runIdFromArg(arg);
  return one !== undefined ? [one] : [];
}

export function isResumable(run: RunSummary): boolean {
  return (run.live && run.status === 'paused') || run.status === 'stopped' || run.status === 'failed';
}
