// The worker side of ParallelExecutor: one tfjs backend per worker thread, running a named task on its batch shard.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from './initBackend';
import type { Batch, FromWorker, GradWorkerData, TensorData, ToWorker } from './parallelMessages';

/** What a worker runs: built from a plain config, so every worker builds the same model. */
export interface GradTask {
  /** Trainable weights in a fixed order (the order of gradients and of setWeights values). */
  weights: tf.Variable[];
  /** Mean loss over the shard's samples and its gradients for `weights`, same order. */
  lossAndGradients(inputs: Record<string, tf.Tensor>): { loss: tf.Scalar; grads: tf.Tensor[] };
  /** Forward pass for inference (optional): the named inputs of a shard → one output, batch first. */
  predict?(inputs: Record<string, tf.Tensor>): tf.Tensor;
}

export type GradTaskFactory = (config: unknown) => GradTask | Promise<GradTask>;

function isGradWorkerData(d: unknown): d is GradWorkerData {
  return typeof d === 'object' && d !== null && (d as { medkdGradWorker?: unknown }).medkdGradWorker === true;
}

function toTensors(batch: Batch): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(batch)) out[k] = tf.tensor(v.data, v.shape, 'float32');
  return out;
}

function toData(t: tf.Tensor): TensorData {
  return { shape: [...t.shape], data: t.dataSync() as Float32Array };
}

async function serve(tasks: Record<string, GradTaskFactory>, data: GradWorkerData): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  const factory = tasks[data.task];
  if (factory === undefined) throw new Error(`worker thread: unknown task "${data.task}" (known: ${Object.keys(tasks).join(', ')})`);
  await useBackend(data.backend);
  const task = await factory(data.config);
  port.on('message', (m: ToWorker) => {
    try {
      switch (m.type) {
        case 'setWeights': {
          if (m.values.length !== task.weights.length) throw new Error(`setWeights: ${m.values.length} arrays for ${task.weights.length} weights`);
          task.weights.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(m.values[i]!, v.shape, 'float32'))));
          send({ id: m.id, type: 'done' });
          break;
        }
        case 'gradients': {
          const inputs = toTensors(m.batch);
          const { loss, grads } = task.lossAndGradients(inputs);
          const arrays = grads.map((g) => g.dataSync() as Float32Array);
          const lossValue = loss.dataSync()[0] ?? NaN;
          tf.dispose([...Object.values(inputs), loss, ...grads]);
          send({ id: m.id, type: 'gradients', loss: lossValue, grads: arrays }, arrays.map((a) => a.buffer as ArrayBuffer));
          break;
        }
        case 'predict': {
          if (task.predict === undefined) throw new Error(`task "${data.task}" has no predict`);
          const inputs = toTensors(m.batch);
          const y = task.predict(inputs);
          const output = toData(y);
          tf.dispose([...Object.values(inputs), y]);
          send({ id: m.id, type: 'predict', output }, [output.data.buffer as ArrayBuffer]);
          break;
        }
        default: {
          const never: never = m;
          send({ id: 0, type: 'error', message: `unknown message ${JSON.stringify(never)}` });
        }
      }
    } catch (e) {
      send({ id: m.id, type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
  send({ id: 0, type: 'ready', weightShapes: task.weights.map((v) => [...v.shape]), backend: data.backend });
}

/**
 * Call at the top of any script that hosts gradient workers (the engine, the bench, a test fixture): inside a worker
 * started by ParallelExecutor it serves `tasks` and returns true (skip your main code); elsewhere it returns false.
 * Tasks are looked up by name, so bundles carry them statically.
 */
export function serveGradWorker(tasks: Record<string, GradTaskFactory>): boolean {
  if (isMainThread || !isGradWorkerData(workerData)) return false;
  serve(tasks, workerData).catch((e: unknown) => {
    parentPort?.postMessage({ id: 0, type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
  });
  return true;
}
