// npm run eval:omni — omni-supervised distillation (Lachinov, methods.md §3) on real data:
// 1. hippocampus (media/examples/omni-hippocampus): a heterogeneous teacher ensemble trained on 32 labelled MRIs
//    pseudo-labels the 119 unlabelled ones; the student learns from both. On the 8 held-back cases: each teacher, the
//    ensemble, the student, and a plain student (same network, labelled cases only), Dice per label.
// 2. brain tumour (media/examples/omni-brats): FLAIR + T1c, WT/TC/ET sigmoid regions, a teacher pair pseudo-labels the
//    unlabelled case, the student is applied with four-flip TTA, the ET rule and the component filter; predictions
//    must overlay the inputs exactly (same grid and affine, checked); region Dice against each case's reference
//    (expert BraTS 2015 labels, and the 4-modal case's model labels in the 2023 convention).
// Prints tables and one JSON line. Options: --steps N (student; default 1500), --teacher-steps N (default 2/3 of it),
// --max-unlabeled N (default all), --brats-steps N (each BraTS phase; default 100), --brats-features 8,16,32,64
// (narrower BraTS networks for a quick check), --skip-brats, --skip-hippocampus, --out DIR (default .medkd-eval/omni).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from '../../src/engine/cli/cliCommand';
import { trainInForeground } from '../../src/engine/cli/train';
import { openRun, readReport } from '../../src/engine/runs/runStore';
import type { RunHandle } from '../../src/engine/runs/runStore';
import type { RunReport } from '../../src/engine/protocol';
import { RUN_FILES } from '../../src/engine/protocol';
import { readNifti } from '../../src/engine/io/readNifti';
import { writeNifti } from '../../src/engine/io/writeNifti';
import { sameGrid } from '../../src/engine/io/sameGrid';
import { classMetrics } from '../../src/engine/metrics/classMetrics';
import { dice } from '../../src/engine/metrics/dice';
import { inferWithCheckpoints } from '../../src/engine/methods/inferWithCheckpoint';
import { labelsToRegionMasks } from '../../src/engine/methods/regionMasks';
import { regionPreset } from '../../src/engine/methods/regionSpec';

const EXAMPLES = resolve(__dirname, '..', '..', 'media', 'examples');
const SHARED = resolve(__dirname, '..', '..', '..', 'shared', 'data');

type Json = Record<string, unknown>;

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)) + 2);
  process.stdout.write(`\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('')).join('\n')}\n`);
}

/** Writes `config` into `out` and trains it; returns the completed run and its report. */
async function train(out: string, file: string, config: Json): Promise<{ run: RunHandle; report: RunReport }> {
  const path = join(out, file);
  writeFileSync(path, JSON.stringify(config, null, 2));
  const { runId, ok } = await trainInForeground(path, out);
  const run = openRun(out, runId);
  const report = readReport(run);
  if (!ok || !report) throw new Error(`run ${runId} (${file}) did not complete`);
  return { run, report };
}

const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Json & { data: Json; networks: Record<string, Json>; train: Json; inference: Json };
const abs = (v: unknown) => (typeof v === 'string' && !isAbsolute(v) ? resolve(EXAMPLES, v) : v);

