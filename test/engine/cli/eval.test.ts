import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeEvalCommand, parseTolerance } from '../../../src/engine/cli/eval';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import { identityAffine } from '../../../src/engine/io/volume';
import type { Mat4, Vec3 } from '../../../src/engine/io/volume';
import { sharedDataDir } from '../io/niftiFixture';

interface EvalJson {
  perClass: Record<string, { dice: number; nsd?: number; hd95?: number | null; name?: string }>;
  cases: { caseId: string; perClass: Record<string, { dice: number; nsd?: number; hd95?: number | null }> }[];
  meanDice: number;
  toleranceMm: number;
}

async function runEval(args: string[]): Promise<string> {
  let out = '';
  assert.equal(await makeEvalCommand((t) => (out += t)).run(args), 0);
  return out;
}

// 4×3×2 grid, 1 mm. Every voxel touches the border (only 2 slices), so every foreground voxel is surface.
const dims: Vec3 = [4, 3, 2];
function labelMap(byX: number[], affine: Mat4 = identityAffine()): { data: Float32Array; dims: Vec3; channels: number; spacing: Vec3; affine: Mat4; sourceDatatype: string } {
  const data = new Float32Array(24);
  for (let i = 0; i < 24; i++) data[i] = byX[i % 4]!;
  return { data, dims, channels: 1, spacing: [1, 1, 1], affine, sourceDatatype: 'uint8' };
}

/**
 * case a: ref label 1 at x 0-1 (12 voxels), pred at x 0-2 (18): Dice 24/30 = 0.8. Surfaces = the masks.
 *   pred→ref: 12 × 0 mm, 6 × 1 mm; ref→pred: 12 × 0. Pooled 24 zeros, 6 ones: p95 at rank 27.55 → 1 mm;
 *   NSD(0.5 mm) = 24/30 = 0.8. Label 2 is absent from both: 1, 1, 0.
 * case b: label 2 at x 3 in both (Dice 1, HD95 0); label 1 absent from both.
 * Means: label 1 dice 0.9, nsd 0.9, hd95 0.5; label 2 all perfect; mean Dice 0.95.
 */
async function makeCases(root: string): Promise<{ pred: string; ref: string }> {
  const pred = path.join(root, 'pred');
  const ref = path.join(root, 'ref');
  mkdirSync(pred);
  mkdirSync(ref);
  await writeNifti(path.join(pred, 'a.nii.gz'), labelMap([1, 1, 1, 0]));
  await writeNifti(path.join(ref, 'a.nii.gz'), labelMap([1, 1, 0, 0]));
  await writeNifti(path.join(pred, 'b.nii.gz'), labelMap([0, 0, 0, 2]));
  await writeNifti(path.join(ref, 'b.nii'), labelMap([0, 0, 0, 2]));
  return { pred, ref };
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'medkd-eval-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('folders pair by case id; --json gives per-class means and per-case tables (hand-computed)', withDir(async (dir) => {
  const { pred, ref } = await makeCases(dir);
  const out = await runEval(['--pred', pred, '--ref', ref, '--json', '--tolerance', '0.5']);
  assert.equal(out.trim().split('\n').length, 1);
  const j = JSON.parse(out) as EvalJson;
  assert.deepEqual(j.cases.map((c) => c.caseId), ['a', 'b']);
  assert.deepEqual(j.cases[0]!.perClass['1'], { dice: 0.8, nsd: 0.8, hd95: 1, refVoxels: 12, predVoxels: 18 });
  assert.deepEqual(j.cases[0]!.perClass['2'], { dice: 1, nsd: 1, hd95: 0, refVoxels: 0, predVoxels: 0 });
  assert.ok(Math.abs(j.perClass['1']!.dice - 0.9) < 1e-12);
  assert.ok(Math.abs(j.perClass['1']!.nsd! - 0.9) < 1e-12);
  assert.equal(j.perClass['1']!.hd95, 0.5);
  assert.deepEqual(j.perClass['2'], { dice: 1, nsd: 1, hd95: 0 });
  assert.ok(Math.abs(j.meanDice - 0.95) < 1e-12);
  assert.equal(j.toleranceMm, 0.5);
}));

test('text table, --csv file and --labels names', withDir(async (dir) => {
  const { pred, ref } = await makeCases(dir);
  const names = path.join(dir, 'classes.json');
  writeFileSync(names, JSON.stringify({ 1: 'liver', 2: 'spleen' }));
  const csv = path.join(dir, 'out.csv');
  const out = await runEval(['--pred', pred, '--ref', ref, '--csv', csv, '--labels', names, '--tolerance', '0.5']);
  assert.deepEqual(out.split('\n').slice(0, 4), ['class       dice  nsd@0.5mm   hd95 mm', '1 liver   0.9000     0.9000      0.50', '2 spleen  1.0000     1.0000      0.00', 'mean Dice 0.9500 over 2 classes, means over 2 cases']);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'case,label,name,dice,nsd,hd95,ref_voxels,pred_voxels');
  assert.equal(rows[1], 'a,1,liver,0.8,0.8,1,12,18');
  assert.equal(rows.at(-2), 'mean,1,liver,0.9,0.9,0.5,,');
}));

