// Messages between a PrefetchingBatchSource and its data worker thread (types only).
import type { Batch, BatchOptions } from './batchMaker';
import type { CaseKind } from './caseRecord';
import type { DataConfig } from './dataConfig';

/** workerData: everything the worker needs to rebuild the same dataset and batch maker. */
export interface DataWorkerInit {
  config: DataConfig;
  baseDir: string;
  options: BatchOptions;
}

export type DataWorkerRequest = { type: 'batch'; kind: CaseKind; index: number };

export type DataWorkerReply =
  | { type: 'batch'; batch: Batch }
  | { type: 'error'; kind: CaseKind; index: number; message: string };
