import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';

const networks = { T1: { role: 'teacher' }, T2: { role: 'teacher', model: { upsampling: 'resizeConv' } }, S: { role: 'student' } };
const parse = (c: object) => parseExperimentConfig(JSON.stringify({ name: 'x', data: { synthetic: { cases: 4 } }, ...c }), '/tmp/x.medkd.json').config!;

test("crossTeachingKD fills Choi's training setup where the config is silent", () => {
  const c = parse({ method: 'crossTeachingKD', networks });
  assert.deepEqual([c.train.optimizer, c.train.momentum, c.train.weightDecay, c.train.schedule, c.train.batchSize], ['sgd', 0.99, 3e-5, 'poly', 1]);
  assert.equal(c.preprocess.normalizePerPatch, true);
  assert.equal(c.train.steps, 1000, 'other fields keep the schema defaults');
});

test('what the config says wins, and other methods keep the schema defaults', () => {
  const c = parse({ method: 'crossTeachingKD', networks, train: { optimizer: 'adam', batchSize: 2 }, preprocess: { normalizePerPatch: false } });
  assert.deepEqual([c.train.optimizer, c.train.batchSize, c.train.schedule, c.preprocess.normalizePerPatch], ['adam', 2, 'poly', false]);
  const kd = parse({ method: 'kd', networks: { t: { role: 'teacher' }, s: { role: 'student' } } });
  assert.deepEqual([kd.train.optimizer, kd.train.batchSize, kd.preprocess.normalizePerPatch], ['adam', 2, undefined]);
});