test('an empty reference class against a predicted one: Dice 0, NSD 0, HD95 null in JSON, inf in text', withDir(async (dir) => {
  const p = path.join(dir, 'p.nii.gz');
  const r = path.join(dir, 'r.nii.gz');
  await writeNifti(p, labelMap([0, 3, 0, 0]));
  await writeNifti(r, labelMap([0, 0, 0, 0]));
  const j = JSON.parse(await runEval(['--pred', p, '--ref', r, '--json'])) as EvalJson;
  assert.deepEqual(j.perClass['3'], { dice: 0, nsd: 0, hd95: null });
  assert.equal(j.cases[0]!.caseId, 'r');
  assert.match(await runEval(['--pred', p, '--ref', r]), /^3 {6}0\.0000 {5}0\.0000 {7}inf$/m);
}));

test('errors: unpaired files, different grids, not a label map, file vs folder, bad options', withDir(async (dir) => {
  const { pred, ref } = await makeCases(dir);
  const evalCmd = makeEvalCommand(() => assert.fail('no output on error'));
  await writeNifti(path.join(pred, 'c.nii.gz'), labelMap([0, 0, 0, 1]));
  await writeNifti(path.join(ref, 'd.nii.gz'), labelMap([0, 0, 0, 1]));
  await assert.rejects(evalCmd.run(['--pred', pred, '--ref', ref]), { message: `eval: unpaired files: no reference for ${path.join(pred, 'c.nii.gz')}; no prediction for ${path.join(ref, 'd.nii.gz')}` });

  const shifted = identityAffine();
  shifted[2][3] = 246;
  const p = path.join(dir, 'p.nii.gz');
  const r = path.join(dir, 'r.nii.gz');
  await writeNifti(p, labelMap([1, 1, 0, 0], shifted));
  await writeNifti(r, labelMap([1, 1, 0, 0]));
  await assert.rejects(evalCmd.run(['--pred', p, '--ref', r]), { message: `${p} and ${r} are not on the same grid: affine[2][3] 246 vs 0 (largest difference of the affines, tolerance 0.001)` });

  const prob = path.join(dir, 'prob.nii.gz');
  await writeNifti(prob, { ...labelMap([0.25, 1, 0, 0]), sourceDatatype: 'float32' });
  await assert.rejects(evalCmd.run(['--pred', prob, '--ref', r]), { message: `${prob}: not a label map (voxel 0 holds 0.25, labels must be whole numbers)` });

  await assert.rejects(evalCmd.run(['--pred', p, '--ref', ref]), { message: `eval: --pred ${p} is a file but --ref ${ref} is a folder: give two files or two folders` });
  await assert.rejects(evalCmd.run(['--pred', p]), { message: 'eval: missing --ref <value>' });
  await assert.rejects(evalCmd.run(['--pred', path.join(dir, 'nope.nii'), '--ref', r]), { message: `${path.join(dir, 'nope.nii')}: not found (--pred)` });
  await assert.rejects(evalCmd.run(['--pred', p, '--ref', r, '--tolerance', 'wide']), { message: "eval: --tolerance: 'wide' is not a distance in mm (e.g. 2 or 2,5=3)" });
  const badMap = path.join(dir, 'map.json');
  writeFileSync(badMap, '{"1": "liver",');
  await assert.rejects(evalCmd.run(['--pred', p, '--ref', r, '--labels', badMap]), new RegExp(`^Error: ${badMap.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid JSON`));
}));

test('--tolerance: a default and per-class overrides', () => {
  assert.deepEqual(parseTolerance('2'), { toleranceMm: 2, classToleranceMm: {} });
  assert.deepEqual(parseTolerance('2,5=3, 7=1.5'), { toleranceMm: 2, classToleranceMm: { 5: 3, 7: 1.5 } });
  assert.throws(() => parseTolerance('x=2'), /'x' in 'x=2' is not a label id/);
});

test('real data: eval of example_seg_fast against example_seg gives the README Dice per organ', async (t) => {
  const data = sharedDataDir();
  if (data === undefined) return t.skip('skipped: ../shared/data not found');
  const dir = path.join(data, 'abdomen-ct');
  const out = await runEval(['--pred', path.join(dir, 'example_seg_fast.nii.gz'), '--ref', path.join(dir, 'example_seg.nii.gz'), '--labels', path.join(dir, 'class_map_total.json'), '--json', '--tolerance', '3']);
  const j = JSON.parse(out) as EvalJson;
  const expected: Record<string, [string, number]> = { 1: ['spleen', 0.98], 5: ['liver', 0.98], 6: ['stomach', 0.95], 7: ['pancreas', 0.81], 63: ['inferior_vena_cava', 0.94] };
  for (const [id, [name, dice]] of Object.entries(expected)) {
    const m = j.perClass[id]!;
    assert.equal(m.name, name);
    assert.ok(Math.abs(Math.round(m.dice * 1000) / 1000 - dice) <= 0.005 + 1e-9, `${name} ${m.dice}`);
    assert.ok(m.nsd! > 0.9 && m.nsd! <= 1, `${name} nsd ${m.nsd}`);
    assert.ok(typeof m.hd95 === 'number' && m.hd95 >= 3 - 1e-9 && m.hd95 < 10, `${name} hd95 ${m.hd95}`);
  }
  // Lung middle lobe: only the fast model predicts it.
  assert.deepEqual([j.perClass['13']!.dice, j.perClass['13']!.hd95], [0, null]);
  // Every label present in the reference is there.
  assert.equal(Object.keys(j.perClass).length, 41);
});
