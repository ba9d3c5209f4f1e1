// Which runs came from a given config file: by the path the run recorded, or (for runs that recorded none) by name.
import type { RunSummary } from '../runs/runState';

/** Newest first. Paths compare exactly, so callers pass both as absolute filesystem paths. */
export function runsForConfig(configPath: string, configName: string | undefined, runs: readonly RunSummary[]): RunSummary[] {
  return runs
    .filter((r) => (r.configPath !== undefined ? r.configPath === configPath : configName !== undefined && r.name === configName))
    .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}
