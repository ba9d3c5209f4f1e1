// Entry point VS Code loads as `extensionTestsPath`: runs every *.test.js bundled beside it with mocha, inside the
// extension host. Results also go to the JSON file named by MEDKD_E2E_RESULTS, since the host's stdout is not
// visible through code-server; scripts/e2e/run.ts prints them.
import Mocha = require('mocha');
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteResults, TestResult } from './suiteResults';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));

  const tests: TestResult[] = [];
  const record = (test: Mocha.Test, state: TestResult['state'], error?: Error): void => {
    tests.push({ title: test.fullTitle(), state, durationMs: test.duration ?? 0, ...(error ? { error: `${error.message}\n${error.stack ?? ''}` } : {}) });
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results: SuiteResults = {
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
      };
      const out = process.env.MEDKD_E2E_RESULTS;
      if (out) writeFileSync(out, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('fail', (test, error: Error) => {
      // A failing hook reaches here as a pseudo-test; record it too so the count is honest.
      record(test as Mocha.Test, 'failed', error);
    });
    runner.on('pending', (test) => record(test, 'pending'));
  });
}
