import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { experimentConfigSchema } from '../../../src/engine/config/experimentConfig';
import type { ExperimentConfig } from '../../../src/engine/config/experimentConfig';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import type { DataConfig } from '../../../src/engine/data/dataConfig';
import { msKdTeacherDataConfig, msKdTeacherOrgan, msKdTeacherStream } from '../../../src/engine/methods/msKdTeachers';
import { prepareExperimentData } from '../../../src/engine/methods/experimentData';
import { tinyMsKdConfig } from './tinyMsKdOmniConfigs';

/** An organ-mask folder (empty files: only names are read here) with the TotalSegmentator → FLARE preset. */
async function organsConfig(): Promise<{ config: ExperimentConfig; root: string; data: { labelNames: Record<string, string>; dataset: Awaited<ReturnType<typeof loadDataset>> } }> {
  const root = mkdtempSync(join(tmpdir(), 'medkd-organs-'));
  mkdirSync(join(root, 'organs'));
  for (const f of ['liver', 'kidney_left', 'portal_vein_and_splenic_vein', 'image']) writeFileSync(join(root, f === 'image' ? 'ct.nii.gz' : `organs/${f}.nii.gz`), '');
  const config = experimentConfigSchema.parse({
    ...tinyMsKdConfig(),
    data: { organs: join(root, 'organs'), organImage: join(root, 'ct.nii.gz'), labelRemap: 'totalsegmentatorToFlare13', validation: { count: 0 } },
    networks: {
      left: { role: 'teacher', data: join(root, 'organs', 'kidney_left.nii.gz') },
      liver: { role: 'teacher' },
      stranger: { role: 'teacher' },
      student: { role: 'student' },
    },
  });
  const dataset = await loadDataset(config.data as DataConfig);
  const labelNames = Object.fromEntries(Object.entries(dataset.labelNames).map(([k, v]) => [k, v]));
  return { config, root, data: { labelNames, dataset } };
}

test('which label a teacher is the expert for: its mask file, else its name, else msKD.teacherOrgans', async () => {
  const { config, data } = await organsConfig();
  // kidney_left.nii.gz is FLARE's left kidney (13) through the preset; "liver" is label 1 by name.
  assert.equal(msKdTeacherOrgan(config, data, 'left', config.networks['left']!), 13);
  assert.equal(msKdTeacherOrgan(config, data, 'liver', config.networks['liver']!), 1);
  assert.throws(() => msKdTeacherOrgan(config, data, 'stranger', config.networks['stranger']!), /networks\.stranger: cannot tell which label teacher 'stranger' is the expert for; name it after a label or set msKD\.teacherOrgans\.stranger/);
  const explicit = { ...config, msKD: { ...config.msKD!, teacherOrgans: { stranger: 4, liver: 3 } } };
  assert.equal(msKdTeacherOrgan(explicit, data, 'stranger', config.networks['stranger']!), 4);
  assert.equal(msKdTeacherOrgan(explicit, data, 'liver', config.networks['liver']!), 3);
  assert.throws(() => msKdTeacherOrgan({ ...explicit, msKD: { ...config.msKD!, teacherOrgans: { stranger: 99 } } }, data, 'stranger', config.networks['stranger']!), /msKD\.teacherOrgans\.stranger: label 99 is not a foreground label/);
});

test("a teacher's own data: a mask file is a one-organ dataset over the experiment's image; a folder is a dataset", async () => {
  const { config, root } = await organsConfig();
  assert.deepEqual(msKdTeacherDataConfig(config, 'left', join(root, 'organs', 'kidney_left.nii.gz'), 13), { organs: join(root, 'organs'), organImage: join(root, 'ct.nii.gz'), organIds: { kidney_left: 13 }, validation: { count: 0 } });
  assert.deepEqual(msKdTeacherDataConfig(config, 'x', join(root, 'Task09_Spleen'), 3), { dataset: join(root, 'Task09_Spleen'), validation: { count: 0 } });
  assert.throws(() => msKdTeacherDataConfig({ ...config, data: { ...config.data, organImage: undefined } } as ExperimentConfig, 'left', join(root, 'organs', 'liver.nii.gz'), 1), /networks\.left\.data: a mask file needs the image it belongs to \(data\.organImage\)/);
});

test("a teacher without data learns from the experiment's cases, its labels binarised to its organ", async () => {
  await initBackend();
  process.env['MEDKD_DATA_WORKER'] = '0';
  const config = experimentConfigSchema.parse(tinyMsKdConfig());
  const data = await prepareExperimentData(config, () => undefined, { prefetch: false });
  try {
    const stream = msKdTeacherStream(config, data, 'kidney', config.networks['kidney']!, 2, 1);
    const source = await stream.factory(0);
    const raw = await source.next('labelled');
    await source.close();
    const base = tf.memory().numTensors;
    const full = tf.tensor4d(Int32Array.from(raw.label!), [raw.shape[0], raw.shape[1], raw.shape[2], raw.shape[3]], 'int32');
    const b = stream.binarise({ kind: 'labelled', image: tf.zeros([1, 1, 1, 1, 1]), label: full, caseIds: raw.caseIds });
    const bin = b.label!.dataSync();
    assert.ok(raw.label!.some((l) => l === 1) || raw.label!.some((l) => l === 2), 'the patch holds organs');
    raw.label!.forEach((l, i) => assert.equal(bin[i], l === 2 ? 1 : 0));
    assert.deepEqual(b.annotated, [[1]]);
    tf.dispose([b.image, b.label!]);
    assert.equal(tf.memory().numTensors, base);
  } finally {
    delete process.env['MEDKD_DATA_WORKER'];
    await data.dispose();
  }
});
