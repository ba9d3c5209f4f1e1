import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffConfigForLiveRun } from '../../../src/extension/config/diffConfigForLiveRun';

const base = {
  name: 'kd',
  method: 'kd',
  data: { synthetic: { cases: 8 }, labelNames: { '1': 'liver' } },
  train: { steps: 100, batchSize: 2, patchSize: [32, 32, 32] },
  hyper: { lr: 0.001, temperature: 2, warmup: 10 },
};
const json = (v: unknown) => JSON.stringify(v, null, 2);
const TWEAKABLE = ['lr', 'temperature', 'kdWeight'];

describe('diffConfigForLiveRun', () => {
  it('sends changed live-tweakable hyper values as tweaks', () => {
    const d = diffConfigForLiveRun(json(base), json({ ...base, hyper: { ...base.hyper, lr: 0.0005, temperature: 4 } }), TWEAKABLE);
    assert.deepEqual(d, { tweaks: { lr: 0.0005, temperature: 4 }, restartFields: [], error: undefined });
  });

  it('lists every other change as needing a restart, arrays as one field', () => {
    const changed = { ...base, train: { ...base.train, batchSize: 4, patchSize: [32, 48, 32] }, data: { ...base.data, labelNames: { '1': 'Liver' } } };
    const d = diffConfigForLiveRun(json(base), json(changed), TWEAKABLE);
    assert.deepEqual(d.tweaks, {});
    assert.deepEqual(d.restartFields.sort(), ['data.labelNames.1', 'train.batchSize', 'train.patchSize']);
  });

  it('treats a hyper field the recipe cannot change live, an added one and a removed one as restart fields', () => {
    const d = diffConfigForLiveRun(json(base), json({ ...base, hyper: { lr: 0.001, warmup: 20, kdWeight: 0.5 } }), TWEAKABLE);
    // kdWeight is tweakable and now set: pushed. temperature was removed: no value to push. warmup is not tweakable.
    assert.deepEqual(d.tweaks, { kdWeight: 0.5 });
    assert.deepEqual(d.restartFields.sort(), ['hyper.temperature', 'hyper.warmup']);
  });

  it('ignores formatting and comments', () => {
    const commented = `// my experiment\n${json(base).replace('"lr": 0.001', '"lr": 1e-3 /* same */')}`;
    assert.deepEqual(diffConfigForLiveRun(json(base), commented, TWEAKABLE), { tweaks: {}, restartFields: [], error: undefined });
  });

  it('pushes nothing when the saved text is not valid JSON', () => {
    const d = diffConfigForLiveRun(json(base), '{ "name": "kd", "hyper": { "lr": 0.1 ', TWEAKABLE);
    assert.deepEqual(d.tweaks, {});
    assert.equal(d.error, 'not valid JSON');
  });

  it('does not push a non-number into a tweakable', () => {
    const d = diffConfigForLiveRun(json(base), json({ ...base, hyper: { ...base.hyper, lr: 'fast' } }), TWEAKABLE);
    assert.deepEqual(d.tweaks, {});
    assert.deepEqual(d.restartFields, ['hyper.lr']);
  });
});
