// The example configs that ship in media/examples: valid; the phantom ones run anywhere; the real-data ones read
// ../shared/data (skipped where it is absent) with the organs, channels and regions they promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { loadExperimentConfig, requireExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import { prepareExperimentData } from '../../../src/engine/methods/experimentData';
import { networkOutputsFor } from '../../../src/engine/methods/recipes';
import { msKdTeacherStream } from '../../../src/engine/methods/msKdTeachers';
import { omniRegionSpec } from '../../../src/engine/methods/omniOptions';
import { RunManager } from '../../../src/engine/runs/runManager';
import type { RunStatus } from '../../../src/engine/protocol';
import { SKIP_SHARED, sharedData } from '../data/sharedData';

const EXAMPLES = join(__dirname, '..', '..', '..', 'media', 'examples');
const read = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;

test('every example config is valid (real-data ones once ../shared/data exists)', (t) => {
  const files = readdirSync(EXAMPLES).filter((f) => /^(mskd|omni)-.*\.medkd\.json$/.test(f)).sort();
  assert.deepEqual(files, ['mskd-abdomen-organs.medkd.json', 'mskd-phantoms.medkd.json', 'omni-brats.medkd.json', 'omni-hippocampus.medkd.json', 'omni-phantoms.medkd.json']);
  for (const f of files) {
    const loaded = loadExperimentConfig(join(EXAMPLES, f));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!f.includes('phantoms') && sharedData() === undefined) {
      assert.ok(errors.every((e) => /not found/.test(e.message)), `${f}: ${JSON.stringify(errors)}`);
      continue;
    }
    assert.deepEqual(errors, [], f);
  }
  if (sharedData() === undefined) t.diagnostic(SKIP_SHARED);
});

for (const name of ['mskd-phantoms', 'omni-phantoms']) {
  test(`${name} runs as shipped, shortened (2 student steps, 1 per teacher, 24³ phantoms and 16³ patches)`, async () => {
    await initBackend();
    const c = read(`${name}.medkd.json`) as { data: { synthetic: Record<string, unknown> }; train: Record<string, unknown> };
    c.data.synthetic = { ...c.data.synthetic, cases: 3, size: [24, 24, 24], ...(c.data.synthetic['unlabeledCases'] ? { unlabeledCases: 2 } : {}) };
    const config = { ...c, data: { ...c.data, validation: { count: 1 } }, train: { ...c.train, steps: 2, teacherSteps: 1, batchSize: 1, patchSize: [16, 16, 16], valEvery: 0, checkpointEvery: 2 }, inference: { overlap: 0 } };
    const ws = mkdtempSync(join(tmpdir(), 'medkd-example-'));
    const path = join(ws, `${name}.medkd.json`);
    writeFileSync(path, JSON.stringify(config));
    const statuses: RunStatus[] = [];
    const logs: string[] = [];
    const manager = new RunManager({ onStatus: (_id, s) => statuses.push(s), onMetrics: () => undefined, onTweak: () => undefined, log: (_l, m) => logs.push(m) });
    const base = tf.memory().numTensors;
    manager.start(path, ws);
    await manager.shutdownWhenIdle();
    assert.equal(statuses.at(-1), 'completed', logs.join('\n'));
    assert.equal(tf.memory().numTensors, base);
  });
}

test('mskd-abdomen-organs: 13 teachers map to the FLARE ids of their mask files; esophagus is an empty mask, liver is not', async (t) => {
  if (sharedData() === undefined) return t.skip(SKIP_SHARED);
  await initBackend();
  const config = requireExperimentConfig(join(EXAMPLES, 'mskd-abdomen-organs.medkd.json'));
  const data = await prepareExperimentData(config, () => undefined, { prefetch: false });
  try {
    assert.equal(data.numClasses, 14);
    // The portal vein mask has no FLARE id: 13 single-organ cases over the one CT.
    assert.equal(data.dataset.split.train.length, 13);
    const outputs = networkOutputsFor(config, data)!;
    const organs: Record<string, number> = Object.fromEntries(Object.entries(config.networks).filter(([, n]) => n.role === 'teacher').map(([k, n]) => [k, outputs(k, n)!.output.labelIds![1]!]));
    // deepEqual narrows `organs` to the literal type; look ids up through a map.
    const organOf = new Map(Object.entries(organs));
    assert.deepEqual(organs, { liver: 1, spleen: 3, kidney_right: 2, kidney_left: 13, gallbladder: 9, stomach: 11, pancreas: 4, aorta: 5, inferior_vena_cava: 6, adrenal_gland_right: 7, adrenal_gland_left: 8, esophagus: 10, duodenum: 12 });
    process.env['MEDKD_DATA_WORKER'] = '0';
    const foreground = async (teacher: string, k: number) => {
      const s = msKdTeacherStream(config, data, teacher, config.networks[teacher]!, organOf.get(teacher)!, k);
      const source = await s.factory(0);
      const b = await source.next('labelled');
      await source.close();
      assert.deepEqual(b.caseIds, [teacher, teacher]);
      return b.label!.filter((l) => l === organOf.get(teacher)).length;
    };
    assert.equal(await foreground('esophagus', 11), 0);
    assert.ok((await foreground('liver', 0)) > 1000);
  } finally {
    delete process.env['MEDKD_DATA_WORKER'];
    await data.dispose();
  }
});

test('omni-brats: a 2-channel (FLAIR, T1c) expert case with BraTS 2015 ids, the 4-modal case unlabelled, WT/TC/ET regions', async (t) => {
  if (sharedData() === undefined) return t.skip(SKIP_SHARED);
  const config = requireExperimentConfig(join(EXAMPLES, 'omni-brats.medkd.json'));
  const data = await prepareExperimentData(config, () => undefined, { prefetch: false });
  try {
    assert.deepEqual([data.channels, data.numClasses, data.dataset.split.train, data.dataset.split.unlabelled], [2, 5, ['brats2015_pat0005'], ['brats_4modal_case']]);
    const c = await data.dataset.load('brats2015_pat0005');
    assert.deepEqual([c.image.dims, c.image.channels, c.present], [[240, 240, 155], 2, [1, 2, 3, 4]]);
    const u = await data.dataset.load('brats_4modal_case');
    assert.deepEqual([u.image.channels, u.label], [2, undefined]);
    const spec = omniRegionSpec(config, data.dataset.labelIds)!;
    assert.deepEqual(spec.regions.map((r) => [r.name, r.labels]), [['WT', [1, 2, 3, 4]], ['TC', [1, 3, 4]], ['ET', [4]]]);
  } finally {
    await data.dispose();
  }
});

test('omni-hippocampus: 32 labelled for training, 8 held back, 119 unlabelled to pseudo-label', async (t) => {
  if (sharedData() === undefined) return t.skip(SKIP_SHARED);
  const config = requireExperimentConfig(join(EXAMPLES, 'omni-hippocampus.medkd.json'));
  const data = await prepareExperimentData(config, () => undefined, { prefetch: false });
  try {
    assert.deepEqual([data.dataset.split.train.length, data.validationIds.length, data.dataset.split.unlabelled.length, data.numClasses], [32, 8, 119, 3]);
  } finally {
    await data.dispose();
  }
});
