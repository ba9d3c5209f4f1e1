import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { BatchMaker } from '../../../src/engine/data/batchMaker';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import { PseudoLabelledDataset } from '../../../src/engine/methods/omniPseudoLabelledDataset';

test('unlabelled cases become labelled by their pseudo-label files, mixed with the real training cases', async () => {
  const base = await loadDataset({ synthetic: { cases: 3, size: [16, 16, 16], organs: 2, seed: 4, unlabeledCases: 1 }, validation: { count: 1, seed: 0 } });
  assert.deepEqual(base.split.unlabelled, ['phantom_003']);
  const unlabelled = await base.load('phantom_003');
  assert.equal(unlabelled.label, undefined);
  // Pseudo-label: label 2 in the slab z < 4, on the case's own grid.
  const data = new Float32Array(16 ** 3);
  data.fill(2, 0, 16 * 16 * 4);
  const dir = mkdtempSync(join(tmpdir(), 'medkd-mixed-'));
  const file = join(dir, 'phantom_003.nii.gz');
  await writeNifti(file, { ...unlabelled.image, data, channels: 1, sourceDatatype: 'uint8' }, { datatype: 'uint8' });

  const mixed = new PseudoLabelledDataset(base, new Map([['phantom_003', file]]));
  assert.deepEqual(mixed.split, { train: [...base.split.train, 'phantom_003'], validation: base.split.validation, unlabelled: [] });
  const c = await mixed.load('phantom_003');
  assert.equal(c.kind, 'labelled');
  assert.deepEqual([c.annotated, c.present, c.absent], [[1, 2], [2], [1]]);
  assert.deepEqual(Array.from(c.label!.data), Array.from(data));
  assert.deepEqual(Array.from(c.image.data), Array.from(unlabelled.image.data));
  // Real cases keep their ground truth.
  const real = await mixed.load(base.split.train[0]!);
  assert.deepEqual(Array.from(real.label!.data), Array.from((await base.load(base.split.train[0]!)).label!.data));

  // A batch of the mixed stream over all three training cases carries the pseudo-label for phantom_003.
  const maker = new BatchMaker(mixed, { sampling: { patchSize: [16, 16, 16], batchSize: 3, foregroundFraction: 0, seed: 1 }, preprocess: { normalize: 'none', ctWindow: [-300, 300], cropToForeground: false }, augment: false, labelled: mixed.split.train });
  const b = await maker.make('labelled', 0);
  const j = b.caseIds.indexOf('phantom_003');
  assert.ok(j >= 0);
  const patch = b.label!.subarray(j * 4096, (j + 1) * 4096);
  assert.equal(patch.filter((l) => l === 2).length, 16 * 16 * 4);
  assert.equal(patch.filter((l) => l !== 0 && l !== 2).length, 0);
});

test('a pseudo-label on another grid is refused, naming the file', async () => {
  const base = await loadDataset({ synthetic: { cases: 2, size: [16, 16, 16], organs: 1, unlabeledCases: 1 }, validation: { count: 0 } });
  const img = (await base.load('phantom_002')).image;
  const file = join(mkdtempSync(join(tmpdir(), 'medkd-mixed-')), 'bad.nii.gz');
  await writeNifti(file, { ...img, dims: [8, 16, 32], data: new Float32Array(16 ** 3), channels: 1 }, { datatype: 'uint8' });
  await assert.rejects(new PseudoLabelledDataset(base, new Map([['phantom_002', file]])).load('phantom_002'), /bad\.nii\.gz: pseudo-label grid 8×16×32 differs from case phantom_002's 16×16×16/);
});
