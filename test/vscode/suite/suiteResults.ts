// The shape of the results file the in-VS-Code suite writes and scripts/e2e/run.ts reads.

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
}
