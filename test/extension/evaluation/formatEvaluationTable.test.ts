import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEvaluationTable } from '../../../src/extension/evaluation/formatEvaluationTable';

describe('formatEvaluationTable', () => {
  it('renders a per-label summary with the metrics present and a per-case Dice table', () => {
    const md = formatEvaluationTable(
      {
        cases: [
          { caseId: 'c1', perClass: { '1': { dice: 0.9, hd95: 2 }, '2': { dice: 0.5, hd95: 7.25 } } },
          { caseId: 'c2', perClass: { '1': { dice: 0.7, hd95: 3 } } },
        ],
        perClass: { '2': { dice: 0.5, hd95: 7.25 }, '1': { dice: 0.8, hd95: 2.5 } },
        meanDice: 0.65,
      },
      { '1': 'liver' },
      'Evaluation of preds',
    );
    assert.equal(
      md,
      [
        '# Evaluation of preds',
        '',
        'Mean Dice over 2 cases: **0.650**',
        '',
        '| label | Dice | HD95 (mm) |',
        '|---|---:|---:|',
        '| liver (1) | 0.800 | 2.50 |',
        '| 2 | 0.500 | 7.25 |',
        '',
        '## Per case (Dice)',
        '',
        '| case | liver (1) | 2 |',
        '|---|---:|---:|',
        '| c1 | 0.900 | 0.500 |',
        '| c2 | 0.700 | — |',
        '',
      ].join('\n'),
    );
  });
});
