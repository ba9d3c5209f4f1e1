// What the training loop pulls batches from: labelled and unlabelled streams (methods alternate them), each a
// numbered sequence of batches fixed by the seed. This in-process source makes them on demand; the prefetching
// one (prefetchBatchSource.ts) makes the same batches ahead of time on the second core.
import type { Batch, BatchOptions } from './batchMaker';
import { BatchMaker } from './batchMaker';
import type { CaseKind } from './caseRecord';
import type { Dataset } from './loadDataset';

export interface BatchSource {
  /** The next batch of a stream. */
  next(kind: CaseKind): Promise<Batch>;
  /** Stops background work and frees memory; later next() calls reject. */
  close(): Promise<void>;
}

export interface BatchSourceOptions extends BatchOptions {
  /** Index of the first batch of each stream (a resumed run continues where it stopped); default 0. */
  start?: Partial<Record<CaseKind, number>>;
}

export function createBatchSource(dataset: Dataset, options: BatchSourceOptions): BatchSource {
  const maker = new BatchMaker(dataset, options);
  const counter: Record<CaseKind, number> = { labelled: options.start?.labelled ?? 0, unlabelled: options.start?.unlabelled ?? 0 };
  let closed = false;
  return {
    async next(kind) {
      if (closed) throw new Error('data: batch source is closed');
      return maker.make(kind, counter[kind]++);
    },
    async close() {
      closed = true;
    },
  };
}
