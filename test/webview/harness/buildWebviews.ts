// Builds the three webview bundles exactly as scripts/build.mjs does (browser, IIFE, es2022, the webview tsconfig),
// into a private folder, so the tests always run the current source and never race another build's dist/.

import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

let built: Promise<string> | undefined;

/** The folder holding curves.js, sliceViewer.js and hyperparams.js (built once per test process). */
export function builtWebviews(): Promise<string> {
  built ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'medkd-webview-'));
    await build({
      entryPoints: {
        curves: join(REPO_ROOT, 'src/webview/curves/main.ts'),
        sliceViewer: join(REPO_ROOT, 'src/webview/sliceViewer/main.ts'),
        hyperparams: join(REPO_ROOT, 'src/webview/hyperparams/main.ts'),
      },
      bundle: true,
      sourcemap: false,
      minify: false,
      logLevel: 'warning',
      absWorkingDir: REPO_ROOT,
      outdir,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      tsconfig: join(REPO_ROOT, 'src/webview/tsconfig.json'),
    });
    return outdir;
  })();
  return built;
}
