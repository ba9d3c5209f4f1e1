// Drives code-server's workbench as a user would, against the installed .vsix: open the MedKD container, run a
// MedKD command from the palette (F1), click a run in the Runs view, open the panels, and save a screenshot of each
// state into media/screenshots/vscode-*.png. Each step passes or fails on its own; later steps still run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
  consoleLogFile: string;
}

const STEP_TIMEOUT_MS = 45_000;

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

async function closeAllEditors(page: Page): Promise<void> {
  await runFromPalette(page, { command: 'workbench.action.closeAllEditors', title: 'Close All Editors', category: 'View' });
  await page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
}

async function webviewText(page: Page): Promise<string> {
  const texts: string[] = [];
  // A webview's content is the frame nested inside its host iframe; the host frames hold only VS Code's bootstrap.
  for (const frame of page.frames()) {
    const parent = frame.parentFrame();
    if (parent === null || parent === page.mainFrame()) continue;
    try {
      const text = await frame.locator('body').innerText({ timeout: 1_000 });
      if (text.trim()) texts.push(text.trim());
    } catch {
      // a frame navigating away
    }
  }
  return texts.join('\n---\n');
}

async function waitForWebview(page: Page, before: string, expect?: RegExp): Promise<string> {
  const end = Date.now() + 30_000;
  for (;;) {
    const text = await webviewText(page);
    if (text && text !== before && (!expect || expect.test(text))) return text;
    if (Date.now() > end) throw new Error(`no webview content${expect ? ` matching ${expect}` : ''} within 30 s; frames: ${page.frames().length}`);
    await sleep(500);
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export async function driveWorkbench(options: DriveOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const shot = (name: string): string => join(options.screenshotDir, `vscode-${name}.png`);
  const context = await options.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));

  const step = async (name: string, work: () => Promise<string>, screenshot?: string): Promise<boolean> => {
    try {
      const detail = await withTimeout(name, STEP_TIMEOUT_MS, work());
      if (screenshot) await page.screenshot({ path: screenshot });
      results.push({ name, ok: true, detail, ...(screenshot ? { screenshot } : {}) });
      return true;
    } catch (error) {
      const failShot = screenshot ?? shot(`failed-${slug(name)}`);
      await page.screenshot({ path: failShot }).catch(() => undefined);
      results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error), screenshot: failShot });
      return false;
    }
  };

  try {
    const loaded = await step(
      'workbench loads the fixture workspace',
      async () => {
        await page.goto(`${options.serverUrl}/?folder=${encodeURIComponent(options.workspace)}`, { timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 40_000 });
        await page.locator('.explorer-folders-view, .part.sidebar').first().waitFor({ timeout: 20_000 });
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
        await sleep(1_000);
        const titles = (await headers.allTextContents()).map((t) => t.trim()).filter(Boolean);
        if (!titles.some((t) => /runs/i.test(t))) throw new Error(`no Runs view among ${JSON.stringify(titles)}`);
        return `views: ${titles.join(' | ')}`;
      },
      shot('views'),
    );

    const start = findCommand(options.commands, /startRun$/i, /start run/i) ?? options.commands[0];
    if (start) {
      await step(
        `command palette (F1) runs "${paletteLabel(start)}"`,
        async () => {
          await openPalette(page, `>${start.category ?? 'MedKD'}`);
          await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
          await sleep(500);
          await page.screenshot({ path: shot('command-palette') });
          const detail = await runFromPalette(page, start);
          await sleep(3_000);
          return detail;
        },
        shot('after-command'),
      );
    }

    await step(
      'clicking a run in the Runs view',
      async () => {
        const before = await webviewText(page);
        const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /runs/i }) }).first();
        const header = pane.locator('.pane-header').first();
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        const row = pane.locator('.monaco-list-row').first();
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        const label = ((await row.textContent()) ?? '').trim();
        await row.click();
        await sleep(2_000);
        const after = await webviewText(page).catch(() => before);
        return `clicked "${label}"${after !== before ? '; a panel opened' : ''}`;
      },
      shot('runs'),
    );

    const panels = options.commands.filter((c) => /curve|slice|viewer|hyperparam|panel|dashboard|report/i.test(`${c.command} ${c.title}`));
    for (const panel of panels) {
      await step(
        `"${paletteLabel(panel)}" opens a webview with content`,
        async () => {
          // With no editors open, any webview text that appears belongs to this panel.
          await closeAllEditors(page);
          const picked = await runFromPalette(page, panel);
          const text = await waitForWebview(page, '');
          const handshake = /handshake ok/i.test(text) ? '; handshake ok' : '';
          return `${picked}; webview shows ${JSON.stringify(text.slice(0, 80))}${handshake}`;
        },
        shot(`panel-${slug(panel.title)}`),
      );
    }
  } finally {
    writeFileSync(options.consoleLogFile, consoleLines.join('\n'));
    await context.close();
  }
  return results;
}
