import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolumeInfo } from '../../../src/engine/protocol';
import type { DatasetEntry } from '../../../src/extension/datasets/datasetIndex';
import { datasetTreeModel } from '../../../src/extension/views/datasetTreeModel';
import type { DatasetElement } from '../../../src/extension/views/datasetTreeModel';

const entry: DatasetEntry = {
  key: '/d/dataset.json', title: 'Hippocampus', kind: 'manifest', source: '/d/dataset.json', labelNames: { '0': 'background', '1': 'anterior' },
  cases: [
    { id: 'h1', image: '/d/imagesTr/h1.nii.gz', label: '/d/labelsTr/h1.nii.gz', pool: 'labelled' },
    { id: 'u1', image: '/d/imagesUn/u1.nii.gz', label: undefined, pool: 'unlabelled' },
  ],
  usedBy: ['/w/hippo.medkd.json'], note: undefined, problem: undefined,
};
const info = (path: string): VolumeInfo => ({ path, dims: [35, 51, 35], channels: 1, spacing: [1, 1, 1.25], datatype: 'float32', affine: [], min: 0, max: 981.5, ...(path.includes('labels') ? { labelCounts: { '0': 600, '1': 42 } } : {}) });

describe('datasetTreeModel', () => {
  const asked: string[] = [];
  const model = datasetTreeModel(() => [entry], async (p) => {
    asked.push(p);
    if (p.includes('imagesUn')) throw new Error('not a NIfTI file');
    return info(p);
  });
  const kids = async (e: DatasetElement) => model.children(e);

  it('shows each dataset with its case counts and groups', async () => {
    const [root] = model.roots();
    assert.ok(root);
    const node = model.node(root);
    assert.equal(node.label, 'Hippocampus');
    assert.equal(node.description, '1 labelled · 1 unlabelled');
    assert.match(node.tooltip ?? '', /Used by: hippo\.medkd\.json/);
    assert.deepEqual((await kids(root)).map((e) => model.node(e).label), ['Labelled', 'Unlabelled', 'Labels']);
  });

  it('opens a case in the slice viewer with its label map and the label names', async () => {
    const [root] = model.roots();
    const [labelled] = await kids(root!);
    const [c] = await kids(labelled!);
    const node = model.node(c!);
    assert.equal(node.command?.command, 'medkd.openSliceViewer');
    assert.deepEqual(node.command?.arguments, [{ image: '/d/imagesTr/h1.nii.gz', label: '/d/labelsTr/h1.nii.gz', labelNames: entry.labelNames, title: 'Hippocampus: h1' }]);
  });

  it('expands a case into shape, spacing, type, range and labelled voxels, from the engine', async () => {
    const [root] = model.roots();
    const [labelled] = await kids(root!);
    const [c] = await kids(labelled!);
    const rows = (await kids(c!)).map((e) => model.node(e).label);
    assert.deepEqual(rows, ['Shape: 35 × 51 × 35', 'Spacing: 1 × 1 × 1.25 mm', 'Type: float32', 'Range: 0 … 981.5', 'Label anterior: 42 voxels']);
    assert.ok(asked.includes('/d/labelsTr/h1.nii.gz'));
  });

  it('shows why a case could not be read', async () => {
    const [root] = model.roots();
    const [, unlabelled] = await kids(root!);
    const [c] = await kids(unlabelled!);
    assert.deepEqual((await kids(c!)).map((e) => model.node(e).label), ['Unavailable: not a NIfTI file']);
  });
});