async function hippocampus(out: string, steps: number, teacherSteps: number, maxUnlabeled: number | undefined): Promise<Json> {
  const ex = example('omni-hippocampus.medkd.json');
  const data = { ...ex.data, images: abs(ex.data['images']), labels: abs(ex.data['labels']), unlabeled: abs(ex.data['unlabeled']), ...(maxUnlabeled !== undefined ? { maxUnlabeled } : {}) };
  const trainCfg = { ...ex.train, steps, teacherSteps, valEvery: Math.max(50, Math.round(steps / 5)), checkpointEvery: Math.max(50, Math.round(steps / 5)) };
  const omni = await train(out, 'omni-hippocampus.medkd.json', { ...ex, $schema: undefined, data, train: trainCfg });
  // The plain student: the same network and steps on the labelled cases only.
  const { unlabeled: _u, maxUnlabeled: _m, ...labelledOnly } = data;
  const plain = await train(out, 'plain-student-hippocampus.medkd.json', { ...ex, $schema: undefined, name: 'plain-student-hippocampus', method: 'supervised', omniKD: undefined, data: labelledOnly, networks: { student: ex.networks['student'] }, train: trainCfg });

  const teachers = Object.entries(omni.report.networks).filter(([, n]) => n.role === 'teacher').map(([k]) => k);
  const held = omni.report.predictions ?? [];
  // The ensemble: the teachers' averaged probabilities, as when they pseudo-labelled.
  const ensemble: Record<string, number[]> = { '1': [], '2': [] };
  for (const p of held) {
    const [file] = await inferWithCheckpoints(teachers.map((t) => join(omni.run.dir, RUN_FILES.checkpoints, t)), p.image, join(omni.run.dir, 'ensemble', `${p.caseId}.nii.gz`));
    const [pred, ref] = await Promise.all([readNifti(file!), readNifti(p.reference!)]);
    for (const r of classMetrics(pred.data, ref.data, ref.dims, { spacing: ref.spacing, labels: [1, 2], diceOnly: true })) ensemble[String(r.label)]!.push(r.dice);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const rows: [string, number, number][] = [
    ...teachers.map((t): [string, number, number] => [`teacher ${t}`, omni.report.networks[t]!.perClassDice!['1']!, omni.report.networks[t]!.perClassDice!['2']!]),
    ['ensemble (mean of teachers)', mean(ensemble['1']!), mean(ensemble['2']!)],
    ['student (omni-supervised)', omni.report.networks['student']!.perClassDice!['1']!, omni.report.networks['student']!.perClassDice!['2']!],
    ['plain student (labelled only)', plain.report.networks['student']!.perClassDice!['1']!, plain.report.networks['student']!.perClassDice!['2']!],
  ];
  printTable([['hippocampus, 8 held-back cases', 'Dice anterior', 'Dice posterior', 'mean'], ...rows.map(([n, a, b]) => [n, a.toFixed(4), b.toFixed(4), ((a + b) / 2).toFixed(4)])]);
  const pseudo = JSON.parse(readFileSync(join(omni.run.dir, 'pseudo-labels', 'index.json'), 'utf8')) as unknown[];
  process.stdout.write(`${pseudo.length} unlabelled cases pseudo-labelled into ${join(omni.run.dir, 'pseudo-labels')}; student ${omni.report.networks['student']!.params} parameters\n`);
  return {
    held_back: held.length,
    pseudo_labelled: pseudo.length,
    steps,
    teacher_steps: teacherSteps,
    dice: Object.fromEntries(rows.map(([n, a, b]) => [n, { anterior: a, posterior: b, mean: (a + b) / 2 }])),
    runs: [omni.run.dir, plain.run.dir],
  };
}

async function brats(out: string, steps: number, features: number[] | undefined): Promise<Json> {
  const ex = example('omni-brats.medkd.json');
  // Narrower networks for a quick check: the example's are paper-sized (≈16 GFLOP per 48³ window on a CPU).
  if (features) for (const n of Object.values(ex.networks)) n['model'] = { ...(n['model'] as Json), features, groups: Math.min(8, features[0]!) };
  // Windows without overlap: on a CPU every 240×240×155 volume costs hundreds of forward passes per flip already.
  const config = { ...ex, $schema: undefined, data: { ...ex.data, dataset: abs(ex.data['dataset']) }, train: { ...ex.train, steps, teacherSteps: steps, checkpointEvery: steps }, inference: { ...ex.inference, overlap: 0 } };
  const { run, report } = await train(out, 'omni-brats.medkd.json', config);
  const ckpt = join(run.dir, RUN_FILES.checkpoints, 'student');
  const cases = [
    { id: 'brats2015_pat0005', channels: ['Flair_subtrMeanDivStd', 'T1c_subtrMeanDivStd'], ref: 'OTMultiClass', refConvention: 'brats2015' as const },
    { id: 'brats_4modal_case', channels: ['t2f', 't1c'], ref: 'segmentation', refConvention: 'brats2023' as const },
  ];
  const ours = regionPreset('brats2015').regions;
  const results: Json = {};
  const rows: string[][] = [['case (student, 4-flip TTA)', 'reference', 'WT', 'TC', 'ET', 'ET voxels', 'grid = input']];
  for (const c of cases) {
    const dir = join(SHARED, 'brats', c.id);
    // The model takes the channels stacked; write them as one 4D file so `medkd infer` reads one input.
    const parts = await Promise.all(c.channels.map((ch) => readNifti(join(dir, `${ch}.nii.gz`))));
    const first = parts[0]!;
    const stacked = join(run.dir, 'inputs', `${c.id}.nii.gz`);
    mkdirSync(join(run.dir, 'inputs'), { recursive: true });
    const data = new Float32Array(first.data.length * parts.length);
    parts.forEach((p, i) => data.set(p.data, i * first.data.length));
    await writeNifti(stacked, { ...first, data, channels: parts.length, sourceDatatype: 'float32' }, { datatype: 'float32' });
    const [file] = await inferWithCheckpoints([ckpt], stacked, join(run.dir, 'inference', `${c.id}.nii.gz`), { tta: true, overlap: 0, largestComponent: false });
    const pred = await readNifti(file!);
    // The prediction must overlay the input exactly.
    const grid = sameGrid(first, pred, 0);
    if (!grid.same || pred.dims.some((d, a) => d !== first.dims[a])) throw new Error(`${file}: not on the input grid of ${c.id} (${grid.differences.join('; ')})`);
    const ref = await readNifti(join(dir, `${c.ref}.nii.gz`));
    const predMasks = labelsToRegionMasks(pred.data, ours);
    const refMasks = labelsToRegionMasks(ref.data, regionPreset(c.refConvention).regions);
    const d = ours.map((r, k) => [r.name, dice(predMasks[k]!, refMasks[k]!)] as const);
    const etVoxels = pred.data.filter((l) => l === 4).length;
    const labels = [...new Set(pred.data)].sort((a, b) => a - b);
    rows.push([c.id, `${c.ref} (${c.refConvention} ids)`, ...d.map(([, v]) => v.toFixed(4)), String(etVoxels), 'yes']);
    results[c.id] = { dice: Object.fromEntries(d), et_voxels: etVoxels, labels, grid_matches_input: true, prediction: file };
  }
  printTable(rows);
  process.stdout.write(`brain tumour: ${report.networks['student']!.params} student parameters; labels written: BraTS 2015 ids (ET as 4 only above 32 voxels); pseudo-labels in ${join(run.dir, 'pseudo-labels')}\n`);
  return { steps, ...(features ? { features } : {}), cases: results, run: run.dir };
}

async function main(): Promise<void> {
  if (!existsSync(SHARED)) {
    process.stdout.write(`skipped: ../shared/data not found (${SHARED})\n`);
    return;
  }
  const p = parseArgs(process.argv.slice(2), ['skip-brats', 'skip-hippocampus']);
  const steps = Number(p.flags.get('steps') ?? 1500);
  const teacherSteps = Number(p.flags.get('teacher-steps') ?? Math.ceil((steps * 2) / 3));
  const bratsSteps = Number(p.flags.get('brats-steps') ?? 100);
  const maxUnlabeled = p.flags.has('max-unlabeled') ? Number(p.flags.get('max-unlabeled')) : undefined;
  if (![steps, teacherSteps, bratsSteps].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--steps, --teacher-steps and --brats-steps must be positive integers');
  const out = resolve(typeof p.flags.get('out') === 'string' ? (p.flags.get('out') as string) : '.medkd-eval/omni');
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const line: Json = { eval: 'omni' };
  if (!p.flags.has('skip-hippocampus')) line['hippocampus'] = await hippocampus(out, steps, teacherSteps, maxUnlabeled);
  const bratsFeatures = typeof p.flags.get('brats-features') === 'string' ? (p.flags.get('brats-features') as string).split(',').map(Number) : undefined;
  if (bratsFeatures && !bratsFeatures.every((f) => Number.isInteger(f) && f > 0)) throw new Error('--brats-features: give channel counts per level, e.g. 8,16,32,64');
  if (!p.flags.has('skip-brats')) line['brats'] = await brats(out, bratsSteps, bratsFeatures);
  line['wall_s'] = (Date.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:omni: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
