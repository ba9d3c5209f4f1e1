// npm run eval:cross-teaching — paper 1 (Choi) on ../shared/data/hippocampus: the cross-teaching-KD trio (two teachers,
// one separable student, trained jointly on 32 labelled + 119 unlabelled cases) against the same student trained on the
// labelled cases alone for the same number of steps; all scored on the 8 held-back cases (seed 0). The run settings are
// media/examples/cross-teaching-hippocampus.medkd.json's. Prints a table, then one JSON line.
// Options: --steps N (default: the example's), --out DIR (default .medkd-eval/cross-teaching).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/engine/cli/cliCommand';
import { trainInForeground } from '../../src/engine/cli/train';
import { openRun, readReport } from '../../src/engine/runs/runStore';
import type { RunReport } from '../../src/engine/protocol';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'media', 'examples', 'cross-teaching-hippocampus.medkd.json');
const DATA = resolve(ROOT, '..', 'shared', 'data', 'hippocampus');

type Json = Record<string, unknown>;

async function trainRun(config: Json, out: string): Promise<RunReport> {
  const path = join(out, `${String(config['name'])}.medkd.json`);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  const { runId, ok } = await trainInForeground(path, out);
  const report = readReport(openRun(out, runId));
  if (!ok || !report) throw new Error(`run ${runId} (${String(config['name'])}) did not complete`);
  return report;
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    process.stdout.write(`skipped: ../shared/data not found (${DATA})\n`);
    return;
  }
  const p = parseArgs(process.argv.slice(2));
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Json & { data: Json; train: Json; hyper: Json; networks: Record<string, Json> };
  const stepsFlag = p.flags.get('steps');
  const steps = stepsFlag === undefined ? Number(example.train['steps']) : Number(stepsFlag);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`--steps must be a whole number ≥ 2, got ${String(stepsFlag)}`);
  const outFlag = p.flags.get('out');
  const out = resolve(typeof outFlag === 'string' ? outFlag : '.medkd-eval/cross-teaching');
  mkdirSync(out, { recursive: true });

  const { $schema: _schema, ...base } = example;
  const data = { ...example.data, images: join(DATA, 'imagesTr'), labels: join(DATA, 'labelsTr'), unlabeled: join(DATA, 'imagesUnlabeled') };
  const train = { ...example.train, steps, valEvery: Math.max(2, Math.round(steps / 8)), checkpointEvery: Math.max(2, Math.round(steps / 4)) };
  const crossTeaching = { ...base, name: 'ct-hippocampus', data, train, hyper: { ...example.hyper, rampUpLength: steps } };
  // The baseline: the same student, data split, optimiser, schedule, patches and steps, labelled cases only.
  const { unlabeled: _pool, ...labelledOnly } = data;
  const supervised = {
    ...base,
    name: 'supervised-hippocampus',
    method: 'supervised',
    data: labelledOnly,
    networks: { S: example.networks['S'] },
    train,
    hyper: { lr: example.hyper['lr'], segWeight: 1 },
    methodOptions: {},
  };

  const ct = await trainRun(crossTeaching, out);
  const sup = await trainRun(supervised, out);
  const rows: [string, string, RunReport['networks'][string], number][] = [
    ['S (cross-teaching KD)', 'student', ct.networks['S']!, ct.wallTimeSeconds],
    ['T1 (transposed)', 'teacher', ct.networks['T1']!, ct.wallTimeSeconds],
    ['T2 (resize-conv)', 'teacher', ct.networks['T2']!, ct.wallTimeSeconds],
    ['S (supervised only)', 'student', sup.networks['S']!, sup.wallTimeSeconds],
  ];
  const head = ['network', 'params', 'GFLOPs/patch', 'Dice anterior', 'Dice posterior', 'mean Dice', 'run wall s'];
  const table = [head, ...rows.map(([name, , n, wall]) => [name, String(n.params), (n.flops / 1e9).toFixed(3), n.perClassDice?.['1']?.toFixed(4) ?? '-', n.perClassDice?.['2']?.toFixed(4) ?? '-', n.valDice?.toFixed(4) ?? '-', wall.toFixed(0)])];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)) + 2);
  process.stdout.write(`\n${table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('')).join('\n')}\n`);
  process.stdout.write(`${steps} steps each (cross teaching: half labelled, half unlabelled); 8 held-back cases; backend ${ct.backend}; the trio's wall time covers all three networks\n`);
  const dice = (n: RunReport['networks'][string]) => ({ mean: n.valDice ?? null, anterior: n.perClassDice?.['1'] ?? null, posterior: n.perClassDice?.['2'] ?? null });
  const summary = {
    eval: 'cross-teaching',
    steps,
    ct_student_dice: dice(ct.networks['S']!),
    ct_teacher1_dice: dice(ct.networks['T1']!),
    ct_teacher2_dice: dice(ct.networks['T2']!),
    supervised_student_dice: dice(sup.networks['S']!),
    student_gflops: ct.networks['S']!.flops / 1e9,
    teacher_gflops: ct.networks['T1']!.flops / 1e9,
    ct_wall_s: ct.wallTimeSeconds,
    supervised_wall_s: sup.wallTimeSeconds,
    backend: ct.backend,
    runs: [ct.runId, sup.runId],
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:cross-teaching: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
