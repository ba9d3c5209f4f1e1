import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelDice } from '../../../src/extension/config/labelDice';
import { summary } from '../fixtures/runSummary';

describe('labelDice', () => {
  it('reads val/dice/<id>, skipping the mean', () => {
    const run = summary({ latest: { 'val/dice/1': 0.8, 'val/dice/2': 0.6, 'val/dice/mean': 0.7, loss: 0.3 } });
    assert.deepEqual(labelDice(run), { '1': { dice: 0.8, network: undefined }, '2': { dice: 0.6, network: undefined } });
  });

  it("prefers the student's series when several networks are validated", () => {
    const run = summary({
      latest: { 'val/teacherA/dice/1': 0.9, 'val/kid/dice/1': 0.7, 'val/teacherA/dice/2': 0.5 },
      networks: { teacherA: { role: 'teacher', checkpoint: undefined }, kid: { role: 'student', checkpoint: undefined } },
    });
    assert.deepEqual(labelDice(run), { '1': { dice: 0.7, network: 'kid' }, '2': { dice: 0.5, network: 'teacherA' } });
  });

  it("falls back to the report's per-class Dice of the student", () => {
    const run = summary({
      report: {
        runId: 'r', name: 'r', method: 'kd', status: 'completed', backend: 'cpu', steps: 1, wallTimeSeconds: 1, labels: {},
        networks: {
          teacher: { role: 'teacher', params: 1, flops: 1, checkpoint: 'c', perClassDice: { '1': 0.95, '3': 0.9 } },
          student: { role: 'student', params: 1, flops: 1, checkpoint: 'c', perClassDice: { '1': 0.85 } },
        },
      },
    });
    assert.deepEqual(labelDice(run), { '1': { dice: 0.85, network: 'student' } });
  });
});
