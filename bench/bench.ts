// `npm run bench`: conv3d throughput against PyTorch CPU, training steps of the reference teacher and student, and
// student inference on a real CT. Prints a table; the LAST line is one JSON object (keys in BenchSummary).
// Env: MEDKD_BENCH_QUICK=1 (fewer repetitions), MEDKD_BENCH_TORCH=0 (skip the PyTorch peer),
// MEDKD_BENCH_ONLY=conv,steps,ct (a subset), MEDKD_BACKEND (force a backend), MEDKD_BENCH_CT (the CT file),
// MEDKD_INFER_WORKERS (inference worker threads).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { serveGradWorker } from '../src/engine/backend/gradWorker';
import { initBackend } from '../src/engine/backend/initBackend';
import { BENCH_TASKS } from './benchTasks';
import { CLASSES, PATCH, torchSpec } from './benchNetworks';
import { CONV_SHAPES, convFlops, convForwardOnWorkers, convTimes } from './convBench';
import type { ConvTimes } from './convBench';
import { CT_FLAG, ctInferenceHere, ctInferenceInChild } from './ctInference';
import type { CtResult } from './ctInference';
import { parallelStepTime, stepTime } from './stepBench';
import type { StepResult } from './stepBench';
import { runTorchPeer } from './torchPeer';
import type { TorchResults } from './torchPeer';

// The shared data folder beside the repository (npm run bench runs dist/bench/bench.js; tsx runs bench/bench.ts).
const REPO = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..') : join(__dirname, '..', '..');
const CT_FILE = process.env['MEDKD_BENCH_CT'] ?? join(REPO, '..', 'shared', 'data', 'abdomen-ct', 'example_ct.nii.gz');
const WORKERS = 2;

interface BenchSummary {
  conv3d_fwd_gflops: number | null;
  conv3d_fwd_gflops_2workers: number | null;
  student_step_ms: number | null;
  torch_student_step_ms: number | null;
  teacher_step_ms: number | null;
  torch_teacher_step_ms: number | null;
  student_step_2workers_batch2_ms: number | null;
  /** PyTorch's student step on the same batch of WORKERS patches, and its time over ours (above 1: MedKD trains more samples per second). */
  torch_student_step_batch2_ms: number | null;
  student_throughput_ratio: number | null;
  ct_inference_s: number | null;
  ct_inference_peak_mb: number | null;
  backend: string;
  load_average: [number, number];
}

