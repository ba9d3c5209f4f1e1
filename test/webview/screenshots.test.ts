// Screenshots of every panel in the light and dark themes for the README (media/screenshots/).
// They are rewritten only when asked: MEDKD_SCREENSHOTS=1 node test/run.mjs test/webview/screenshots.test.ts

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { CurvesHostMessage, HyperparamHostMessage, SliceViewerHostMessage, TweakEvent } from '../../src/webview/protocol';
import { niftiBytes } from '../fixtures/nifti/niftiBytes';
import { ABDOMEN_LABEL_NAMES, abdomenImage, abdomenLabels, abdomenStudent, abdomenTeacher } from '../fixtures/nifti/abdomenPhantom';
import { kdRun, teacherRun } from '../fixtures/runStore/fixtureRuns';
import type { ThemeName } from './harness/themes';
import { launchChromium, ORIGIN, WebviewPage } from './harness/webviewHarness';

const enabled = process.env['MEDKD_SCREENSHOTS'] === '1';
const THEMES: ThemeName[] = ['light', 'dark'];

describe('screenshots', { skip: enabled ? false : 'set MEDKD_SCREENSHOTS=1 to rewrite media/screenshots/' }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  const saved = (path: string): void => assert.ok(statSync(path).size > 10_000, `${path} has content`);

  for (const theme of THEMES) {
    it(`curves (${theme})`, async () => {
      const w = await WebviewPage.open(browser, 'curves', { theme, width: 1100, height: 980 });
      const runs = [kdRun, teacherRun];
      await w.send({ type: 'runs', runs: runs.map((r) => ({ runId: r.id, runDir: r.id, name: r.config.name, labels: r.config.data.labelNames, status: r.report ? 'completed' : 'running' })) } satisfies CurvesHostMessage);
      for (const r of runs) await w.send({ type: 'append', runId: r.id, metrics: r.metrics, events: r.events } satisfies CurvesHostMessage);
      await w.inspect();
      // Hover the kd.weight change so the marker's tooltip is in the picture.
      const info = await w.inspect<{ charts: { group: string; markers: { px: number; x: number }[]; area: { top: number; bottom: number } }[] }>();
      const losses = info.charts.find((c) => c.group === 'losses');
      const m = losses?.markers.find((x) => x.x === 200);
      const box = await w.page.locator('.chart-card[data-group="losses"] canvas').boundingBox();
      if (m && box && losses) await w.page.mouse.move(box.x + m.px, box.y + losses.area.top + 40);
      await w.page.waitForTimeout(200);
      saved(await w.screenshot(`curves-${theme}.png`));
      assert.deepEqual(w.errors, []);
      await w.close();
    });

    it(`slice viewer (${theme})`, async () => {
      const files = {
        'ct.nii': niftiBytes(abdomenImage()),
        'gt.nii': niftiBytes(abdomenLabels()),
        'teacher.nii': niftiBytes(abdomenTeacher()),
        'student.nii': niftiBytes(abdomenStudent()),
      };
      const f = (name: string): { name: string; src: string; uri: string } => ({ name, src: `${ORIGIN}/files/${name}`, uri: `file:///data/${name}` });
      const load = {
        title: 'case_007 · ct.nii',
        image: f('ct.nii'),
        overlays: [
          { ...f('gt.nii'), label: 'Ground truth', kind: 'groundTruth' as const },
          { ...f('teacher.nii'), label: 'Teacher', kind: 'teacher' as const },
          { ...f('student.nii'), label: 'Student', kind: 'student' as const },
        ],
        labelNames: ABDOMEN_LABEL_NAMES,
      };
      const w = await WebviewPage.open(browser, 'sliceViewer', { theme, width: 1280, height: 760, files });
      await w.send({ type: 'load', load } satisfies SliceViewerHostMessage);
      await w.page.waitForFunction(() => ((window as unknown as { medkdInspect: () => { panes: unknown[] } }).medkdInspect()?.panes.length ?? 0) > 0);
      await w.page.selectOption('#preset', 'ctAbdomen');
      const canvas = w.page.locator('.slice-canvas').first();
      const box = await canvas.boundingBox();
      if (box) await w.page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.45);
      await w.page.waitForTimeout(100);
      saved(await w.screenshot(`slice-viewer-${theme}.png`));
      await w.page.click('#compare');
      await w.page.mouse.move(5, 5);
      await w.page.waitForTimeout(100);
      saved(await w.screenshot(`slice-viewer-compare-${theme}.png`));
      assert.deepEqual(w.errors, []);
      await w.close();
    });

    it(`hyperparameters (${theme})`, async () => {
      const w = await WebviewPage.open(browser, 'hyperparams', { theme, width: 1000, height: 620 });
      const history = kdRun.events.filter((e): e is TweakEvent => e.type === 'tweak');
      await w.send({
        type: 'init',
        runId: kdRun.id,
        params: [
          { name: 'lr', doc: 'Learning rate of the student optimizer.', value: 3e-4, min: 1e-6, max: 1e-1, log: true },
          { name: 'kd.weight', doc: 'Weight of the distillation (KL) loss against the supervised loss.', value: 1, min: 0, max: 10 },
          { name: 'kd.temperature', doc: 'Softmax temperature applied to teacher and student logits.', value: 4, min: 1, max: 20 },
          { name: 'ct.weight', doc: 'Weight of the cross-teaching pseudo-label loss.', value: 0.1, min: 0, max: 1 },
        ],
        history,
        status: 'running',
        step: 412,
      } satisfies HyperparamHostMessage);
      await w.page.waitForSelector('tr[data-param="lr"]');
      await w.page.locator('tr[data-param="kd.temperature"] vscode-text-field input').fill('2');
      await w.page.locator('tr[data-param="ct.weight"] vscode-text-field input').fill('1.5');
      await w.page.mouse.move(5, 5);
      await w.page.waitForTimeout(150);
      saved(await w.screenshot(`hyperparams-${theme}.png`));
      assert.deepEqual(w.errors, []);
      await w.close();
    });
  }
});
