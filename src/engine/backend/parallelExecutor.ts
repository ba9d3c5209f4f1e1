// Data parallelism over worker threads: the WASM backend is single-threaded in Node, so N workers, each with its own
// backend and model copy, split every batch along axis 0 and their gradients are combined here.
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../protocol';
import type { Batch, FromWorker, GradWorkerData, TensorData, ToWorker } from './parallelMessages';

export interface ParallelExecutorOptions {
  /** A script that calls serveGradWorker(tasks) at load (.ts runs through tsx, for tests and development). */
  script: string;
  /** The task's name in that script's registry. */
  task: string;
  /** Passed to the task factory in every worker (structured-cloneable). */
  config?: unknown;
  /** Worker count (default 2: this project's machines have 2 cores). */
  workers?: number;
  backend?: BackendName;
}

export interface CombinedGradients {
  /** The batch-mean loss: shard losses weighted by shard size. */
  loss: number;
  /** Gradients of that loss, one per weight: shard gradients weighted by shard size and summed. */
  grads: Float32Array[];
  samples: number;
}

interface Pending {
  resolve(m: FromWorker): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set once the worker crashed or exited: later requests fail at once with it. */
  failed?: Error;
}

/** Rows [start, start + count) of a batch-first tensor. */
function rows(t: TensorData, start: number, count: number): TensorData {
  const per = t.shape.slice(1).reduce((p, d) => p * d, 1);
  return { shape: [count, ...t.shape.slice(1)], data: t.data.slice(start * per, (start + count) * per) };
}

function batchSize(batch: Batch): number {
  const sizes = new Set(Object.values(batch).map((t) => t.shape[0] ?? 0));
  const [n] = sizes;
  if (sizes.size !== 1 || n === undefined) throw new Error(`batch entries disagree on the batch size: ${[...sizes].join(', ')}`);
  return n;
}

/** Contiguous shards as equal as possible; workers beyond the batch size get none. */
export function shardSizes(samples: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, i) => Math.floor(samples / workers) + (i < samples % workers ? 1 : 0)).filter((s) => s > 0);
}

export class ParallelExecutor {
  private nextId = 1;

  private constructor(
    private readonly slots: Slot[],
    /** Shapes of the task's weights, in order. */
    readonly weightShapes: number[][],
  ) {}

  /** Starts the workers and waits until each has built its task. */
  static async start(opts: ParallelExecutorOptions): Promise<ParallelExecutor> {
    const count = opts.workers ?? 2;
    const data: GradWorkerData = { medkdGradWorker: true, task: opts.task, config: opts.config ?? null, backend: opts.backend ?? 'wasm' };
    const slots: Slot[] = [];
    const ready: Promise<number[][]>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = opts.script.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(opts.script)});`, { eval: true, workerData: data })
        : new Worker(opts.script, { workerData: data });
      const slot: Slot = { worker, pending: new Map() };
      slots.push(slot);
      ready.push(
        new Promise((resolve, reject) => {
          slot.pending.set(0, { resolve: (m) => (m.type === 'ready' ? resolve(m.weightShapes) : reject(new Error('worker sent no ready message'))), reject });
        }),
      );
      worker.on('message', (m: FromWorker) => {
        const p = slot.pending.get(m.id);
        if (p === undefined) return;
        slot.pending.delete(m.id);
        if (m.type === 'error') p.reject(new Error(`worker thread ${i} (${opts.task}): ${m.message}`));
        else p.resolve(m);
      });
      const fail = (e: Error): void => {
        slot.failed ??= e;
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      worker.on('error', (e) => fail(new Error(`worker thread ${i} (${opts.task}) crashed: ${e.message}`)));
      worker.on('exit', (code) => fail(new Error(`worker thread ${i} (${opts.task}) exited (code ${code})`)));
    }
    try {
      const shapes = await Promise.all(ready);
      return new ParallelExecutor(slots, shapes[0] ?? []);
    } catch (e) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw e;
    }
  }

  get size(): number {
    return this.slots.length;
  }

  private request(slot: Slot, msg: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (slot.failed) {
        reject(slot.failed);
        return;
      }
      slot.pending.set(msg.id, { resolve, reject });
      slot.worker.postMessage(msg, transfer);
    });
  }

  /** Copies the weights (in task order) into every worker: call after each optimiser step. */
  async setWeights(values: Float32Array[]): Promise<void> {
    if (values.length !== this.weightShapes.length) throw new Error(`setWeights: ${values.length} arrays for ${this.weightShapes.length} weights`);
    await Promise.all(this.slots.map((s) => this.request(s, { id: this.nextId++, type: 'setWeights', values })));
  }

  private async scatter(batch: Batch, type: 'gradients' | 'predict'): Promise<{ sizes: number[]; replies: FromWorker[] }> {
    const n = batchSize(batch);
    const sizes = shardSizes(n, this.slots.length);
    let start = 0;
    const replies = await Promise.all(
      sizes.map((count, i) => {
        const shard: Batch = {};
        for (const [k, t] of Object.entries(batch)) shard[k] = rows(t, start, count);
        start += count;
        return this.request(this.slots[i]!, { id: this.nextId++, type, batch: shard }, Object.values(shard).map((t) => t.data.buffer as ArrayBuffer));
      }),
    );
    return { sizes, replies };
  }

  /** Loss and gradients of the batch mean, the shards computed in parallel (each worker returns its shard's mean). */
  async computeGradients(batch: Batch): Promise<CombinedGradients> {
    const { sizes, replies } = await this.scatter(batch, 'gradients');
    const total = sizes.reduce((a, b) => a + b, 0);
    const grads = this.weightShapes.map((s) => new Float32Array(s.reduce((p, d) => p * d, 1)));
    let loss = 0;
    replies.forEach((r, i) => {
      if (r.type !== 'gradients') throw new Error(`unexpected ${r.type} reply`);
      const share = sizes[i]! / total;
      loss += share * r.loss;
      r.grads.forEach((g, j) => {
        const acc = grads[j]!;
        for (let k = 0; k < acc.length; k++) acc[k]! += share * g[k]!;
      });
    });
    return { loss, grads, samples: total };
  }

  /** Forward passes of a batch (e.g. sliding windows) split across workers; outputs concatenated in batch order. */
  async predict(batch: Batch): Promise<TensorData> {
    const { replies } = await this.scatter(batch, 'predict');
    const outs = replies.map((r) => {
      if (r.type !== 'predict') throw new Error(`unexpected ${r.type} reply`);
      return r.output;
    });
    const first = outs[0];
    if (first === undefined) throw new Error('predict: empty batch');
    const data = new Float32Array(outs.reduce((a, o) => a + o.data.length, 0));
    let offset = 0;
    for (const o of outs) {
      data.set(o.data, offset);
      offset += o.data.length;
    }
    return { shape: [outs.reduce((a, o) => a + (o.shape[0] ?? 0), 0), ...first.shape.slice(1)], data };
  }

  /** Stops every worker. */
  async dispose(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
