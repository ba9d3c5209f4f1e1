// Untrained cascade stages saved as checkpoints: tiny networks on a fixed 8³ grid, with the data description a
// trained stage's checkpoint carries (what the cascade code reads), so cascade plumbing tests need no training.
import { join } from 'node:path';
import { createUNet } from '../../../src/engine/models/createUNet';
import { saveCheckpoint } from '../../../src/engine/models/checkpoint';
import type { Vec3 } from '../../../src/engine/io/volume';

export async function saveStageCheckpoint(dir: string, stage: 'coarse' | 'fine', numClasses: number, seed: number): Promise<string> {
  const grid: Vec3 = [8, 8, 8];
  const network = createUNet({ inChannels: 1, outChannels: numClasses, features: [2, 4], blocksPerLevel: 1, squeezeExcitation: false, separable: true }, { name: stage, seed });
  const labelNames = Object.fromEntries(Array.from({ length: numClasses }, (_, i) => [String(i), i === 0 ? 'background' : `organ ${i}`]));
  const data = {
    channels: 1,
    numClasses,
    labelNames,
    preprocess: { normalize: 'ct', ctWindow: [-300, 300], cropToForeground: false, grid, normalizePerPatch: true, minSize: grid },
    modality: 'ct',
    patchSize: grid,
    activation: 'softmax',
    cascade: { stage, roiMargin: 1.1, roiFallbackMm: [240, 160, 240] },
  };
  const path = join(dir, stage);
  await saveCheckpoint(path, network, { meta: { data } });
  network.dispose();
  return path;
}
