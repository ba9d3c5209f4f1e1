import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TweakableParam } from '../../../src/engine/protocol';
import { validateTweak } from '../../../src/extension/config/validateTweak';

const lr: TweakableParam = { name: 'lr', doc: 'Learning rate.', value: 0.001, min: 1e-6, max: 0.1, log: true };
const weight: TweakableParam = { name: 'kdWeight', doc: 'KD loss weight.', value: 1, min: 0, max: 10 };

describe('validateTweak', () => {
  it('accepts decimal and exponent forms within the limits', () => {
    assert.deepEqual(validateTweak('5e-4', lr), { ok: true, value: 0.0005 });
    assert.deepEqual(validateTweak(' 0.01 ', lr), { ok: true, value: 0.01 });
    assert.deepEqual(validateTweak('0', weight), { ok: true, value: 0 });
    assert.deepEqual(validateTweak('.5', weight), { ok: true, value: 0.5 });
  });

  it('rejects empty, non-numeric and hexadecimal input with a message', () => {
    assert.deepEqual(validateTweak('', lr), { ok: false, message: 'Enter a number for lr.' });
    assert.deepEqual(validateTweak('fast', lr), { ok: false, message: "'fast' is not a number." });
    assert.deepEqual(validateTweak('0x10', weight), { ok: false, message: "'0x10' is not a number." });
    assert.equal(validateTweak('1e999', weight).ok, false);
  });

  it('enforces the limits, and positivity on a log scale', () => {
    assert.deepEqual(validateTweak('0.5', lr), { ok: false, message: 'lr must be between 0.000001 and 0.1.' });
    assert.deepEqual(validateTweak('-1', weight), { ok: false, message: 'kdWeight must be between 0 and 10.' });
    assert.deepEqual(validateTweak('0', { ...lr, min: 0 }), { ok: false, message: 'lr must be greater than 0.' });
  });
});
