// A BatchSource whose batches are made ahead of time in a worker thread (the second core). The worker rebuilds the
// dataset from the same DataConfig and makes batches by (stream, index), so they equal the in-process source's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Batch } from './batchMaker';
import type { BatchSource, BatchSourceOptions } from './batchSource';
import type { CaseKind } from './caseRecord';
import type { DataConfig } from './dataConfig';
import type { DataWorkerInit, DataWorkerReply, DataWorkerRequest } from './dataWorkerProtocol';

export interface PrefetchOptions {
  /** Batches requested ahead per stream (default 2). */
  depth?: number;
  /** Worker script; default dataWorker.js beside this bundle, or dataWorker.ts through tsx when running from source. */
  workerPath?: string;
  /** Streams to start filling at once, before the first next() (default ['labelled']). */
  warm?: CaseKind[];
}

interface Pending {
  resolve: (b: Batch) => void;
  reject: (e: Error) => void;
  promise: Promise<Batch>;
}

/** Starts the worker; `baseDir` resolves the config's relative paths, as for loadDataset. Call close() when done. */
export function createPrefetchingBatchSource(config: DataConfig, baseDir: string, options: BatchSourceOptions, prefetch: PrefetchOptions = {}): BatchSource {
  const depth = Math.max(1, prefetch.depth ?? 2);
  const script = workerScript(prefetch.workerPath);
  const init: DataWorkerInit = { config, baseDir, options: { ...options } };
  const worker = new Worker(script.path, { workerData: init, execArgv: script.execArgv });
  worker.unref(); // a forgotten close() must not keep the process alive; next() holds a ref while waiting
  const next: Record<CaseKind, number> = { labelled: options.start?.labelled ?? 0, unlabelled: options.start?.unlabelled ?? 0 };
  const requested: Record<CaseKind, number> = { ...next };
  const pending = new Map<string, Pending>();
  let failure: Error | undefined;
  let closed = false;
  let waiting = 0;

  const key = (kind: CaseKind, index: number) => `${kind}:${index}`;
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (msg: DataWorkerReply) => {
    const k = msg.type === 'batch' ? key(msg.batch.kind, msg.batch.index) : key(msg.kind, msg.index);
    const p = pending.get(k);
    if (!p) return;
    if (msg.type === 'batch') p.resolve(msg.batch);
    else p.reject(new Error(msg.message));
  });
  worker.on('error', (err) => fail(new Error(`data worker: ${err.message}`.split('\n')[0]!)));
  worker.on('exit', (code) => {
    if (!closed) fail(new Error(`data worker exited (code ${code})`));
  });

  const request = (kind: CaseKind, index: number) => {
    let resolve!: (b: Batch) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Batch>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // rejections surface through next(); an unawaited prefetch must not crash the process
    pending.set(key(kind, index), { resolve, reject, promise });
    const msg: DataWorkerRequest = { type: 'batch', kind, index };
    worker.postMessage(msg);
  };
  const fill = (kind: CaseKind) => {
    while (requested[kind] < next[kind] + depth) request(kind, requested[kind]++);
  };
  for (const kind of prefetch.warm ?? ['labelled']) fill(kind);

  return {
    async next(kind) {
      if (closed) throw new Error('data: batch source is closed');
      if (failure) throw failure;
      const index = next[kind]++;
      fill(kind);
      const p = pending.get(key(kind, index));
      if (!p) throw failure ?? new Error(`data: batch ${kind} ${index} was not requested`);
      if (waiting++ === 0) worker.ref();
      try {
        return await p.promise;
      } finally {
        pending.delete(key(kind, index));
        if (--waiting === 0) worker.unref();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      fail(new Error('data: batch source is closed'));
      await worker.terminate();
    },
  };
}

function workerScript(override: string | undefined): { path: string; execArgv: string[] } {
  const path = override ?? (existsSync(join(__dirname, 'dataWorker.js')) ? join(__dirname, 'dataWorker.js') : join(__dirname, 'dataWorker.ts'));
  return { path, execArgv: path.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [] };
}
