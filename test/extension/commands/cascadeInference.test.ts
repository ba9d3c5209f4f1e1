import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../../src/engine/protocol';
import { coarseStageFor } from '../../../src/extension/commands/cascadeInference';
import { readRunConfigInfo } from '../../../src/extension/runs/runState';
import { summary } from '../fixtures/runSummary';

function report(network: string, role: 'teacher' | 'student', valDice: number): RunReport {
  return { status: 'completed', method: 'crossTeachingKD', backend: 'wasm', labels: {}, networks: { [network]: { role, params: 10, flops: 20, checkpoint: `checkpoints/${network}`, valDice } } } as unknown as RunReport;
}

test('a run config says its cascade stage and the coarse checkpoint a fine stage was trained with', () => {
  const fine = readRunConfigInfo({ name: 'f', methodOptions: { stage: 'fine', coarseCheckpoint: '/w/.medkd/runs/c/checkpoints/S' } }, 'x');
  assert.deepEqual(fine.cascade, { stage: 'fine', coarseCheckpoint: '/w/.medkd/runs/c/checkpoints/S' });
  assert.deepEqual(readRunConfigInfo({ methodOptions: { stage: 'coarse' } }, 'x').cascade, { stage: 'coarse', coarseCheckpoint: undefined });
  assert.equal(readRunConfigInfo({ methodOptions: { stage: 'single' } }, 'x').cascade, undefined);
  assert.equal(readRunConfigInfo({}, 'x').cascade, undefined);
});

test('Run Inference on a fine stage uses its coarse checkpoint, or offers the coarse stages trained here; other runs need none', () => {
  const runs = [
    summary({ id: 'coarse-a', dir: '/w/runs/coarse-a', cascade: { stage: 'coarse', coarseCheckpoint: undefined }, report: report('S', 'student', 0.7) }),
    summary({ id: 'coarse-b', dir: '/w/runs/coarse-b', cascade: { stage: 'coarse', coarseCheckpoint: undefined }, report: report('T1', 'teacher', 0.8) }),
    summary({ id: 'fine-known', cascade: { stage: 'fine', coarseCheckpoint: '/w/runs/coarse-a/checkpoints/S' }, report: report('S', 'student', 0.9) }),
    summary({ id: 'fine-unknown', cascade: { stage: 'fine', coarseCheckpoint: undefined }, report: report('S', 'student', 0.9) }),
    summary({ id: 'plain', report: report('S', 'student', 0.9) }),
  ];
  assert.deepEqual(coarseStageFor('plain', runs), { needed: false });
  assert.deepEqual(coarseStageFor('coarse-a', runs), { needed: false });
  assert.deepEqual(coarseStageFor('missing', runs), { needed: false });
  const known = coarseStageFor('fine-known', runs);
  assert.ok(known.needed);
  assert.equal(known.known, '/w/runs/coarse-a/checkpoints/S');
  const unknown = coarseStageFor('fine-unknown', runs);
  assert.ok(unknown.needed);
  assert.equal(unknown.known, undefined);
  // Students first, then teachers; only coarse-stage runs.
  assert.deepEqual(unknown.candidates.map((c) => c.checkpoint), ['/w/runs/coarse-a/checkpoints/S', '/w/runs/coarse-b/checkpoints/T1']);
});