const log = (line: string): void => console.log(line);
const gf = (flops: number, ms: number | undefined): string => (ms === undefined ? '—' : (flops / ms / 1e6).toFixed(1));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const pad = (cells: string[], widths: number[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
const round = (x: number | undefined, digits = 1): number | null => (x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

async function main(): Promise<void> {
  const quick = process.env['MEDKD_BENCH_QUICK'] === '1';
  const only = new Set((process.env['MEDKD_BENCH_ONLY'] ?? 'conv,steps,ct').split(',').map((s) => s.trim()));
  const reps = quick ? 1 : 3;
  const choice = await initBackend();
  const load0 = loadavg()[0] ?? 0;
  log(`MedKD bench — backend ${choice.name} (${choice.reason}); ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); load average ${load0.toFixed(2)}`);
  log('Numbers drift with machine load: compare ratios taken within one run.');

  // The PyTorch peer first, so its result lines come before our table.
  let torch: TorchResults | undefined;
  if (process.env['MEDKD_BENCH_TORCH'] !== '0') {
    const r = runTorchPeer(
      {
        threads: WORKERS,
        convs: only.has('conv') ? CONV_SHAPES : [],
        reps,
        networks: only.has('steps') ? { teacher: torchSpec('teacher'), student: torchSpec('student') } : {},
        batchNetworks: only.has('steps') ? { student: torchSpec('student') } : {},
        batch: WORKERS,
        patch: PATCH,
        classes: CLASSES,
        stepReps: quick ? 1 : 2,
      },
      log,
    );
    if (typeof r === 'string') log(`PyTorch peer skipped: ${r}`);
    else torch = r;
  } else log('PyTorch peer skipped: MEDKD_BENCH_TORCH=0');

  const summary: BenchSummary = {
    conv3d_fwd_gflops: null,
    conv3d_fwd_gflops_2workers: null,
    student_step_ms: null,
    torch_student_step_ms: round(torch?.student_step_ms),
    teacher_step_ms: null,
    torch_teacher_step_ms: round(torch?.teacher_step_ms),
    student_step_2workers_batch2_ms: null,
    torch_student_step_batch2_ms: round(torch?.student_step_batch_ms),
    student_throughput_ratio: null,
    ct_inference_s: null,
    ct_inference_peak_mb: null,
    backend: choice.name,
    load_average: [Number(load0.toFixed(2)), 0],
  };

  if (only.has('conv')) {
    log('');
    log(`conv3d k=3 'same', batch 1, GFLOP/s (best of ${reps}); MedKD on one thread (${choice.name}), PyTorch ${torch ? `${torch.torch} on ${torch.threads} threads` : '—'}`);
    const widths = [20, 8, 8, 8, 8, 8, 8, 8, 8, 8, 12];
    log(pad(['shape D×H×W×Cin→Cout', 'fwd', 'd-input', 'd-filter', 'torch', 'torch dx', 'torch dw', 'fwd/t', 'dx/t', 'dw/t', `fwd ${WORKERS} wkrs`], widths));
    let best = 0;
    let best2 = 0;
    const rowsPending: { row: string[]; shape: (typeof CONV_SHAPES)[number]; flops: number }[] = [];
    CONV_SHAPES.forEach((shape, i) => {
      const ours: ConvTimes = convTimes(shape, reps);
      const t = torch?.conv[i];
      const f = convFlops(shape);
      best = Math.max(best, f / ours.fwd_ms / 1e6);
      const row = [`${shape.slice(0, 3).join('×')}×${shape[3]}→${shape[4]}`, gf(f, ours.fwd_ms), gf(f, ours.dx_ms), gf(f, ours.dw_ms), gf(f, t?.fwd_ms), gf(f, t?.dx_ms), gf(f, t?.dw_ms)];
      row.push(ratio(t?.fwd_ms, ours.fwd_ms), ratio(t?.dx_ms, ours.dx_ms), ratio(t?.dw_ms, ours.dw_ms));
      rowsPending.push({ row, shape, flops: f });
    });
    // The worker column runs after the single-thread rows so the two never compete for the cores.
    for (const p of rowsPending) {
      const ms = await convForwardOnWorkers(p.shape, __filename, WORKERS, reps);
      best2 = Math.max(best2, (WORKERS * p.flops) / ms / 1e6);
      log(pad([...p.row, gf(WORKERS * p.flops, ms)], widths));
    }
    log('(ratios: PyTorch time / MedKD time, above 1 means MedKD is faster; "fwd 2 wkrs": one sample per worker, transfers included)');
    summary.conv3d_fwd_gflops = round(best);
    summary.conv3d_fwd_gflops_2workers = round(best2);
  }

  if (only.has('steps')) {
    log('');
    log(`Training step on a 1×${PATCH}³ patch, ${CLASSES} classes (forward, cross-entropy, backward, SGD Nesterov 0.99), median ms`);
    const widths = [9, 11, 9, 12, 14, 9, 26];
    const widths2 = [...widths, 16, 11];
    log(pad(['network', 'parameters', 'GFLOP fw', 'MedKD 1 thr', `PyTorch ${torch?.threads ?? WORKERS} thr`, 'ratio', `MedKD batch ${WORKERS} on ${WORKERS} workers`, `PyTorch batch ${WORKERS}`, 'throughput'], widths2));
    const steps: Partial<Record<'teacher' | 'student', StepResult>> = {};
    for (const which of ['student', 'teacher'] as const) {
      const s = stepTime(which, 1, quick ? 1 : 3);
      steps[which] = s;
      const torchMs = torch?.[`${which}_step_ms`];
      let par = '—';
      let torchBatch = '—';
      let throughput = '—';
      if (which === 'student') {
        const ms = await parallelStepTime(which, __filename, WORKERS, quick ? 1 : 3);
        summary.student_step_2workers_batch2_ms = round(ms);
        par = `${ms.toFixed(0)} (${(ms / WORKERS).toFixed(0)}/sample)`;
        const tb = torch?.student_step_batch_ms;
        if (tb !== undefined) {
          torchBatch = tb.toFixed(0);
          throughput = ratio(tb, ms);
          summary.student_throughput_ratio = round(tb / ms);
        }
      }
      const paramsNote = torch?.[`${which}_params`] !== undefined && torch[`${which}_params`] !== s.params ? ` (torch ${torch[`${which}_params`]})` : '';
      log(pad([which, `${s.params}${paramsNote}`, (s.flops / 1e9).toFixed(1), s.ms.toFixed(0), torchMs === undefined ? '—' : torchMs.toFixed(0), ratio(torchMs, s.ms), par, torchBatch, throughput], widths2));
      if (s.leaked !== 0) log(`  warning: ${which} step leaked ${s.leaked} tensors per ${quick ? 1 : 3} steps`);
    }
    summary.student_step_ms = round(steps.student?.ms);
    summary.teacher_step_ms = round(steps.teacher?.ms);
  }

  if (only.has('ct')) {
    log('');
    if (!existsSync(CT_FILE)) log(`CT inference skipped: ${CT_FILE} not found`);
    else {
      const r: CtResult = ctInferenceInChild(CT_FILE, __filename);
      log(`Student sliding-window inference on ${CT_FILE} (${r.dims.join('×')}, ${r.windows} windows of ${PATCH}³, overlap 0.5, ${r.workers > 1 ? `${r.workers} worker threads` : 'one thread'}):`);
      log(`  read → write ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB (its own process)`);
      summary.ct_inference_s = round(r.seconds, 2);
      summary.ct_inference_peak_mb = round(r.peakMb, 0);
    }
  }

  const load1 = loadavg()[0] ?? 0;
  summary.load_average[1] = Number(load1.toFixed(2));
  log('');
  log(`load average at start ${load0.toFixed(2)}, at end ${load1.toFixed(2)} (${cpus().length} cores)`);
  log(JSON.stringify(summary));
}

async function ctChild(file: string): Promise<void> {
  await initBackend();
  console.log(JSON.stringify(await ctInferenceHere(file)));
}

if (!serveGradWorker(BENCH_TASKS)) {
  const ctAt = process.argv.indexOf(CT_FLAG);
  const run = ctAt >= 0 ? ctChild(process.argv[ctAt + 1] ?? CT_FILE) : main();
  run.catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
