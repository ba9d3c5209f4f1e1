// `medkd infer --model <checkpoint> [--model <checkpoint> ...] --input <file|folder> --output <path>`, or a two-stage
// cascade: `--coarse <checkpoint> --model <fine checkpoint>` (Choi's coarse-to-fine inference).
import { resolve } from 'node:path';
import type { CliCommand } from './cliCommand';
import { parseArgs, requireFlag } from './cliCommand';
import { initBackend } from '../backend/initBackend';
import { inferWithCheckpoints } from '../methods/inferWithCheckpoint';
import { cascadeInferWithCheckpoints } from '../methods/cascadeInferWithCheckpoints';

/** Every value of a repeatable flag, in order. */
export function repeatedFlag(args: string[], key: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === `--${key}` && args[i + 1] !== undefined) out.push(args[i + 1]!);
    else if (a.startsWith(`--${key}=`)) out.push(a.slice(key.length + 3));
  });
  return out;
}

export const inferCommand: CliCommand = {
  name: 'infer',
  usage: 'infer --model <ckpt> [--model <ckpt>…] [--coarse <ckpt>] --input <file|dir> --output <path> [--tta] [--overlap 0.5] [--workers N] [--no-lcc]',
  summary: 'segment images with a trained checkpoint (several: an ensemble; with --coarse: a coarse-to-fine cascade), on the input grid',
  async run(args) {
    const p = parseArgs(args, ['tta', 'no-lcc']);
    const models = repeatedFlag(args, 'model').map((m) => resolve(m));
    if (models.length === 0) throw new Error('infer: missing --model <checkpoint folder>');
    const input = resolve(requireFlag(p, 'input', 'infer'));
    const output = resolve(requireFlag(p, 'output', 'infer'));
    const overlap = p.flags.has('overlap') ? Number(p.flags.get('overlap')) : 0.5;
    if (!(overlap >= 0 && overlap < 1)) throw new Error(`infer: --overlap must be in [0, 1), got ${String(p.flags.get('overlap'))}`);
    const workersFlag = p.flags.get('workers');
    const workers = workersFlag === undefined ? undefined : Number(workersFlag);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new Error(`infer: --workers must be a whole number (0 or 1: no worker threads), got ${String(workersFlag)}`);
    const backend = await initBackend();
    const started = Date.now();
    const coarse = p.flags.get('coarse');
    if (coarse === true) throw new Error('infer: --coarse needs a checkpoint folder');
    if (coarse !== undefined && models.length !== 1) throw new Error('infer: a cascade takes one fine-stage --model beside --coarse');
    if (coarse !== undefined && p.flags.has('tta')) throw new Error('infer: --tta is not available for a cascade (Choi uses none)');
    const written =
      coarse !== undefined
        ? await cascadeInferWithCheckpoints(resolve(coarse), models[0]!, input, output, { overlap, largestComponent: !p.flags.has('no-lcc') })
        : await inferWithCheckpoints(models, input, output, { overlap, tta: p.flags.has('tta'), largestComponent: !p.flags.has('no-lcc'), ...(workers !== undefined ? { workers } : {}) });
    process.stdout.write(`${written.map((w) => `wrote ${w}`).join('\n')}\n${written.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s on ${backend.name}\n`);
    return 0;
  },
};
