import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runContextValue, runDescription, runDetails, runNode, runTreeModel } from '../../../src/extension/views/runTreeModel';
import { summary } from '../fixtures/runSummary';

describe('runTreeModel', () => {
  it('shows status, step/total, latest loss and ETA of a running run', () => {
    const run = summary({ id: 'kd-20250101-120000', status: 'running', live: true, step: 120, totalSteps: 2000, loss: 0.412345, etaSeconds: 185 });
    const node = runNode(run);
    assert.equal(node.label, 'kd-20250101-120000');
    assert.equal(node.description, 'running · 120/2000 · loss 0.4123 · ETA 3m 05s');
    assert.deepEqual(node.icon, { id: 'sync~spin', color: 'charts.blue' });
    assert.equal(node.contextValue, 'run-running-live');
    assert.equal(node.resourcePath, run.dir);
  });

  it('gives each status its icon and menus their context value', () => {
    assert.deepEqual(runNode(summary({ status: 'failed' })).icon, { id: 'error', color: 'testing.iconFailed' });
    assert.deepEqual(runNode(summary({ status: 'completed' })).icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.equal(runContextValue(summary({ status: 'paused', live: true })), 'run-paused-live');
    assert.equal(runContextValue(summary({ status: 'stopped' })), 'run-stopped');
    assert.equal(runDescription(summary({ status: 'completed', step: 7 })), 'completed · step 7');
  });

  it('lists details: failure message, method, step, Dice, speed, tweaks, config', () => {
    const run = summary({ status: 'failed', statusMessage: 'NaN loss', step: 40, totalSteps: 100, latest: { 'val/dice/mean': 0.8123 }, stepsPerSecond: 2.5, tweakCount: 2, configPath: '/w/kd.medkd.json' });
    const rows = runDetails(run);
    assert.deepEqual(rows.map((r) => r.label), ['Status: failed: NaN loss', 'Method: kd', 'Step: 40 of 100', 'Validation Dice: 0.812', 'Speed: 2.50 steps/s', 'Live tweaks: 2', 'Config: kd.medkd.json']);
    assert.equal(rows[rows.length - 1]?.openPath, '/w/kd.medkd.json');
  });

  it('re-reads the runs on every call, so a refresh needs no rebuild', () => {
    let runs = [summary({ id: 'a' })];
    const model = runTreeModel(() => runs);
    assert.equal(model.roots().length, 1);
    runs = [summary({ id: 'a' }), summary({ id: 'b' })];
    assert.deepEqual(model.roots().map((e) => model.node(e).id), ['run:a', 'run:b']);
  });

  it('describes an element kept from an earlier refresh with the current state of its run', () => {
    let runs = [summary({ id: 'a', step: 1, totalSteps: 10 })];
    const model = runTreeModel(() => runs);
    const [old] = model.roots();
    assert.ok(old);
    runs = [summary({ id: 'a', step: 7, totalSteps: 10 })];
    assert.equal(model.node(old).description, 'running · 7/10');
    const rows = model.children(old) as { kind: string; data?: { label: string } }[];
    assert.ok(rows.some((r) => r.data?.label === 'Step: 7 of 10'));
  });
});
