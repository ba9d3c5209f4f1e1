import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationTable, evaluationTableToCsv, evaluationTableToJson } from '../../../src/engine/metrics/evaluationTable';

const cases = [
  {
    caseId: 'case_a',
    classes: [
      { label: 1, dice: 0.8, nsd: 0.9, hd95: 2, refVoxels: 10, predVoxels: 12 },
      { label: 2, dice: 0, nsd: 0, hd95: Infinity, refVoxels: 0, predVoxels: 3 },
    ],
  },
  // Class 2 absent from both maps of case_b: it counts as both-empty (1, 1, 0).
  { caseId: 'case_b', classes: [{ label: 1, dice: 0.6, nsd: 0.7, hd95: 4, refVoxels: 8, predVoxels: 6 }] },
];

test('per-class means over cases, missing classes filled as both-empty, names attached', () => {
  const t = evaluationTable(cases, { 1: 'liver', 2: 'spleen' });
  assert.deepEqual(t.cases[1]!.perClass['2'], { name: 'spleen', dice: 1, nsd: 1, hd95: 0, refVoxels: 0, predVoxels: 0 });
  const liver = t.perClass['1']!;
  assert.equal(liver.name, 'liver');
  assert.ok(Math.abs(liver.dice - 0.7) < 1e-12 && Math.abs(liver.nsd! - 0.8) < 1e-12);
  assert.equal(liver.hd95, 3);
  assert.deepEqual(t.perClass['2'], { name: 'spleen', dice: 0.5, nsd: 0.5, hd95: Infinity });
  assert.ok(Math.abs(t.meanDice - 0.6) < 1e-12);
});

test('JSON: one object, Infinity as null; CSV: one row per case and class, then means', () => {
  const t = evaluationTable(cases, { 1: 'liver' });
  const json = JSON.parse(evaluationTableToJson(t)) as { perClass: Record<string, { dice: number; hd95: number | null }>; cases: { caseId: string }[] };
  assert.equal(json.perClass['2']!.hd95, null);
  assert.equal(json.perClass['2']!.dice, 0.5);
  assert.deepEqual(json.cases.map((c) => c.caseId), ['case_a', 'case_b']);
  assert.equal(
    evaluationTableToCsv(t),
    [
      'case,label,name,dice,nsd,hd95,ref_voxels,pred_voxels',
      'case_a,1,liver,0.8,0.9,2,10,12',
      'case_a,2,,0,0,inf,0,3',
      'case_b,1,liver,0.6,0.7,4,8,6',
      'case_b,2,,1,1,0,0,0',
      'mean,1,liver,0.7,0.8,3,,',
      'mean,2,,0.5,0.5,inf,,',
      '',
    ].join('\n'),
  );
});
