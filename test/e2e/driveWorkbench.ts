// Drives code-server's workbench as a user would, against the installed .vsix: open the MedKD container, run a
// MedKD command from the palette (F1), click a run in the Runs view, open the panels, and save a screenshot of each
// state into media/screenshots/vscode-*.png. Each step passes or fails on its own; later steps still run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { VIEWPORT } from './browser';

export interface StepResult {
  name: string;
  ok: boolean;
  detail: string;
  screenshot?: string;
}

export interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

export interface DriveOptions {
  browser: Browser;
  serverUrl: string;
  workspace: string;
  commands: ContributedCommand[];
  screenshotDir: string;
  /** The container's title in the activity bar. */
  containerTitle: string;
  /** True for the pipeline's stand-in extension: product-only steps are left out. */
  fixture: boolean;
  consoleLogFile: string;
}

const STEP_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function paletteLabel(c: ContributedCommand): string {
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

/** The first contributed command whose id or title matches, in the order of the patterns given. */
export function findCommand(commands: ContributedCommand[], ...patterns: RegExp[]): ContributedCommand | undefined {
  for (const p of patterns) {
    const hit = commands.find((c) => p.test(c.command) || p.test(c.title));
    if (hit) return hit;
  }
  return undefined;
}

async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function quickInputOpen(page: Page): Promise<boolean> {
  return page.locator('.quick-input-widget').isVisible();
}

async function openPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
}

