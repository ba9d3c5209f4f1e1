import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInfo } from '../../../src/extension/panels/readRunInfo';
import { kdRun, teacherRun } from '../../fixtures/runStore/fixtureRuns';
import { writeRunFixture } from '../../fixtures/runStore/writeRunFixture';

describe('readRunInfo', () => {
  it('takes name, status and labels from report.json when the run has ended', () => {
    const dir = writeRunFixture(mkdtempSync(join(tmpdir(), 'medkd-info-')), kdRun);
    assert.deepEqual(readRunInfo(dir), { runId: kdRun.id, runDir: dir, name: 'kd-student', status: 'completed', labels: { '1': 'liver', '2': 'spleen', '3': 'kidney' } });
  });

  it('falls back to config.json for a running run, and to the folder name when nothing is readable', () => {
    const root = mkdtempSync(join(tmpdir(), 'medkd-info-'));
    const dir = writeRunFixture(root, teacherRun);
    assert.deepEqual(readRunInfo(dir), { runId: teacherRun.id, runDir: dir, name: 'teacher', labels: { '1': 'liver', '2': 'spleen', '3': 'kidney' } });
    assert.deepEqual(readRunInfo(join(root, 'gone')), { runId: 'gone', runDir: join(root, 'gone'), name: 'gone' });
  });
});
