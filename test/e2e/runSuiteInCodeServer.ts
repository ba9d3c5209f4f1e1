// Runs the in-VS-Code mocha suite inside code-server's extension host through the smoke-test driver: the page's
// payload names the extension under development and the compiled suite, and the workbench reports the suite's exit
// code by calling window.codeAutomationExit.
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { VIEWPORT } from './browser';

export interface SuiteRun {
  /** The suite's exit code as the workbench reported it, or undefined on timeout. */
  exitCode: number | undefined;
  consoleLog: string;
}

export async function runSuiteInCodeServer(options: {
  browser: Browser;
  serverUrl: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  timeoutMs: number;
  consoleLogFile: string;
}): Promise<SuiteRun> {
  const authority = new URL(options.serverUrl).host;
  const remote = (path: string): string => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(options.extensionTestsPath)],
  ];
  const context = await options.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));

  let report: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (report = resolve));
  // Must exist before the workbench loads: it looks the function up when the suite ends.
  await page.exposeFunction('codeAutomationExit', (code: number) => report(code));
  const url = `${options.serverUrl}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url, { timeout: 60_000 });

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), options.timeoutMs)));
  const exitCode = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  await context.close();
  const consoleLog = lines.join('\n');
  writeFileSync(options.consoleLogFile, consoleLog);
  return { exitCode, consoleLog };
}
