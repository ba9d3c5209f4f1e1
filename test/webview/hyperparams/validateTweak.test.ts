import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sliderPosition, sliderValue, validateTweak } from '../../../src/webview/hyperparams/validateTweak';

const lr = { name: 'lr', min: 1e-5, max: 1e-1, log: true };
const w = { name: 'kd.weight', min: 0, max: 2 };

describe('validateTweak', () => {
  it('accepts numbers in range, including exponent form', () => {
    assert.deepEqual(validateTweak('3e-4', lr), { ok: true, value: 3e-4 });
    assert.deepEqual(validateTweak(' 2 ', w), { ok: true, value: 2 });
  });

  it('refuses text, trailing junk, out-of-range and non-positive log values', () => {
    assert.deepEqual(validateTweak('', w), { ok: false, error: 'kd.weight: enter a number' });
    assert.equal(validateTweak('1e-4x', lr).ok, false);
    assert.deepEqual(validateTweak('2.5', w), { ok: false, error: 'kd.weight: must be between 0 and 2' });
    assert.deepEqual(validateTweak('0', lr), { ok: false, error: 'lr: must be positive' });
  });

  it('maps log parameters onto the slider logarithmically', () => {
    // 1e-3 is half way (in decades) from 1e-5 to 1e-1.
    assert.equal(sliderPosition(1e-3, lr), 500);
    assert.equal(sliderValue(500, lr), 1e-3);
    assert.equal(sliderPosition(0.5, w), 250);
    assert.equal(sliderValue(1000, w), 2);
  });
});
