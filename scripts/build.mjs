// Bundles the engine (Node), the extension (Node, vscode external) and the webviews (browser) with esbuild.
// Entries that do not exist yet are skipped, so the build works while the product grows.
import { build } from 'esbuild';
import { existsSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const prod = process.argv.includes('--production');
const exists = (p) => existsSync(join(root, p));

const nodeEntries = {
  'engine/cli': 'src/engine/cli.ts',
  'engine/server': 'src/engine/server.ts',
  'engine/dataWorker': 'src/engine/data/dataWorker.ts',
  'engine/inferenceWorker': 'src/engine/inference/inferenceWorker.ts',
  'extension/extension': 'src/extension/extension.ts',
  'bench/bench': 'bench/bench.ts',
};
const webEntries = {
  'webview/curves': 'src/webview/curves/main.ts',
  'webview/sliceViewer': 'src/webview/sliceViewer/main.ts',
  'webview/hyperparams': 'src/webview/hyperparams/main.ts',
};
const pick = (entries) => Object.fromEntries(Object.entries(entries).filter(([, src]) => exists(src)));

const common = { bundle: true, sourcemap: !prod, minify: prod, logLevel: 'warning', absWorkingDir: root, outdir: join(root, 'dist') };
await build({
  ...common,
  entryPoints: pick(nodeEntries),
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Native tfjs backends stay outside the bundle: loaded at run time when installed, skipped when not.
  // tfjs backends register themselves on import; package.json "sideEffects" would let esbuild drop them.
  ignoreAnnotations: true,
  // Prefer ES module builds: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ['module', 'main'],
  external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'playwright-core'],
});
const web = pick(webEntries);
if (Object.keys(web).length > 0) {
  await build({ ...common, entryPoints: web, platform: 'browser', target: 'es2022', format: 'iife', tsconfig: join(root, 'src/webview/tsconfig.json') });
}
// The WebAssembly backend loads its .wasm binaries from beside the engine bundle.
const wasmSrc = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
mkdirSync(join(root, 'dist/engine'), { recursive: true });
for (const f of readdirSync(wasmSrc).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmSrc, f), join(root, 'dist/engine', f));
console.log(`built ${Object.keys(pick(nodeEntries)).length + Object.keys(web).length} bundles into dist/`);
