// Messages between the ParallelExecutor (main thread) and its gradient workers. Float32Arrays travel as transfers.
import type { BackendName } from '../protocol';

/** A dense float32 tensor that crosses threads: data in row-major order. */
export interface TensorData {
  shape: number[];
  data: Float32Array;
}

/** Named inputs of one step; every entry is split along axis 0 (the batch) between workers. */
export type Batch = Record<string, TensorData>;

export interface GradWorkerData {
  medkdGradWorker: true;
  task: string;
  config: unknown;
  backend: BackendName;
}

export type ToWorker =
  | { id: number; type: 'setWeights'; values: Float32Array[] }
  | { id: number; type: 'gradients'; batch: Batch }
  | { id: number; type: 'predict'; batch: Batch };

export type FromWorker =
  | { id: 0; type: 'ready'; weightShapes: number[][]; backend: BackendName }
  | { id: number; type: 'done' }
  | { id: number; type: 'gradients'; loss: number; grads: Float32Array[] }
  | { id: number; type: 'predict'; output: TensorData }
  | { id: number; type: 'error'; message: string };
