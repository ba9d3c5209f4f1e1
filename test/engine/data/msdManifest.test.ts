import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMsdCases } from '../../../src/engine/data/msdManifest';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'medkd-msd-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return root;
}

test('MSD dataset.json: training pairs, test images as unlabelled, labels id → name, modality', () => {
  const json = {
    modality: { 0: 'MRI' },
    labels: { 0: 'background', 1: 'Anterior', 2: 'Posterior' },
    training: [{ image: './imagesTr/h_1.nii.gz', label: './labelsTr/h_1.nii.gz' }, { image: './imagesTr/h_2.nii.gz', label: './labelsTr/h_2.nii.gz' }],
    test: ['./imagesTs/h_9.nii.gz'],
  };
  const root = tree({ 'dataset.json': JSON.stringify(json), 'imagesTr/h_1.nii.gz': '', 'labelsTr/h_1.nii.gz': '', 'imagesTs/h_9.nii.gz': '' });
  const l = listMsdCases(root, 'data.dataset', true);
  assert.deepEqual(l.cases.map((c) => `${c.id}:${c.kind}`), ['h_1:labelled', 'h_9:unlabelled']);
  assert.deepEqual(l.labelNames, { 0: 'background', 1: 'Anterior', 2: 'Posterior' });
  assert.deepEqual(l.channelNames, ['MRI']);
  // h_2's image is missing: one problem naming the entry and the path, the rest still listed.
  assert.equal(l.problems.length, 1);
  assert.match(l.problems[0]!.message, /dataset\.json: training\[1\]: image .*imagesTr\/h_2\.nii\.gz not found/);
  assert.equal(l.problems[0]!.caseId, 'h_2');
});

test('nnU-Net v1 (listed names, _0000 files on disk) and v2 (no lists, labels name → id)', () => {
  const v1 = tree({
    'dataset.json': JSON.stringify({ modality: { 0: 'T1', 1: 'T2' }, labels: { 0: 'background', 1: 'tumour' }, training: [{ image: './imagesTr/b_1.nii.gz', label: './labelsTr/b_1.nii.gz' }] }),
    'imagesTr/b_1_0000.nii.gz': '',
    'imagesTr/b_1_0001.nii.gz': '',
    'labelsTr/b_1.nii.gz': '',
  });
  const l1 = listMsdCases(join(v1, 'dataset.json'), 'data.dataset', false);
  assert.deepEqual(l1.cases[0]!.images, [join(v1, 'imagesTr/b_1_0000.nii.gz'), join(v1, 'imagesTr/b_1_0001.nii.gz')]);
  assert.deepEqual(l1.problems, []);

  const v2 = tree({
    'dataset.json': JSON.stringify({ channel_names: { 0: 'CT' }, labels: { background: 0, liver: 1, tumour: [1, 2] }, numTraining: 1, file_ending: '.nii.gz' }),
    'imagesTr/l_7_0000.nii.gz': '',
    'labelsTr/l_7.nii.gz': '',
  });
  const l2 = listMsdCases(v2, 'data.dataset', false);
  assert.deepEqual(l2.cases.map((c) => c.id), ['l_7']);
  assert.deepEqual(l2.labelNames, { 0: 'background', 1: 'liver' });
  assert.deepEqual(l2.channelNames, ['CT']);
  assert.match(l2.problems[0]!.message, /labels\."tumour" must be .*region lists are not supported/);
});

test('a missing or broken dataset.json is one problem naming the file', () => {
  const root = tree({ 'dataset.json': '{ nope' });
  assert.match(listMsdCases(root, 'data.dataset', false).problems[0]!.message, /dataset\.json: not a valid dataset\.json/);
  assert.match(listMsdCases(join(root, 'missing.json'), 'data.dataset', false).problems[0]!.message, /missing\.json: file not found/);
});

test('per-channel image lists (training and test): files in channel order, the case named after their folder, a missing channel named', () => {
  const json = {
    modality: { 0: 'FLAIR', 1: 'T1c' },
    labels: { 0: 'background', 1: 'necrosis' },
    training: [{ image: ['../cases/pat5/Flair.nii.gz', '../cases/pat5/T1c.nii.gz'], label: '../cases/pat5/seg.nii.gz' }, { image: ['../cases/pat6/Flair.nii.gz', '../cases/pat6/T1c.nii.gz'], label: '../cases/pat6/seg.nii.gz' }],
    test: [['../cases/other/t2f.nii.gz', '../cases/other/t1c.nii.gz']],
  };
  const root = tree({ 'ds/dataset.json': JSON.stringify(json), 'cases/pat5/Flair.nii.gz': '', 'cases/pat5/T1c.nii.gz': '', 'cases/pat5/seg.nii.gz': '', 'cases/pat6/Flair.nii.gz': '', 'cases/pat6/seg.nii.gz': '', 'cases/other/t2f.nii.gz': '', 'cases/other/t1c.nii.gz': '' });
  const l = listMsdCases(join(root, 'ds'), 'data.dataset', true);
  assert.deepEqual(l.cases.map((c) => `${c.id}:${c.kind}`), ['pat5:labelled', 'other:unlabelled']);
  assert.deepEqual(l.cases[0]!.images, [join(root, 'cases/pat5/Flair.nii.gz'), join(root, 'cases/pat5/T1c.nii.gz')]);
  assert.deepEqual(l.cases[1]!.images, [join(root, 'cases/other/t2f.nii.gz'), join(root, 'cases/other/t1c.nii.gz')]);
  assert.equal(l.problems.length, 1);
  assert.equal(l.problems[0]!.caseId, 'pat6');
  assert.match(l.problems[0]!.message, /training\[1\]: image .*pat6\/Flair\.nii\.gz, .*pat6\/T1c\.nii\.gz not found$/);
});
