// A run's status from its events.jsonl, corrected for engines that are gone: the file's last word can be
// "running" long after the process that wrote it died.
import type { RunEvent, RunStatus } from '../../engine/protocol';

/** What we know about the process that writes the run. */
export type RunOwner =
  /** Our engine runs it now. */
  | 'live'
  /** Our engine ran it and has exited. */
  | 'dead'
  /** Another process (the CLI, an earlier window) may or may not be writing it. */
  | 'unknown';

export interface DerivedStatus {
  status: RunStatus;
  step: number;
  message: string | undefined;
  /** When the status was entered (ms since epoch), if known. */
  since: number | undefined;
}

export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused'];

export function isActiveStatus(s: RunStatus): boolean {
  return ACTIVE_STATUSES.includes(s);
}

export function deriveRunStatus(
  events: readonly RunEvent[],
  ctx: { owner: RunOwner; lastActivity: number; now: number; staleAfterMs: number },
): DerivedStatus {
  let derived: DerivedStatus = { status: 'queued', step: 0, message: undefined, since: undefined };
  for (const e of events) if (e.type === 'status') derived = { status: e.status, step: e.step, message: e.message, since: e.time };
  if (!isActiveStatus(derived.status)) return derived;
  if (ctx.owner === 'dead') return { ...derived, status: 'failed', message: 'the engine stopped before the run finished (data kept on disk; resume from the last checkpoint)' };
  // A paused run is quiet by design; a running or queued one that has written nothing for long has lost its writer.
  if (ctx.owner === 'unknown' && derived.status !== 'paused' && ctx.now - ctx.lastActivity > ctx.staleAfterMs) {
    return { ...derived, status: 'failed', message: `no progress since ${new Date(ctx.lastActivity).toISOString()}: its engine is gone` };
  }
  return derived;
}
