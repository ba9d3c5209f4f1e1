// npm run eval:mskd — MS-KD on the abdomen organ masks (../shared/data/abdomen-ct/organs): one binary teacher per
// organ mask, trained on it alone, distilled into one multi-organ student (media/examples/mskd-abdomen-organs).
// Prints each organ's Dice of its single-organ teacher beside the student's, against the multi-label reference of
// the same CT (example_seg_fast remapped to the FLARE ids), as a table and one JSON line.
// Options: --steps N (student steps; default 300), --teacher-steps N (per teacher; default half of --steps),
// --organs liver,spleen,... (teachers to keep; default all 13), --out DIR (default .medkd-eval/mskd).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from '../../src/engine/cli/cliCommand';
import { trainInForeground } from '../../src/engine/cli/train';
import { openRun, readReport } from '../../src/engine/runs/runStore';
import { RUN_FILES } from '../../src/engine/protocol';
import { readNifti } from '../../src/engine/io/readNifti';
import { remapLabels, resolveLabelRemap, FLARE13_LABELS } from '../../src/engine/data/remapLabels';
import { dice } from '../../src/engine/metrics/dice';
import { inferWithCheckpoints } from '../../src/engine/methods/inferWithCheckpoint';

const EXAMPLES = resolve(__dirname, '..', '..', 'media', 'examples');
const SHARED = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'abdomen-ct');

interface NetworkJson {
  role: 'teacher' | 'student';
  data?: string;
  model?: Record<string, unknown>;
}

function mask(labels: Float32Array, id: number): Uint8Array {
  return Uint8Array.from(labels, (l) => (l === id ? 1 : 0));
}

async function main(): Promise<void> {
  if (!existsSync(SHARED)) {
    process.stdout.write(`skipped: ../shared/data not found (${SHARED})\n`);
    return;
  }
  const p = parseArgs(process.argv.slice(2));
  const steps = Number(p.flags.get('steps') ?? 300);
  const teacherSteps = Number(p.flags.get('teacher-steps') ?? Math.ceil(steps / 2));
  if (!(steps >= 1) || !(teacherSteps >= 1)) throw new Error('--steps and --teacher-steps must be positive integers');
  const keep = typeof p.flags.get('organs') === 'string' ? (p.flags.get('organs') as string).split(',').map((s) => s.trim()) : undefined;
  const out = resolve(typeof p.flags.get('out') === 'string' ? (p.flags.get('out') as string) : '.medkd-eval/mskd');
  mkdirSync(out, { recursive: true });

  // The shipped example with absolute paths, the chosen teachers and the step counts.
  const example = JSON.parse(readFileSync(join(EXAMPLES, 'mskd-abdomen-organs.medkd.json'), 'utf8')) as { data: Record<string, unknown>; networks: Record<string, NetworkJson>; train: Record<string, unknown> } & Record<string, unknown>;
  const abs = (v: unknown) => (typeof v === 'string' && !isAbsolute(v) ? resolve(EXAMPLES, v) : v);
  const networks = Object.fromEntries(
    Object.entries(example.networks)
      .filter(([name, n]) => n.role === 'student' || keep === undefined || keep.includes(name))
      .map(([name, n]) => [name, { ...n, ...(n.data ? { data: abs(n.data) } : {}) }]),
  );
  const teachers = Object.keys(networks).filter((k) => networks[k]!.role === 'teacher');
  if (teachers.length === 0) throw new Error(`--organs ${keep?.join(',')}: no teacher of the example has these names (${Object.keys(example.networks).join(', ')})`);
  const config = {
    ...example,
    $schema: undefined,
    data: { ...example.data, organs: abs(example.data['organs']), organImage: abs(example.data['organImage']) },
    networks,
    train: { ...example.train, steps, teacherSteps, checkpointEvery: Math.max(steps, teacherSteps) },
  };
  const configPath = join(out, 'mskd-abdomen-organs.medkd.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const started = Date.now();
  const { runId, ok } = await trainInForeground(configPath, out);
  const run = openRun(out, runId);
  const report = readReport(run);
  if (!ok || !report) throw new Error(`run ${runId} did not complete`);

  // Every network segments the CT; each teacher's output is [background, its organ] mapped to the organ's id.
  const ct = config.data.organImage as string;
  const ref = await readNifti(join(SHARED, 'example_seg_fast.nii.gz'));
  const refLabels = remapLabels(ref.data, resolveLabelRemap('totalsegmentatorToFlare13'));
  const checkpoints = join(run.dir, RUN_FILES.checkpoints);
  const predict = async (name: string) => {
    const [file] = await inferWithCheckpoints([join(checkpoints, name)], ct, join(out, 'predictions', runId, `${name}.nii.gz`), { overlap: 0.5 });
    const v = await readNifti(file!);
    if (v.dims.some((d, a) => d !== ref.dims[a])) throw new Error(`${file}: grid ${v.dims.join('×')} differs from the reference's ${ref.dims.join('×')}`);
    return v.data;
  };
  const student = await predict('student');
  const rows: { organ: string; id: number; refVoxels: number; teacher: number; student: number }[] = [];
  for (const t of teachers) {
    const manifest = JSON.parse(readFileSync(join(checkpoints, t, 'manifest.json'), 'utf8')) as { meta: { data: { labelIds: number[] } } };
    const id = manifest.meta.data.labelIds[1]!;
    const r = mask(refLabels, id);
    rows.push({ organ: t, id, refVoxels: r.reduce((a, b) => a + b, 0), teacher: dice(mask(await predict(t), id), r), student: dice(mask(student, id), r) });
  }
  const present = rows.filter((r) => r.refVoxels > 0);
  const mean = (k: 'teacher' | 'student') => present.reduce((s, r) => s + r[k], 0) / Math.max(1, present.length);
  const header = ['organ', 'FLARE id', 'ref voxels', 'teacher Dice', 'student Dice'];
  const table = [header, ...rows.map((r) => [`${r.organ} (${FLARE13_LABELS[r.id] ?? r.id})`, String(r.id), String(r.refVoxels), r.teacher.toFixed(4), r.student.toFixed(4)]), ['mean (organs in view)', '', '', mean('teacher').toFixed(4), mean('student').toFixed(4)]];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)) + 2);
  process.stdout.write(`\n${table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('')).join('\n')}\n`);
  const wall = (Date.now() - started) / 1000;
  process.stdout.write(`reference: ${basename(join(SHARED, 'example_seg_fast.nii.gz'))} (TotalSegmentator predictions) on the training CT itself: these Dice measure fit to the masks, not generalisation. ${present.length} of ${rows.length} organs are in view; student ${report.networks['student']!.params} parameters; ${wall.toFixed(0)} s on ${report.backend}; run ${runId}\n`);
  process.stdout.write(
    `${JSON.stringify({
      eval: 'mskd',
      steps,
      teacher_steps: teacherSteps,
      organs: Object.fromEntries(rows.map((r) => [r.organ, { id: r.id, ref_voxels: r.refVoxels, teacher_dice: r.teacher, student_dice: r.student }])),
      teacher_mean_dice: mean('teacher'),
      student_mean_dice: mean('student'),
      wall_s: wall,
      backend: report.backend,
      run: run.dir,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:mskd: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
