import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti } from '../../../src/engine/io/readNifti';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { generatePhantom } from '../../../src/engine/data/phantom';
import { writePhantomDataset } from '../../../src/engine/data/writePhantomDataset';

test('the written MSD folder loads back as the same phantoms, bit for bit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-phantoms-'));
  const jsonPath = await writePhantomDataset(dir, { cases: 2, unlabeledCases: 1, phantom: { size: [16, 16, 16], organs: 3, seed: 5 } });
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(json['labels'], { 0: 'background', 1: 'liver', 2: 'kidney', 3: 'spleen' });
  assert.deepEqual(json['test'], ['./imagesTs/phantom_002.nii.gz']);
  assert.equal((await readNifti(join(dir, 'imagesTr', 'phantom_000.nii.gz'))).sourceDatatype, 'int16');

  const ds = await loadDataset({ dataset: dir, testAsUnlabeled: true });
  assert.deepEqual(ds.split, { train: ['phantom_000', 'phantom_001'], validation: [], unlabelled: ['phantom_002'] });
  assert.equal(ds.modality, 'ct');
  assert.deepEqual(await ds.check(), []);
  const back = await ds.load('phantom_001');
  const original = generatePhantom(1, { size: [16, 16, 16], organs: 3, seed: 5 });
  assert.deepEqual(back.image.data, original.image.data);
  assert.deepEqual(back.label!.data, original.label.data);
  assert.deepEqual(back.image.affine, original.image.affine);
});
