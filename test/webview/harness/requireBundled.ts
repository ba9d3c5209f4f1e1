// Loads a webview module in Node through an esbuild bundle: some browser dependencies (nifti-reader-js) are
// ESM-only with an "import"-only exports map that Node's require cannot load, and the bundle sidesteps that.

import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './buildWebviews';

export function requireBundled<T>(srcPath: string): T {
  const r = buildSync({ entryPoints: [join(REPO_ROOT, srcPath)], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  const code = r.outputFiles[0]?.text ?? '';
  const mod = { exports: {} as T };
  const req = createRequire(join(REPO_ROOT, srcPath));
  new Function('module', 'exports', 'require', code)(mod, mod.exports, req);
  return mod.exports;
}
