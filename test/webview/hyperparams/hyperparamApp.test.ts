// The hyperparameter webview (with the UI toolkit controls), built and rendered in headless Chromium.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TweakableParam } from '../../../src/engine/protocol';
import type { HyperparamHostMessage, HyperparamViewState, TweakEvent } from '../../../src/webview/protocol';
import { kdRun } from '../../fixtures/runStore/fixtureRuns';
import { launchChromium, WebviewPage } from '../harness/webviewHarness';

interface Inspected {
  runId: string;
  status?: string;
  step?: number;
  params: { name: string; current: string; field: string; dirty: boolean; error: string; effect: string; slider: number }[];
  history: string[];
  message: string;
  applyDisabled: boolean;
}

const PARAMS: TweakableParam[] = [
  { name: 'lr', doc: 'Learning rate of the student optimizer.', value: 3e-4, min: 1e-6, max: 1e-1, log: true },
  { name: 'kd.weight', doc: 'Weight of the distillation loss.', value: 1, min: 0, max: 10 },
  { name: 'kd.temperature', doc: 'Softmax temperature of the KD loss.', value: 4, min: 1, max: 20 },
];
const HISTORY = kdRun.events.filter((e): e is TweakEvent => e.type === 'tweak');

async function openPanel(browser: Browser, status: 'running' | 'completed' = 'running'): Promise<WebviewPage> {
  const w = await WebviewPage.open(browser, 'hyperparams', { width: 1000, height: 700 });
  await w.send({ type: 'init', runId: kdRun.id, params: PARAMS, history: HISTORY, status, step: 412 } satisfies HyperparamHostMessage);
  await w.page.waitForSelector('tr[data-param="lr"]');
  return w;
}

/** Types into a toolkit text field (its <input> lives in the shadow root). */
async function type(w: WebviewPage, name: string, text: string): Promise<void> {
  await w.page.locator(`tr[data-param="${name}"] vscode-text-field input`).fill(text);
}

