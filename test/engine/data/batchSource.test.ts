import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchMaker } from '../../../src/engine/data/batchMaker';
import type { BatchOptions } from '../../../src/engine/data/batchMaker';
import { createBatchSource } from '../../../src/engine/data/batchSource';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { DEFAULT_PREPROCESS } from '../../../src/engine/data/preprocess';

const options: BatchOptions = { sampling: { patchSize: [8, 8, 8], batchSize: 2, foregroundFraction: 0.5, seed: 4 }, preprocess: DEFAULT_PREPROCESS, augment: false };

test('streams count independently, start where told, and stop after close', async () => {
  const ds = await loadDataset({ synthetic: { cases: 3, unlabeledCases: 2, size: [16, 16, 16] } });
  const src = createBatchSource(ds, { ...options, start: { unlabelled: 5 } });
  const l0 = await src.next('labelled');
  const u5 = await src.next('unlabelled');
  const l1 = await src.next('labelled');
  assert.deepEqual([l0.index, u5.index, l1.index], [0, 5, 1]);
  assert.deepEqual([l0.kind, u5.kind], ['labelled', 'unlabelled']);
  assert.ok(u5.caseIds.every((id) => id === 'phantom_003' || id === 'phantom_004'));
  // A resumed source reproduces the batch a fresh maker makes at that index.
  assert.deepEqual(l1, await new BatchMaker(ds, options).make('labelled', 1));
  await src.close();
  await assert.rejects(src.next('labelled'), /batch source is closed/);
});

test('an empty stream is a one-line error', async () => {
  const ds = await loadDataset({ synthetic: { cases: 2, size: [16, 16, 16] } });
  const src = createBatchSource(ds, { ...options, labelled: [] });
  await assert.rejects(src.next('labelled'), /the labelled stream has no cases/);
});
