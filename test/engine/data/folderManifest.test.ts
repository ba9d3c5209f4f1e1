import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupChannels, listFolderCases } from '../../../src/engine/data/folderManifest';

/** A temp folder tree with empty files (listing reads names only). */
function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'medkd-data-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

test('channel suffixes group only when every case numbers 0000..n-1', () => {
  assert.deepEqual([...groupChannels(['a_0000', 'a_0001', 'b_0000', 'b_0001'])], [['a', ['a_0000', 'a_0001']], ['b', ['b_0000', 'b_0001']]]);
  // case_0001.. are case names (no _0000), and 3-digit suffixes are never channels.
  assert.deepEqual([...groupChannels(['case_0001', 'case_0002']).keys()], ['case_0001', 'case_0002']);
  assert.deepEqual([...groupChannels(['hippocampus_001', 'hippocampus_003']).keys()], ['hippocampus_001', 'hippocampus_003']);
  assert.deepEqual([...groupChannels(['a_0000', 'plain']).keys()], ['a_0000', 'plain']);
});

test('plain pairs by identical file name, nnU-Net channel files by case name; unpaired files are reported', () => {
  const root = tree(['img/p1.nii.gz', 'img/p2.nii.gz', 'img/p3.nii', 'img/notes.txt', 'lab/p1.nii.gz', 'lab/p2.nii.gz', 'lab/orphan.nii.gz']);
  const l = listFolderCases(join(root, 'img'), join(root, 'lab'), { images: 'data.images', labels: 'data.labels' });
  assert.deepEqual(l.cases.map((c) => c.id), ['p1', 'p2']);
  assert.equal(l.cases[0]!.label, join(root, 'lab', 'p1.nii.gz'));
  assert.deepEqual(l.problems.map((p) => [p.caseId, p.field, p.severity]), [['p3', 'data.labels', 'error'], ['orphan', 'data.images', 'warning']]);
  assert.match(l.problems[0]!.message, /p3\.nii\.gz: no label map for image .*img\/p3\.nii$/);

  const mc = tree(['imagesTr/c1_0000.nii.gz', 'imagesTr/c1_0001.nii.gz', 'labelsTr/c1.nii.gz']);
  const m = listFolderCases(join(mc, 'imagesTr'), join(mc, 'labelsTr'), { images: 'i', labels: 'l' });
  assert.deepEqual(m.cases, [{ id: 'c1', kind: 'labelled', images: [join(mc, 'imagesTr', 'c1_0000.nii.gz'), join(mc, 'imagesTr', 'c1_0001.nii.gz')], label: join(mc, 'labelsTr', 'c1.nii.gz') }]);
});

test('an image folder without labels is an unlabelled pool; a missing folder names the field', () => {
  const root = tree(['pool/u1.nii.gz', 'pool/u2.nii.gz']);
  const l = listFolderCases(join(root, 'pool'), undefined, { images: 'data.unlabeled', labels: '' });
  assert.deepEqual(l.cases.map((c) => `${c.id}:${c.kind}`), ['u1:unlabelled', 'u2:unlabelled']);
  const missing = listFolderCases(join(root, 'nope'), undefined, { images: 'data.unlabeled', labels: '' });
  assert.deepEqual(missing.problems.map((p) => `${p.field}: ${p.message}`), [`data.unlabeled: ${join(root, 'nope')}: folder not found`]);
});
