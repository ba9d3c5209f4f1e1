import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classVoxels, prepareCase } from '../../../src/engine/data/prepareCase';
import { DEFAULT_PREPROCESS } from '../../../src/engine/data/preprocess';
import { makeVolume } from './sharedData';

test('class voxel lists hold every voxel of small classes and an even thinning of large ones', () => {
  // class 1 at indices 1, 2, 4, 6, 7 (five voxels); class 2 at 3.
  const labels = new Float32Array([0, 1, 1, 2, 1, 0, 1, 1]);
  assert.deepEqual([...classVoxels(labels).entries()].map(([k, v]) => [k, [...v]]), [[1, [1, 2, 4, 6, 7]], [2, [3]]]);
  // Thinned to 2: the partition floor(k·2/5) starts new slots at k = 0 and k = 3 → indices 1 and 6.
  assert.deepEqual([...classVoxels(labels, 2).get(1)!], [1, 6]);
});

test('prepareCase preprocesses and indexes foreground on the preprocessed grid', () => {
  const image = makeVolume([4, 4, 4], (x) => (x < 2 ? 0 : 100));
  const label = makeVolume([4, 4, 4], (x, y, z) => (x === 3 && y === 1 && z === 2 ? 5 : 0));
  const pc = prepareCase({ id: 'a', kind: 'labelled', image, label, annotated: [5], present: [5], absent: [] }, { ...DEFAULT_PREPROCESS, cropToForeground: true });
  // Cropped to x 2..3: the voxel (3, 1, 2) is now (1, 1, 2) → index 1 + 2·(1 + 4·2) = 19.
  assert.deepEqual(pc.image.dims, [2, 4, 4]);
  assert.deepEqual([...pc.classVoxels.get(5)!], [19]);
  assert.deepEqual(pc.annotated, [5]);
});
