// Sliding-window inference on several cores: the WebAssembly and CPU backends run one thread each in Node, so N
// worker threads, each with its own backend and a copy of the networks, predict the windows of a batch in parallel.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { isNativeBackend } from '../backend/isNativeBackend';
import { ParallelExecutor } from '../backend/parallelExecutor';
import type { BackendName } from '../protocol';
import type { Network } from '../models/network';
import { PREDICT_TASK } from './predictorRecipe';
import type { PredictorRecipe } from './predictorRecipe';
import type { WindowPredictor } from './windowPredictor';

/** Environment variable: inference worker threads (0 or 1: predict on the calling thread). */
export const INFER_WORKERS_ENV = 'MEDKD_INFER_WORKERS';

export interface ParallelPredictor extends WindowPredictor {
  dispose(): Promise<void>;
}

/**
 * Worker threads worth starting for inference: none on the native backends (TensorFlow uses every core itself), else
 * one per core up to 4 (each holds a copy of the networks and its own activations); MEDKD_INFER_WORKERS overrides.
 */
export function inferenceWorkerCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const forced = env[INFER_WORKERS_ENV];
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${INFER_WORKERS_ENV}=${forced}: expected a whole number of worker threads (0 or 1 for none)`);
    return n;
  }
  return isNativeBackend() ? 0 : Math.min(cores, 4);
}

/** The worker script: inferenceWorker.js beside the engine bundle (also from dist/bench), else the source through tsx. */
export function inferenceWorkerScript(): string {
  for (const dir of [__dirname, join(__dirname, '..', 'engine')]) {
    const js = join(dir, 'inferenceWorker.js');
    if (existsSync(js)) return js;
  }
  const ts = join(__dirname, 'inferenceWorker.ts');
  if (existsSync(ts)) return ts;
  throw new Error(`inference worker script not found beside ${__dirname}`);
}

/** Starts `workers` threads predicting with `recipe` over copies of `nets` (whose current weights they take). */
export async function startParallelPredictor(recipe: PredictorRecipe, nets: readonly Network[], workers: number): Promise<ParallelPredictor> {
  if (nets.length !== recipe.specs.length) throw new Error(`startParallelPredictor: ${nets.length} networks for ${recipe.specs.length} specs`);
  const backend = tf.getBackend() as BackendName;
  const ex = await ParallelExecutor.start({ script: inferenceWorkerScript(), task: PREDICT_TASK, config: recipe, workers, backend });
  try {
    const values = nets.flatMap((n) => [...n.variables.values()].map((v) => v.dataSync() as Float32Array));
    await ex.setWeights(values);
  } catch (e) {
    await ex.dispose();
    throw e;
  }
  return {
    parallelism: ex.size,
    predictWindows: async (input, shape) => (await ex.predict({ x: { shape, data: input } })).data,
    dispose: () => ex.dispose(),
  };
}
