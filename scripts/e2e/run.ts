// `npm run test:e2e`: MedKD inside a real VS Code. setup → package → (a) the mocha suite in code-server's extension
// host via the smoke-test driver → (b) Playwright drives the workbench with the installed .vsix and saves screenshots
// → (c) the same suite in a desktop VS Code through @vscode/test-electron where one can be had.
// Bounded by MEDKD_E2E_BUDGET_S (default 900 s); servers are stopped on every path. Where no VS Code can be had it
// prints one "skipped: no VS Code build available: <reason>" line and exits 0.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { launchChromium } from '../../test/e2e/browser';
import { driveWorkbench } from '../../test/e2e/driveWorkbench';
import type { StepResult } from '../../test/e2e/driveWorkbench';
import { runSuiteInCodeServer } from '../../test/e2e/runSuiteInCodeServer';
import { runSuiteInElectron } from '../../test/e2e/runSuiteInElectron';
import { writeTinyNifti } from '../../test/e2e/tinyNifti';
import type { SuiteResults } from '../../test/vscode/suite/suiteResults';
import { buildSuite } from './buildSuite';
import { extensionLogs, installExtension, startCodeServer } from './codeServer';
import type { CodeServer, CodeServerTools } from './codeServer';
import { packageExtension } from './packageExtension';

const repoRoot = resolve(__dirname, '../..');
const cacheDir = process.env.MEDKD_E2E_CACHE ?? join(repoRoot, '.cache/e2e');
// Each run works in its own folder (several may share the cache); `last` points at the newest.
const runsDir = join(cacheDir, 'runs');
const workDir = join(runsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
const screenshotDir = join(repoRoot, 'media/screenshots');
const budgetMs = Number(process.env.MEDKD_E2E_BUDGET_S ?? 900) * 1000;
const startedAt = Date.now();
const phases: [string, number][] = [];

const remaining = (): number => budgetMs - (Date.now() - startedAt);

async function phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const t = Date.now();
  console.log(`e2e: ${name}...`);
  try {
    return await work();
  } finally {
    phases.push([name, (Date.now() - t) / 1000]);
  }
}

interface Setup {
  chromium: string;
  tools: CodeServerTools;
}

function runSetup(): Setup | { unavailable: string } {
  // setup.sh bounds its own installs (its `timeout` also ends npm's children); the outer limit is a backstop.
  const installS = Math.round(Math.max(60_000, Math.min(remaining() - 300_000, 720_000)) / 1000);
  const r = spawnSync('bash', [join(repoRoot, 'scripts/e2e/setup.sh')], {
    encoding: 'utf8',
    timeout: (installS + 60) * 1000,
    env: { ...process.env, MEDKD_E2E_CACHE: cacheDir, MEDKD_E2E_INSTALL_TIMEOUT_S: String(installS) },
  });
  const out = `${r.stdout ?? ''}`;
  const value = (key: string): string | undefined => out.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
  const chromium = value('CHROMIUM');
  const node = value('NODE24');
  const entry = value('CODE_SERVER');
  if (r.status === 0 && chromium && node && entry) return { chromium, tools: { node, entry } };
  const line = out.split('\n').find((l) => l.startsWith('setup: unavailable: '));
  return { unavailable: line?.slice('setup: unavailable: '.length) ?? (r.error ? `setup.sh: ${r.error.message}` : `setup.sh exited ${r.status ?? r.signal}`) };
}

function pointLastAt(dir: string): void {
  const link = join(cacheDir, 'last');
  // A real folder there belongs to an older version of this script, perhaps still running: leave it.
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) return;
  const tmp = `${link}.${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(dir, tmp);
  renameSync(tmp, link);
}

/** Work folders of runs that ended long ago (none still running is that old: the budget is 15 min). */
function pruneOldRuns(): void {
  const cutoff = Date.now() - 2 * 3600_000;
  for (const name of readdirSync(runsDir)) {
    const dir = join(runsDir, name);
    if (dir !== workDir && statSync(dir).mtimeMs < cutoff) rmSync(dir, { recursive: true, force: true });
  }
}

function freshWorkspace(name: string): string {
  const dir = join(workDir, name);
  cpSync(join(repoRoot, 'test/vscode/fixture-workspace'), dir, { recursive: true });
  writeTinyNifti(join(dir, 'phantom.nii.gz'));
  return dir;
}

function readResults(file: string): SuiteResults | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SuiteResults) : undefined;
}

function printSuite(route: string, results: SuiteResults): void {
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.title}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.split('\n').slice(0, 6).map((l) => `      ${l}`).join('\n'));
  }
  console.log(`${route}: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
}

/** On failure, the extension's own logs say most: show their tails. */
function printLogTails(serverDir: string): void {
  for (const file of extensionLogs(serverDir, 'medkd.medkd')) {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    console.log(`  --- last lines of ${relative(repoRoot, file)}`);
    for (const l of lines.slice(-15)) console.log(`  | ${l}`);
  }
}

function printSteps(steps: StepResult[]): void {
  for (const s of steps) console.log(`  ${s.ok ? '✓' : '✗'} ${s.name}: ${s.detail}${s.screenshot ? ` [${relative(repoRoot, s.screenshot)}]` : ''}`);
  console.log(`workbench: ${steps.filter((s) => s.ok).length} passed, ${steps.filter((s) => !s.ok).length} failed`);
}