/** F1, type the command's palette label, Enter; then accept the first item of up to two follow-up pickers. */
async function runFromPalette(page: Page, command: ContributedCommand): Promise<string> {
  await openPalette(page, `>${paletteLabel(command)}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: command.title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  const followUps: string[] = [];
  for (let i = 0; i < 2; i++) {
    await sleep(1_500);
    if (!(await quickInputOpen(page))) break;
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    followUps.push((await first.isVisible()) ? ((await first.textContent()) ?? '').trim() : '(input)');
    await page.keyboard.press('Enter');
  }
  return followUps.length ? `picked ${followUps.map((f) => JSON.stringify(f.slice(0, 60))).join(', ')}` : 'no picker';
}

async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator('.notification-toast').count()) === 0) return;
  await runFromPalette(page, { command: 'notifications.clearAll', title: 'Clear All Notifications', category: 'Notifications' });
}

/** The content frames of open webviews (each nested inside its host iframe) with their visible text. */
async function webviewFrames(page: Page): Promise<{ frame: Frame; text: string }[]> {
  const out: { frame: Frame; text: string }[] = [];
  for (const frame of page.frames()) {
    const parent = frame.parentFrame();
    if (parent === null || parent === page.mainFrame()) continue;
    try {
      const text = (await frame.locator('body').innerText({ timeout: 1_000 })).trim();
      if (text) out.push({ frame, text });
    } catch {
      // a frame navigating away
    }
  }
  return out;
}

async function waitForWebview(page: Page, expect: RegExp, timeoutMs = 30_000): Promise<{ frame: Frame; text: string }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await webviewFrames(page)).find((w) => expect.test(w.text));
    if (hit) return hit;
    if (Date.now() > end) {
      const seen = (await webviewFrames(page)).map((w) => JSON.stringify(w.text.slice(0, 60))).join(', ');
      throw new Error(`no webview showing ${expect} within ${timeoutMs / 1000} s (webviews: ${seen || 'none'})`);
    }
    await sleep(500);
  }
}

async function waitUntil<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(500);
  }
}

async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(500);
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The newest run folder of the workspace's run store, if any. */
function newestRun(workspace: string): string | undefined {
  const store = join(workspace, '.medkd/runs');
  if (!existsSync(store)) return undefined;
  const ids = readdirSync(store).sort();
  const id = ids[ids.length - 1];
  return id === undefined ? undefined : join(store, id);
}

function jsonLines(path: string): unknown[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        return l.trim() ? [JSON.parse(l) as unknown] : [];
      } catch {
        return [];
      }
    });
}

export async function driveWorkbench(options: DriveOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const shot = (name: string): string => join(options.screenshotDir, `vscode-${name}.png`);
  const has = (id: string): ContributedCommand | undefined => options.commands.find((c) => c.command === id);
  const context = await options.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));

  const step = async (name: string, work: () => Promise<string>, screenshot?: string): Promise<boolean> => {
    // Toasts from earlier steps are in earlier screenshots; each picture shows only what its own step raised.
    if (results.length > 0) await clearNotifications(page).catch(() => undefined);
    try {
      const detail = await withTimeout(name, STEP_TIMEOUT_MS, work());
      if (screenshot) await page.screenshot({ path: screenshot });
      results.push({ name, ok: true, detail, ...(screenshot ? { screenshot } : {}) });
      return true;
    } catch (error) {
      const failShot = shot(`failed-${slug(name)}`);
      await page.screenshot({ path: failShot }).catch(() => undefined);
      results.push({ name, ok: false, detail: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error), screenshot: failShot });
      return false;
    }
  };
  const runsPane = () => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^\s*runs/i }) }).first();
  const openFile = async (name: string): Promise<void> => {
    await openPalette(page, name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
  };

  try {
    const loaded = await step(
      'workbench loads the fixture workspace',
      async () => {
        await page.goto(`${options.serverUrl}/?folder=${encodeURIComponent(options.workspace)}`, { timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 40_000 });
        await page.locator('.part.activitybar').waitFor({ timeout: 20_000 });
        await sleep(3_000); // let extensions activate and startup notifications settle
        return `title "${await page.title()}"`;
      },
      shot('workbench'),
    );
    if (!loaded) return results;

    await step(
      `activity bar opens the ${options.containerTitle} container with its views`,
      async () => {
        const item = page.locator(`.part.activitybar [aria-label^="${options.containerTitle}"]`).first();
        await item.waitFor({ state: 'visible', timeout: 20_000 });
        await item.click();
        const headers = page.locator('.part.sidebar .pane-header');
        await headers.first().waitFor({ timeout: 10_000 });
        // The views fill in once the extension has activated: wait for the Runs view to show something.
        await waitForAsync('the Runs view to fill in', async () => ((await runsPane().locator('.pane-body').innerText({ timeout: 1_000 })).trim() ? true : undefined), 30_000);
        // The Datasets view lists the config's data once the workspace scan is done (not a failure if it never does).
        const datasets = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^\s*datasets/i }) }).first();
        await datasets.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
        await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 5); // no tooltip over the picture
        await sleep(1_500);
        const titles = (await headers.allTextContents()).map((t) => t.trim()).filter(Boolean);
        if (!titles.some((t) => /runs/i.test(t))) throw new Error(`no Runs view among ${JSON.stringify(titles)}`);
        return `views: ${titles.join(' | ')}`;
      },
      shot('views'),
    );

    const start = findCommand(options.commands, /startRun$/i, /start run/i) ?? options.commands[0];
    if (start) {
      await step(
        `command palette (F1) lists MedKD commands and runs "${paletteLabel(start)}"`,
        async () => {
          await openPalette(page, `>${start.category ?? 'MedKD'}`);
          await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
          await sleep(500);
          await page.screenshot({ path: shot('command-palette') });
          const listed = await page.locator('.quick-input-list .monaco-list-row').count();
          const detail = await runFromPalette(page, start);
          return `${listed} commands listed; ${detail}`;
        },
      );
    }

    if (!options.fixture) {
      await step(
        'the started run draws live curves',
        async () => {
          const runDir = await waitUntil('a run folder', () => newestRun(options.workspace), 30_000);
          const runId = runDir.slice(runDir.lastIndexOf('/') + 1);
          await waitUntil('metrics.jsonl lines', () => {
            const failed = jsonLines(join(runDir, 'events.jsonl')).find((e) => (e as { status?: string }).status === 'failed');
            if (failed) throw new Error(`the run failed: ${(failed as { message?: string }).message ?? 'no message'}`);
            return jsonLines(join(runDir, 'metrics.jsonl')).length >= 5 ? true : undefined;
          }, 45_000);
          // The legend names the run by its config name (the id without its timestamp), beside drawn loss series.
          const name = runId.replace(/-\d{8}-\d{6}$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const curves = await waitForWebview(page, new RegExp(`${name}[\\s\\S]*loss`));
          await sleep(2_000);
          return `run ${runId}; curves webview: ${JSON.stringify(curves.text.slice(0, 100))}`;
        },
        shot('curves'),
      );
    }

    await step(
      'clicking a run in the Runs view',
      async () => {
        const pane = runsPane();
        const header = pane.locator('.pane-header').first();
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        const row = pane.locator('.monaco-list-row').first();
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        const label = ((await row.textContent()) ?? '').trim();
        await row.click();
        await sleep(2_000);
        return `clicked "${label.slice(0, 80)}"`;
      },
      shot('runs'),
    );

    if (!options.fixture && has('medkd.openHyperparameters')) {
      await step(
        'the hyperparameter panel applies a tweak to the live run',
        async () => {
          const runDir = newestRun(options.workspace) ?? '';
          const picked = await runFromPalette(page, has('medkd.openHyperparameters') ?? start ?? { command: '', title: '' });
          // The webview may be reloaded as the editor layout settles: look the frame up again until the field is there.
          // A toolkit text field keeps its <input> in a shadow root (CSS locators pierce it).
          const field = await waitForAsync('the lr field in the hyperparameter panel', async () => {
            const panel = await waitForWebview(page, /Live hyperparameters[\s\S]*\blr\b/);
            // By its label, or by its id: the toolkit replaces the field's aria-label with "Text field" (seen in 1.4.0).
            const input = panel.frame.locator('[aria-label="New value of lr"] input, input[aria-label="New value of lr"], #p-lr input').first();
            return (await input.count().catch(() => 0)) > 0 ? input : undefined;
          }, 30_000);
          await field.waitFor({ state: 'visible', timeout: 20_000 });
          await field.fill('0.0007');
          await field.press('Enter');
          const tweak = await waitUntil(
            'the tweak in events.jsonl',
            () => jsonLines(join(runDir, 'events.jsonl')).find((e) => {
              const t = e as { type?: string; name?: string; value?: number; source?: string };
              return t.type === 'tweak' && t.name === 'lr' && t.value === 0.0007 && t.source === 'panel' ? t : undefined;
            }),
            20_000,
          );
          // The panel confirms: its history lists the change (it writes 0.0007 as 7e-4).
          const confirmed = await waitForWebview(page, /History[\s\S]*\blr\b[^\n]*(0\.0007|7e-4)/, 20_000);
          const entry = confirmed.text.slice(confirmed.text.lastIndexOf('History')).split('\n')[1] ?? '';
          await sleep(500);
          return `${picked}; panel history ${JSON.stringify(entry)}; events.jsonl ${JSON.stringify(tweak)}`;
        },
        shot('hyperparams'),
      );
    }

    if (!options.fixture) {
      await step(
        'tiny.medkd.json shows MedKD CodeLens',
        async () => {
          await openFile('tiny.medkd.json');
          const lens = page.locator('.part.editor .contentWidgets .codelens-decoration, .part.editor .codelens-decoration').first();
          await lens.waitFor({ state: 'visible', timeout: 40_000 });
          await sleep(1_000);
          return `CodeLens: ${JSON.stringify(((await lens.textContent()) ?? '').trim().slice(0, 100))}`;
        },
        shot('config-codelens'),
      );

      await step(
        'phantom.nii.gz opens in the MedKD slice viewer (custom editor)',
        async () => {
          await openFile('phantom.nii.gz');
          const viewer = await waitForWebview(page, /phantom\.nii\.gz[\s\S]*Axial/, 30_000);
          await sleep(2_000);
          return `custom editor shows ${JSON.stringify(viewer.text.slice(0, 100))}`;
        },
        shot('slice-viewer'),
      );
    }

    const stop = has('medkd.stopRun');
    if (!options.fixture && stop) {
      await step(
        `"${paletteLabel(stop)}" stops the run`,
        async () => {
          const runDir = newestRun(options.workspace) ?? '';
          const picked = await runFromPalette(page, stop);
          await waitUntil(
            'a "stopped" status in events.jsonl',
            () => (jsonLines(join(runDir, 'events.jsonl')).some((e) => (e as { status?: string }).status === 'stopped') ? true : undefined),
            30_000,
          );
          const row = runsPane().locator('.monaco-list-row').first();
          await waitForAsync('the Runs view to show the run stopped', async () => (/stopped/i.test((await row.textContent()) ?? '') ? true : undefined), 20_000);
          await sleep(1_000);
          return `${picked}; Runs view: ${JSON.stringify(((await row.textContent()) ?? '').trim().slice(0, 80))}`;
        },
        shot('run-stopped'),
      );
    }
  } finally {
    writeFileSync(options.consoleLogFile, consoleLines.join('\n'));
    await context.close();
  }
  return results;
}
