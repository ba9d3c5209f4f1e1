import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunReport } from '../../../src/engine/protocol';
import { checkpointDetails, checkpointEntries, checkpointNode } from '../../../src/extension/views/checkpointTreeModel';
import { formatCount } from '../../../src/extension/views/treeModel';
import { summary } from '../fixtures/runSummary';

const report: RunReport = {
  runId: 'kd-1', name: 'kd', method: 'kd', status: 'completed', backend: 'wasm', steps: 100, wallTimeSeconds: 60,
  labels: { '1': 'liver' },
  networks: {
    teacher: { role: 'teacher', params: 1_234_567, flops: 3.4e9, checkpoint: '/ext/teacher', valDice: 0.9 },
    student: { role: 'student', params: 45_000, flops: 2e8, checkpoint: 'checkpoints/student', valDice: 0.82, perClassDice: { '1': 0.82 } },
  },
};
const runs = [
  summary({ id: 'kd-1', dir: '/w/.medkd/runs/kd-1', report, networks: { teacher: { role: 'teacher', checkpoint: '/ext/teacher' }, student: { role: 'student', checkpoint: undefined } } }),
  summary({ id: 'sup-1', report: { ...report, runId: 'sup-1', method: 'supervised', networks: { teacher: { role: 'teacher', params: 10, flops: 10, checkpoint: '/c', valDice: 0.95 } } } }),
  summary({ id: 'no-report' }),
];

describe('checkpointTreeModel', () => {
  it('formats counts', () => {
    assert.equal(formatCount(1_234_567), '1.23M');
    assert.equal(formatCount(5200), '5.2k');
    assert.equal(formatCount(3.4e9), '3.4G');
    assert.equal(formatCount(48), '48');
  });

  it('lists teachers best Dice first', () => {
    assert.deepEqual(checkpointEntries(runs, 'teacher').map((e) => `${e.runId}/${e.network}`), ['sup-1/teacher', 'kd-1/teacher']);
  });

  it('gives a student its teachers, its per-label Dice by name and an absolute checkpoint path', () => {
    const [student] = checkpointEntries(runs, 'student');
    assert.ok(student);
    assert.deepEqual(student.distilledFrom, ['teacher (/ext/teacher)']);
    assert.deepEqual(student.perClassDice, { liver: 0.82 });
    assert.equal(student.checkpoint, '/w/.medkd/runs/kd-1/checkpoints/student');
    const node = checkpointNode(student);
    assert.equal(node.label, 'student · kd-1');
    assert.equal(node.description, 'Dice 0.820 · 45k params');
    assert.equal(node.contextValue, 'checkpoint-student');
    assert.deepEqual(checkpointDetails(student).map((r) => r.label), [
      'Method: kd',
      'Backend: wasm',
      'Parameters: 45k',
      'FLOPs per patch: 200M',
      'Validation Dice: 0.820',
      'Dice liver: 0.820',
      'Distilled from: teacher (/ext/teacher)',
      'Checkpoint: student',
    ]);
  });
});
