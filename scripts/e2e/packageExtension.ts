// Builds and packages the extension under test into a .vsix: the product (npm run package) once
// src/extension/extension.ts exists, else the throwaway fixture under test/e2e/fixtures/minimal-extension that
// proves the pipeline meanwhile.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExtensionUnderTest {
  kind: 'product' | 'fixture';
  /** The folder holding its package.json: the extensionDevelopmentPath. */
  root: string;
  vsix: string;
  packageJson: ExtensionManifest;
}

export interface ExtensionManifest {
  name: string;
  version: string;
  publisher: string;
  displayName?: string;
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    views?: Record<string, { id: string; name: string }[]>;
  };
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    // The first lines say why (esbuild and vsce print their errors first, stack traces after).
    const head = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').filter((l) => !/Unknown (user|env) config/.test(l)).slice(0, 30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${why}):\n${head}`);
  }
}

function readManifest(root: string): ExtensionManifest {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as ExtensionManifest;
}

/** MEDKD_E2E_EXTENSION=fixture|product overrides the choice (e.g. to work on the pipeline while the product does not build). */
export async function packageExtension(repoRoot: string, cacheDir: string): Promise<ExtensionUnderTest> {
  const forced = process.env.MEDKD_E2E_EXTENSION;
  if (forced === 'product' || (forced !== 'fixture' && existsSync(join(repoRoot, 'src/extension/extension.ts')))) {
    run('npm', ['run', '--silent', 'package'], repoRoot, 300_000);
    const manifest = readManifest(repoRoot);
    return { kind: 'product', root: repoRoot, vsix: join(repoRoot, `${manifest.name}-${manifest.version}.vsix`), packageJson: manifest };
  }
  const root = join(repoRoot, 'test/e2e/fixtures/minimal-extension');
  await build({
    entryPoints: [join(root, 'src/extension.ts')],
    outfile: join(root, 'dist/extension.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const vsix = join(cacheDir, 'medkd-fixture.vsix');
  run(join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], root, 120_000);
  return { kind: 'fixture', root, vsix, packageJson: readManifest(root) };
}
