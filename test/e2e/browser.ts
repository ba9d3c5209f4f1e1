// Headless Debian Chromium through playwright-core: the browser that shows code-server's workbench.
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const VIEWPORT = { width: 1440, height: 900 } as const;

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