async function main(): Promise<number> {
  mkdirSync(workDir, { recursive: true });
  pointLastAt(workDir);
  pruneOldRuns();
  mkdirSync(screenshotDir, { recursive: true });
  // Pictures of an earlier run (a failure shot, say) must not pass for this one's.
  for (const f of readdirSync(screenshotDir).filter((f) => /^vscode-.*\.png$/.test(f))) rmSync(join(screenshotDir, f));

  const setup = await phase('setup', runSetup);
  const extension = await phase('package', () => packageExtension(repoRoot, cacheDir));
  const testsPath = await phase('build suite', () => buildSuite(repoRoot));
  console.log(`e2e: extension under test: ${extension.kind} (${relative(repoRoot, extension.vsix)})`);

  let failures = 0;
  let ran = false;
  const totals = { passed: 0, failed: 0 };
  const skips: string[] = [];

  if ('unavailable' in setup) {
    skips.push(`code-server: ${setup.unavailable}`);
  } else {
    const browser = await launchChromium(setup.chromium);
    let server: CodeServer | undefined;
    try {
      // (a) the suite inside the extension host, the extension loaded from its development path.
      const resultsFile = join(workDir, 'suite-results.json');
      const suite = await phase('vscode suite (code-server)', async () => {
        server = await startCodeServer({ tools: setup.tools, dir: join(workDir, 'server-suite'), smokeTestDriver: true, env: { MEDKD_E2E_RESULTS: resultsFile } });
        const run = await runSuiteInCodeServer({
          browser,
          serverUrl: server.url,
          extensionDevelopmentPath: extension.root,
          extensionTestsPath: testsPath,
          workspace: freshWorkspace('workspace-suite'),
          timeoutMs: Math.min(300_000, remaining() - 180_000),
          consoleLogFile: join(workDir, 'suite-console.log'),
        });
        await server.stop();
        server = undefined;
        return run;
      });
      ran = true;
      const results = readResults(resultsFile);
      if (results) printSuite('vscode', results);
      totals.passed += results?.passed ?? 0;
      totals.failed += results?.failed ?? 1;
      if (suite.exitCode === undefined) console.log(`e2e: the suite did not report an exit code in time (logs in ${workDir})`);
      if (!results) console.log(`e2e: the suite wrote no results (exit ${suite.exitCode ?? 'none'}; page console in ${join(workDir, 'suite-console.log')})`);
      if (suite.exitCode !== 0 || !results || results.failed > 0) {
        failures++;
        printLogTails(join(workDir, 'server-suite'));
      }

      // (b) a user's view: the packaged .vsix installed, the workbench driven by Playwright.
      const steps = await phase('workbench (Playwright)', async () => {
        const options = { tools: setup.tools, dir: join(workDir, 'server-ui'), smokeTestDriver: false };
        installExtension(options, extension.vsix);
        server = await startCodeServer(options);
        const result = await driveWorkbench({
          browser,
          serverUrl: server.url,
          workspace: freshWorkspace('workspace-ui'),
          commands: extension.packageJson.contributes?.commands ?? [],
          containerTitle: 'MedKD',
          fixture: extension.kind === 'fixture',
          screenshotDir,
          consoleLogFile: join(workDir, 'workbench-console.log'),
        });
        await server.stop();
        server = undefined;
        return result;
      });
      printSteps(steps);
      totals.passed += steps.filter((s) => s.ok).length;
      totals.failed += steps.filter((s) => !s.ok).length;
      if (steps.some((s) => !s.ok)) {
        failures++;
        printLogTails(join(workDir, 'server-ui'));
      }
    } finally {
      await server?.stop();
      await browser.close();
    }
  }

  // (c) desktop VS Code, where one can be had.
  const electronResults = join(workDir, 'electron-results.json');
  const electron = await phase('vscode suite (desktop, test-electron)', () =>
    runSuiteInElectron({
      extensionDevelopmentPath: extension.root,
      extensionTestsPath: testsPath,
      workspace: freshWorkspace('workspace-electron'),
      dir: cacheDir,
      resultsFile: electronResults,
      timeoutMs: Math.max(30_000, remaining() - 10_000),
    }),
  );
  if ('skipped' in electron) {
    skips.push(`desktop: ${electron.skipped}`);
    if (ran) console.log(`electron: skipped: no desktop VS Code build available: ${electron.skipped}`);
  } else {
    ran = true;
    const results = readResults(electronResults);
    if (results) printSuite('electron', results);
    totals.passed += results?.passed ?? 0;
    totals.failed += results?.failed ?? 1;
    if (electron.exitCode !== 0 || !results || results.failed > 0) failures++;
  }

  console.log(`e2e: phases: ${phases.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}; total ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  if (!ran) {
    console.log(`skipped: no VS Code build available: ${skips.join('; ')}`);
    return 0;
  }
  // The closing line counts everything: suite tests in each VS Code plus the workbench steps.
  console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed`);
  return failures > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.log(`e2e: over the ${budgetMs / 1000} s budget; stopping (servers are killed on exit)`);
  process.exit(1);
}, budgetMs);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
