import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES, RUN_STORE_DIR } from '../../../src/engine/protocol';
import type { MetricRecord, RunEvent } from '../../../src/engine/protocol';
import { isContributed, isPipelineFixture, medkdApi, medkdExtension, readJsonLines, tabsOfViewType, waitFor, workspaceRoot } from './medkd';
import type { MedkdApi, RunInfo } from './medkd';

// One real run of tests/vscode/fixture-workspace/tiny.medkd.json through the engine child process, driven by the
// commands a user runs; the run store on disk is the witness.
describe('a tiny run', function () {
  this.timeout(180_000);
  let api: MedkdApi;
  let run: RunInfo | undefined;
  const current = (): RunInfo | undefined => api.registry.runs().find((r) => r.id === run?.id);
  /** Waiting on a run that has failed is pointless: say why at once. */
  const unlessFailed = <T>(probe: () => T | undefined) => (): T | undefined => {
    if (current()?.status === 'failed') {
      const failed = readJsonLines<RunEvent>(join(run?.dir ?? '', RUN_FILES.events)).find((e) => e.type === 'status' && e.status === 'failed');
      throw new Error(`the run failed: ${failed?.type === 'status' ? (failed.message ?? 'no message') : 'no failure event'}`);
    }
    return probe();
  };

  before(async function () {
    const exported = medkdApi(await medkdExtension().activate());
    if (isPipelineFixture() || !exported || !isContributed('medkd.startRun')) this.skip();
    else api = exported;
  });

  beforeEach(function () {
    if (this.currentTest?.title.startsWith('Start Run') !== true && run === undefined) this.skip();
  });

  after(async () => {
    // Never leave the engine training after the suite.
    if (run && current()?.live) await vscode.commands.executeCommand('medkd.stopRun', run.id);
  });

  it('Start Run on tiny.medkd.json adds a run to the run store', async () => {
    const config = vscode.Uri.joinPath(workspaceRoot(), 'tiny.medkd.json');
    const before = new Set(api.registry.runs().map((r) => r.id));
    await vscode.commands.executeCommand('medkd.startRun', config);
    run = await waitFor('a new run in the registry', () => api.registry.runs().find((r) => !before.has(r.id)), 60_000);
    assert.equal(join(run.dir, '..'), join(workspaceRoot().fsPath, RUN_STORE_DIR));
    assert.ok(existsSync(join(run.dir, RUN_FILES.config)), 'the run folder has no resolved config.json');
  });

  it('selects the run in the Runs view', async () => {
    const id = run?.id;
    const selectedId = (e: unknown): string | undefined => (e as { run?: { id?: string } }).run?.id;
    await waitFor('the run selected in the Runs view', () => (api.runsView.selection.some((e) => selectedId(e) === id) ? true : undefined), 15_000);
    assert.equal(api.runsView.visible, true, 'the Runs view is not visible');
  });

  it('opens the curves panel when the run starts', async () => {
    await waitFor('a medkd.curves tab', () => (tabsOfViewType('medkd.curves').length > 0 ? true : undefined), 15_000);
  });

  it('writes training metrics to metrics.jsonl', async () => {
    const file = join(run?.dir ?? '', RUN_FILES.metrics);
    const records = await waitFor('3 metric lines', unlessFailed(() => {
      const lines = readJsonLines<MetricRecord>(file);
      return lines.length >= 3 ? lines : undefined;
    }), 120_000);
    const first = records[0];
    assert.ok(first && Number.isInteger(first.step) && typeof first.time === 'number');
    const values = Object.values(first.values);
    assert.ok(values.length > 0 && values.every(Number.isFinite), `non-finite metrics: ${JSON.stringify(first.values)}`);
  });

  it('applies a hyperparameter tweak sent the way the panel sends it, and records the step', async () => {
    const id = run?.id ?? '';
    const result = await api.panels.engine.tweak(id, { lr: 0.0005 }, 'panel');
    assert.equal(result.applied.lr?.value, 0.0005);
    const file = join(run?.dir ?? '', RUN_FILES.events);
    const tweak = await waitFor('the tweak in events.jsonl', () =>
      readJsonLines<RunEvent>(file).find((e) => e.type === 'tweak' && e.name === 'lr' && e.value === 0.0005 && e.source === 'panel'),
    );
    // The result's atStep is what the user is told ("from step N"); events.jsonl records where it really applied.
    assert.equal(result.atStep, tweak.step, `the engine answered atStep ${result.atStep}, but events.jsonl records the tweak at step ${tweak.step}`);
  });

  it('opens the hyperparameter panel for the live run', async function () {
    if (!isContributed('medkd.openHyperparameters')) this.skip();
    await vscode.commands.executeCommand('medkd.openHyperparameters', run?.id);
    await waitFor('a medkd.hyperparams tab', () => (tabsOfViewType('medkd.hyperparams').length > 0 ? true : undefined), 15_000);
  });

  it('Stop Run stops it and the store records the stop', async () => {
    await vscode.commands.executeCommand('medkd.stopRun', run?.id);
    await waitFor('the run to stop', () => (current()?.live === false ? true : undefined), 60_000);
    assert.equal(current()?.status, 'stopped');
    const events = readJsonLines<RunEvent>(join(run?.dir ?? '', RUN_FILES.events));
    assert.ok(events.some((e) => e.type === 'status' && e.status === 'stopped'), 'no "stopped" status event in events.jsonl');
  });
});
