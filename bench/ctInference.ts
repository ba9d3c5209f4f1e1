// Student sliding-window inference on a real CT, read → write, run in its own process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { keepLargestComponentPerClass } from '../src/engine/inference/keepLargestComponentPerClass';
import { slidingWindowInference } from '../src/engine/inference/slidingWindowInference';
import { zScoreWindow } from '../src/engine/inference/zScoreWindow';
import { readNifti } from '../src/engine/io/readNifti';
import { volumeLike } from '../src/engine/io/volume';
import { writeNifti } from '../src/engine/io/writeNifti';
import { inferenceWorkerCount, startParallelPredictor } from '../src/engine/inference/parallelPredictor';
import { predictorFor } from '../src/engine/inference/predictorRecipe';
import { CLASSES, PATCH, benchNetwork } from './benchNetworks';

export const CT_FLAG = '--ct-inference';

export interface CtResult {
  seconds: number;
  peakMb: number;
  windows: number;
  dims: number[];
  /** Worker threads that predicted the windows (0: the main thread). */
  workers: number;
}

/**
 * In this process: read, per-window CT z-score ([−300, 300] HU), 64³ windows at overlap 0.5 on the engine's inference
 * worker threads (as `medkd infer`), argmax, largest components, write.
 */
export async function ctInferenceHere(file: string): Promise<CtResult> {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-bench-'));
  const net = benchNetwork('student');
  const workers = inferenceWorkerCount();
  let parallel: Awaited<ReturnType<typeof startParallelPredictor>> | undefined;
  try {
    const t = performance.now();
    parallel = workers > 1 ? await startParallelPredictor({ specs: [net.spec] }, [net], workers) : undefined;
    const image = await readNifti(file);
    const r = await slidingWindowInference(
      image,
      { patchSize: [PATCH, PATCH, PATCH], numClasses: CLASSES, overlap: 0.5, keepProbabilities: false, padValue: -1024, normalizeWindow: zScoreWindow({ clip: [-300, 300] }) },
      parallel ?? predictorFor(net),
    );
    if (r.activation !== 'softmax') throw new Error('expected softmax labels');
    keepLargestComponentPerClass(r.labels, r.dims);
    await writeNifti(join(dir, 'student.nii.gz'), volumeLike(image, Float32Array.from(r.labels), 1, 'uint8'), { datatype: 'uint8' });
    const seconds = (performance.now() - t) / 1000;
    return { seconds, peakMb: process.resourceUsage().maxRSS / 1024, windows: r.windowCount, dims: [...image.dims], workers };
  } finally {
    await parallel?.dispose();
    net.dispose();
    rmSync(dir, { recursive: true, force: true });
    if (tf.memory().numTensors > 0) tf.disposeVariables();
  }
}

/** Runs ctInferenceHere in a child process of this same script (bundle or tsx) and returns its result line. */
export function ctInferenceInChild(file: string, script: string): CtResult {
  const r = spawnSync(process.execPath, [...process.execArgv, script, CT_FLAG, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`CT inference child failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(last) as CtResult;
}
