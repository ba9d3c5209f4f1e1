// Opens a built webview bundle in headless Chromium the way VS Code would: the extension's own HTML shell
// (same CSP), theme variables on <html>, a fake acquireVsCodeApi that records what the webview posts, and files
// served from one origin standing in for asWebviewUri.

import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { webviewHtml } from '../../../src/extension/panels/webviewHtml';
import { builtWebviews, REPO_ROOT } from './buildWebviews';
import type { ThemeName } from './themes';
import { THEMES } from './themes';

/** Stands in for webview.cspSource / asWebviewUri. */
export const ORIGIN = 'https://medkd.test';

export type WebviewEntry = 'curves' | 'sliceViewer' | 'hyperparams';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['MEDKD_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface OpenOptions {
  theme?: ThemeName;
  width?: number;
  height?: number;
  /** Extra files served at ORIGIN/files/<name> (volumes). */
  files?: Record<string, Uint8Array>;
  /** What getState() returns: the state VS Code kept across a hide or reload. */
  state?: unknown;
  reducedMotion?: boolean;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png' };

export class WebviewPage {
  private constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  static async open(browser: Browser, entry: WebviewEntry, o: OpenOptions = {}): Promise<WebviewPage> {
    const dir = await builtWebviews();
    // Pinned locale and time zone: the panels print local times and numbers.
    const page = await browser.newPage({ viewport: { width: o.width ?? 1000, height: o.height ?? 800 }, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'UTC' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.emulateMedia({ reducedMotion: o.reducedMotion === false ? 'no-preference' : 'reduce' });
    const theme = THEMES[o.theme ?? 'dark'];
    const nonce = 'testnonce0123456789';
    const shell = webviewHtml({
      cspSource: ORIGIN,
      nonce,
      title: entry,
      scriptUri: `${ORIGIN}/dist/webview/${entry}.js`,
      styleUris: [`${ORIGIN}/media/webview/common.css`, `${ORIGIN}/media/webview/${entry}.css`],
    });
    // What VS Code's webview host does before the page's own script: theme variables, body class, the API.
    const setup = `<script nonce="${nonce}">
      (() => {
        const vars = ${JSON.stringify(theme.vars)};
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.classList.add(${JSON.stringify(theme.bodyClass)});
        window.__posted = [];
        let state = ${JSON.stringify(o.state ?? null)};
        window.__state = state;
        let acquired = false;
        window.acquireVsCodeApi = () => {
          if (acquired) throw new Error('acquireVsCodeApi called twice');
          acquired = true;
          return {
            postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
            getState: () => state,
            setState: (s) => { state = JSON.parse(JSON.stringify(s)); window.__state = state; },
          };
        };
      })();
    </script>`;
    const html = shell.replace(`<script nonce="${nonce}" src=`, `${setup}\n    <script nonce="${nonce}" src=`);
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = decodeURIComponent(new URL(route.request().url()).pathname);
      let body: Buffer | Uint8Array | undefined;
      if (path === '/index.html') body = Buffer.from(html);
      else if (path.startsWith('/dist/webview/')) body = readIfExists(join(dir, path.slice('/dist/webview/'.length)));
      else if (path.startsWith('/media/')) body = readIfExists(join(REPO_ROOT, path));
      else if (path.startsWith('/files/')) body = o.files?.[path.slice('/files/'.length)];
      if (!body) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, body: Buffer.from(body), headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' } });
    });
    await page.goto(`${ORIGIN}/index.html`);
    const wp = new WebviewPage(page, errors);
    await wp.waitForPosted('ready');
    return wp;
  }

  /** Delivers a host → webview message, as webview.postMessage does. */
  async send(msg: unknown): Promise<void> {
    // As one JSON string: Playwright serializes a big object graph value by value, which takes seconds.
    await this.page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(msg));
  }

  async posted(): Promise<{ type: string; [k: string]: unknown }[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
  }

  async waitForPosted(type: string, count = 1): Promise<{ type: string; [k: string]: unknown }[]> {
    await this.page.waitForFunction(([t, n]) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= n, [type, count] as const, { timeout: 10_000 });
    return (await this.posted()).filter((m) => m.type === type);
  }

  async savedState<T>(): Promise<T> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state) as Promise<T>;
  }

  /** The webview's own account of what it drew (window.medkdInspect). */
  async inspect<T>(): Promise<T> {
    return this.page.evaluate(() => (window as unknown as { medkdInspect: () => unknown }).medkdInspect()) as Promise<T>;
  }

  /** RGBA of canvas pixel (x, y), read back from the canvas itself. */
  async canvasPixel(selector: string, index: number, x: number, y: number): Promise<[number, number, number, number]> {
    return this.page.evaluate(
      ([sel, i, px, py]) => {
        const c = document.querySelectorAll<HTMLCanvasElement>(sel)[i];
        const d = c?.getContext('2d')?.getImageData(px, py, 1, 1).data;
        return d ? ([d[0], d[1], d[2], d[3]] as [number, number, number, number]) : ([-1, -1, -1, -1] as [number, number, number, number]);
      },
      [selector, index, x, y] as const,
    );
  }

  async setTheme(name: ThemeName): Promise<void> {
    const t = THEMES[name];
    await this.page.evaluate(
      ([vars, cls]) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
        document.body.classList.add(cls);
      },
      [t.vars, t.bodyClass] as const,
    );
  }

  async screenshot(name: string): Promise<string> {
    const path = join(REPO_ROOT, 'media', 'screenshots', name);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

function readIfExists(p: string): Buffer | undefined {
  return existsSync(p) ? readFileSync(p) : undefined;
}
