// npm run eval:hippocampus — issue 2's acceptance run: a teacher trained on 32 labelled hippocampus MRIs, a student
// with at most 1/8 of its FLOPs distilled from it, both evaluated on the 8 held-back cases (Dice, NSD, HD95).
// Options: --steps N (each phase; default 1500), --teacher-steps N, --width W (default 16), --student-width S
// (default W/2), --student-regular (full 3×3×3 convs instead of depthwise-separable), --teacher-checkpoint DIR (a
// teacher trained before, loaded frozen: only the student trains), --student-init DIR (a student checkpoint to keep
// training from, e.g. to extend an earlier run; its architecture comes from the checkpoint), --student-features
// a,b,c,d (the student's widths per level, instead of --student-width's doubling), --lr X (default 3e-3),
// --out DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/engine/cli/cliCommand';
import { trainInForeground } from '../../src/engine/cli/train';
import { openRun, readReport } from '../../src/engine/runs/runStore';
import { requireSharedData } from './sharedData';

async function main(): Promise<void> {
  const p = parseArgs(process.argv.slice(2), ['student-regular']);
  const steps = Number(p.flags.get('steps') ?? 1500);
  const teacherSteps = Number(p.flags.get('teacher-steps') ?? steps);
  const out = resolve(typeof p.flags.get('out') === 'string' ? (p.flags.get('out') as string) : '.medkd-eval/hippocampus');
  // --width W: the teacher's first-level channels (doubling per level); --student-width: the separable student's.
  const base = Number(p.flags.get('width') ?? 16);
  const studentBase = Number(p.flags.get('student-width') ?? base / 2);
  const widths = (f: number) => [1, 2, 4, 8].map((m) => Math.max(1, Math.round(f * m)));
  const data = requireSharedData('hippocampus');
  const ckptFlag = p.flags.get('teacher-checkpoint');
  const teacherCheckpoint = typeof ckptFlag === 'string' ? resolve(ckptFlag) : undefined;
  const initFlag = p.flags.get('student-init');
  const studentInit = typeof initFlag === 'string' ? resolve(initFlag) : undefined;
  const lr = Number(p.flags.get('lr') ?? 0.003);
  const featuresFlag = p.flags.get('student-features');
  const studentFeatures = typeof featuresFlag === 'string' ? featuresFlag.split(',').map(Number) : widths(studentBase);
  if (!studentFeatures.every((f) => Number.isInteger(f) && f > 0)) throw new Error('--student-features: channel counts per level, e.g. 2,8,16,32');
  if (!(lr > 0)) throw new Error('--lr must be a positive number');
  mkdirSync(out, { recursive: true });
  const config = {
    name: 'hippocampus-kd',
    method: 'kd',
    data: { images: join(data, 'imagesTr'), labels: join(data, 'labelsTr'), labelNames: { '0': 'background', '1': 'anterior', '2': 'posterior' }, validation: { count: 8, seed: 0 } },
    preprocess: { normalize: 'zscore' },
    networks: {
      teacher: { role: 'teacher', model: { preset: 'teacher', features: widths(base), blocksPerLevel: [1, 2, 2, 2] }, ...(teacherCheckpoint ? { checkpoint: teacherCheckpoint } : {}) },
      student: studentInit
        ? { role: 'student', init: studentInit }
        : { role: 'student', model: { preset: 'student', features: studentFeatures, blocksPerLevel: 1, separable: !p.flags.has('student-regular') } },
    },
    train: { steps, teacherSteps, batchSize: 2, patchSize: [40, 56, 40], foregroundFraction: 0.5, valEvery: Math.max(50, Math.round(steps / 6)), checkpointEvery: 250, optimizer: 'adam', schedule: 'poly', warmupSteps: 20 },
    hyper: { lr, temperature: 2, kdWeight: 1, segWeight: 1 },
    inference: { overlap: 0.5, largestComponent: true },
  };
  const configPath = join(out, 'hippocampus-kd.medkd.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const started = Date.now();
  const { runId, ok } = await trainInForeground(configPath, out);
  const report = readReport(openRun(out, runId));
  if (!ok || !report) throw new Error(`run ${runId} did not complete`);
  const t = report.networks['teacher']!;
  const s = report.networks['student']!;
  const rows = [
    ['network', 'params', 'GFLOPs/patch', 'Dice anterior', 'Dice posterior', 'mean Dice'],
    ...[['teacher', t], ['student', s]].map(([name, n]) => {
      const net = n as typeof t;
      return [name as string, String(net.params), (net.flops / 1e9).toFixed(3), net.perClassDice?.['1']?.toFixed(4) ?? '-', net.perClassDice?.['2']?.toFixed(4) ?? '-', net.valDice?.toFixed(4) ?? '-'];
    }),
  ];
  process.stdout.write(`\n${rows.map((r) => r.map((c, i) => c.padEnd(i === 0 ? 9 : 15)).join('')).join('\n')}\n`);
  process.stdout.write(`student/teacher FLOPs: 1/${(t.flops / s.flops).toFixed(1)}; wall time ${((Date.now() - started) / 1000).toFixed(0)} s on ${report.backend}; run ${runId}\n`);
  process.stdout.write(`${JSON.stringify({ eval: 'hippocampus', teacher_dice: t.valDice, student_dice: s.valDice, teacher_gflops: t.flops / 1e9, student_gflops: s.flops / 1e9, flops_ratio: t.flops / s.flops, wall_s: (Date.now() - started) / 1000, steps, teacher_steps: teacherSteps, backend: report.backend })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:hippocampus: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
