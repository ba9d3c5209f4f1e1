// Where the real test data lives (../shared/data beside the repo), for evaluation scripts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');

/** The folder, or exits with one clear line when the shared data is not on this machine. */
export function requireSharedData(sub: string): string {
  const dir = join(SHARED_DATA, sub);
  if (!existsSync(dir)) {
    process.stdout.write(`skipped: ../shared/data not found (${dir})\n`);
    process.exit(0);
  }
  return dir;
}
