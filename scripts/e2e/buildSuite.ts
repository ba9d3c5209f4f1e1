// Bundles the in-VS-Code suite (test/vscode/suite) into dist/test/vscode/suite: one CommonJS file per test plus the
// mocha entry, with `vscode` (given by the extension host) and mocha (resolved from node_modules) left outside.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export async function buildSuite(repoRoot: string): Promise<string> {
  const src = join(repoRoot, 'test/vscode/suite');
  const outdir = join(repoRoot, 'dist/test/vscode/suite');
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = readdirSync(src)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(src, f));
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  return join(outdir, 'index.js');
}
