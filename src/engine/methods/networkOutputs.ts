// How a network's output channels map to the dataset's label ids: softmax classes (possibly a binary single-organ
// teacher's [background, organ]) or sigmoid overlapping regions. Checkpoints carry it so inference agrees with training.
import type { RegionSpec } from './regionSpec';

export interface OutputLabels {
  /** softmax: exclusive classes (argmax); sigmoid: overlapping regions (threshold, then composition). */
  activation: 'softmax' | 'sigmoid';
  /** Softmax: the dataset label id of each output channel ([0, organ] for a binary single-organ teacher); default the channel index. */
  labelIds?: number[];
  /** Sigmoid: the regions the channels are, and how their masks compose back to label ids. */
  regions?: RegionSpec;
}

/** What a recipe asks of one network: its output channel count and their meaning. */
export interface NetworkOutputShape {
  outChannels: number;
  output: OutputLabels;
}

/** Foreground dataset label ids a network can predict: its labelIds, or every foreground id of the dataset. */
export function predictedLabels(output: OutputLabels, datasetLabels: readonly number[]): number[] {
  if (output.activation === 'softmax' && output.labelIds) return output.labelIds.filter((l) => l > 0);
  return datasetLabels.filter((l) => l > 0);
}
