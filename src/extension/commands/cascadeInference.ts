// Run Inference with a cascade: a fine-stage checkpoint (trained on ROI crops) segments only after its coarse stage.
import type { RunSummary } from '../runs/runState';
import { checkpointEntries } from '../views/checkpointTreeModel';
import type { CheckpointEntry } from '../views/checkpointTreeModel';

export type CoarseStageChoice =
  /** Not a fine stage (or not known to be one): plain inference. */
  | { needed: false }
  /** A fine stage: `known` is the coarse checkpoint its run was trained with; `candidates` the coarse stages trained here. */
  | { needed: true; known: string | undefined; candidates: CheckpointEntry[] };

export function coarseStageFor(runId: string, runs: readonly RunSummary[]): CoarseStageChoice {
  const run = runs.find((r) => r.id === runId);
  if (run?.cascade?.stage !== 'fine') return { needed: false };
  const coarseRuns = runs.filter((r) => r.cascade?.stage === 'coarse');
  const candidates = [...checkpointEntries(coarseRuns, 'student'), ...checkpointEntries(coarseRuns, 'teacher')];
  return { needed: true, known: run.cascade.coarseCheckpoint, candidates };
}
