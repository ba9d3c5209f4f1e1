import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blocksAt, defaultModelSpec, resolveModelSpec } from '../../../src/engine/models/modelSpec';

test('resolveModelSpec fills every default and keeps overrides', () => {
  const s = resolveModelSpec({ outChannels: 14, blocksPerLevel: [1, 2, 3, 4] });
  assert.equal(s.outChannels, 14);
  assert.equal(s.leakySlope, 0.01);
  assert.deepEqual(s.features, defaultModelSpec.features);
  assert.notEqual(s.features, defaultModelSpec.features); // a copy: callers may mutate theirs
  assert.equal(blocksAt(s, 2), 3);
  assert.equal(blocksAt(resolveModelSpec({ blocksPerLevel: 2 }), 3), 2);
});

test('resolveModelSpec names the field it rejects', () => {
  assert.throws(() => resolveModelSpec({ features: [] }), /features must be a non-empty array/);
  assert.throws(() => resolveModelSpec({ features: [16, 0] }), /features\[1\] must be a positive integer/);
  assert.throws(() => resolveModelSpec({ blocksPerLevel: [1, 2] }), /blocksPerLevel has 2 entries, features has 4/);
  assert.throws(() => resolveModelSpec({ norm: 'group', groups: 3 }), /groups \(3\) does not divide features\[0\] = 16/);
  assert.throws(() => resolveModelSpec({ leakySlope: 1.5 }), /leakySlope must be in \[0, 1\)/);
  assert.throws(() => resolveModelSpec({ upsampling: 'bicubic' as never }), /upsampling must be/);
  assert.throws(() => resolveModelSpec({ separable: 'yes' as never }), /separable must be true or false/);
});