describe('hyperparameter webview', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
  });

  it('lists the live tweakables with value, range and where each last changed, and the history', async () => {
    const w = await openPanel(browser);
    const info = await w.inspect<Inspected>();
    assert.deepEqual(
      info.params.map((p) => [p.name, p.current, p.field, p.effect]),
      [
        ['lr', '3e-4', '0.0003', 'step 400 · command'],
        ['kd.weight', '1', '1', 'step 200 · panel'],
        ['kd.temperature', '4', '4', '–'],
      ],
    );
    // Log slider: 3e-4 is log(300)/log(1e5) of the way from 1e-6 to 1e-1.
    assert.equal(info.params[0]?.slider, Math.round((Math.log(300) / Math.log(1e5)) * 1000));
    assert.equal(await w.page.textContent('tr[data-param="lr"] .range'), '1e-6 – 0.1 (log)');
    assert.deepEqual(info.history, ['step 400 · lr 0.001 → 3e-4 · command · 00:09:58', 'step 200 · kd.weight 0.5 → 1 · panel · 00:04:58']);
    assert.equal(await w.page.textContent('.step'), 'step 412');
    assert.equal(info.applyDisabled, true);
    assert.deepEqual(await w.savedState<HyperparamViewState>(), { runId: kdRun.id });
    // The toolkit's custom elements are defined and rendered (a shadow root with an input).
    assert.equal(await w.page.locator('tr[data-param="lr"] vscode-text-field input').count(), 1);
    // Screen readers: each box has its own name (the toolkit would call them all "Text field"), its label invisible.
    assert.equal(await w.page.getByRole('textbox', { name: 'New value of lr', exact: true }).count(), 1);
    assert.equal(await w.page.getByRole('textbox', { name: 'New value of kd.weight', exact: true }).count(), 1);
    const label = await w.page.locator('tr[data-param="lr"] vscode-text-field label').boundingBox();
    assert.ok(label !== null && label.width <= 1 && label.height <= 1, `the label takes ${JSON.stringify(label)}`);
    assert.deepEqual(w.errors, []);
    await w.close();
  });

  it('validates against the range before anything is sent', async () => {
    const w = await openPanel(browser);
    await type(w, 'kd.weight', '12');
    let info = await w.inspect<Inspected>();
    assert.equal(info.params[1]?.error, 'kd.weight: must be between 0 and 10');
    assert.equal(info.applyDisabled, true);
    assert.equal(await w.page.getAttribute('tr[data-param="kd.weight"] vscode-text-field', 'aria-invalid'), 'true');
    await type(w, 'kd.weight', 'abc');
    info = await w.inspect<Inspected>();
    assert.equal(info.params[1]?.error, 'kd.weight: "abc" is not a number');
    await w.page.press('tr[data-param="kd.weight"] vscode-text-field input', 'Enter');
    assert.deepEqual((await w.posted()).filter((m) => m.type === 'tweak'), []);
    await type(w, 'kd.weight', '2');
    info = await w.inspect<Inspected>();
    assert.equal(info.params[1]?.error, '');
    assert.equal(info.applyDisabled, false);
    await w.close();
  });

  it('sends one tweak for all edits, then shows the step each took effect at and the new history line', async () => {
    const w = await openPanel(browser);
    await type(w, 'lr', '1e-4');
    await type(w, 'kd.temperature', '2');
    await w.page.click('#apply');
    const [sent] = await w.waitForPosted('tweak');
    assert.deepEqual(sent, { type: 'tweak', requestId: 1, changes: { lr: 1e-4, 'kd.temperature': 2 } });
    assert.equal((await w.inspect<Inspected>()).applyDisabled, true); // one request at a time
    await w.send({ type: 'tweakResult', requestId: 1, applied: { lr: { old: 3e-4, value: 1e-4 }, 'kd.temperature': { old: 4, value: 2 } }, atStep: 415 } satisfies HyperparamHostMessage);
    const t = kdRun.events[0]?.time ?? 0;
    await w.send({ type: 'tweakApplied', event: { type: 'tweak', time: t + 623_000, step: 415, name: 'lr', old: 3e-4, value: 1e-4, source: 'panel' } } satisfies HyperparamHostMessage);
    const info = await w.inspect<Inspected>();
    assert.deepEqual(info.params.map((p) => [p.name, p.current, p.effect, p.dirty]), [
      ['lr', '1e-4', 'step 415 · panel', false],
      ['kd.weight', '1', 'step 200 · panel', false],
      ['kd.temperature', '2', 'step 415 · panel', false],
    ]);
    assert.equal(info.message, 'Applied lr, kd.temperature at step 415.');
    assert.equal(info.history[0], 'step 415 · lr 3e-4 → 1e-4 · panel · 00:10:23');
    assert.equal(info.step, 415);
    await w.close();
  });

  it('reflects a change made elsewhere (config save), without overwriting what the user is typing', async () => {
    const w = await openPanel(browser);
    await type(w, 'lr', '5e-4');
    const t = kdRun.events[0]?.time ?? 0;
    await w.send({ type: 'tweakApplied', event: { type: 'tweak', time: t + 700_000, step: 430, name: 'kd.weight', old: 1, value: 3, source: 'config' } } satisfies HyperparamHostMessage);
    await w.send({ type: 'tweakApplied', event: { type: 'tweak', time: t + 701_000, step: 431, name: 'lr', old: 3e-4, value: 2e-4, source: 'command' } } satisfies HyperparamHostMessage);
    const info = await w.inspect<Inspected>();
    assert.deepEqual(info.params[1], { name: 'kd.weight', current: '3', field: '3', dirty: false, error: '', effect: 'step 430 · config', slider: 300 });
    assert.equal(info.params[0]?.current, '2e-4');
    assert.equal(info.params[0]?.field, '5e-4');
    assert.equal(info.params[0]?.dirty, true);
    assert.equal(info.history.length, 4);
    await w.close();
  });

  it('shows engine errors, and refuses edits once the run has ended', async () => {
    const w = await openPanel(browser);
    await type(w, 'kd.weight', '2');
    await w.page.click('#apply');
    await w.waitForPosted('tweak');
    await w.send({ type: 'tweakError', requestId: 1, message: 'run kd-student is not running' } satisfies HyperparamHostMessage);
    let info = await w.inspect<Inspected>();
    assert.equal(info.message, 'run kd-student is not running');
    assert.equal(info.applyDisabled, false);
    await w.send({ type: 'status', status: 'completed', step: 600 } satisfies HyperparamHostMessage);
    info = await w.inspect<Inspected>();
    assert.equal(info.applyDisabled, true);
    assert.equal(info.message, 'The run is completed: its hyperparameters can no longer change.');
    await w.close();
  });

  it('the slider edits the field (log scale for learning rates), keyboard included', async () => {
    const w = await openPanel(browser);
    await w.page.focus('tr[data-param="lr"] input[type="range"]');
    await w.page.keyboard.press('Home');
    let info = await w.inspect<Inspected>();
    assert.equal(info.params[0]?.field, '0.000001');
    await w.page.keyboard.press('End');
    info = await w.inspect<Inspected>();
    assert.equal(info.params[0]?.field, '0.1');
    assert.equal(info.applyDisabled, false);
    await w.page.click('#revert');
    info = await w.inspect<Inspected>();
    assert.equal(info.params[0]?.field, '0.0003');
    assert.equal(info.applyDisabled, true);
    await w.close();
  });

  it('asks the host to refresh, and logs unknown messages', async () => {
    const w = await openPanel(browser);
    await w.page.click('#refresh');
    assert.equal((await w.waitForPosted('refresh')).length, 1);
    await w.send({ type: 'nope' });
    const logs = await w.waitForPosted('log');
    assert.match(String(logs[0]?.['message']), /unknown host message/);
    await w.close();
  });
});
