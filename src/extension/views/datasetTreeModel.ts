// The Datasets view: each dataset the workspace's configs name (and every dataset.json), its cases grouped into
// labelled / unlabelled / test, its label names; a case expands into its shape and spacing (asked of the engine)
// and a click opens it in the slice viewer with its label map as an overlay.
import type { VolumeInfo } from '../../engine/protocol';
import type { CasePool, DatasetCase, DatasetEntry } from '../datasets/datasetIndex';
import { detailNode } from './treeModel';
import type { TreeModel, TreeNodeData } from './treeModel';

export type DatasetElement =
  | { kind: 'dataset'; entry: DatasetEntry }
  | { kind: 'group'; entry: DatasetEntry; pool: CasePool }
  | { kind: 'labels'; entry: DatasetEntry }
  | { kind: 'case'; entry: DatasetEntry; case: DatasetCase }
  | { kind: 'detail'; data: TreeNodeData };

const POOL_TITLES: Record<CasePool, string> = { labelled: 'Labelled', unlabelled: 'Unlabelled', test: 'Test' };

/** What the slice-viewer command receives when a case is clicked. */
export interface OpenCaseArgs {
  image: string;
  label: string | undefined;
  labelNames: Record<string, string>;
  title: string;
}

export function datasetNode(entry: DatasetEntry): TreeNodeData {
  const counts = (['labelled', 'unlabelled', 'test'] as const)
    .map((p) => [p, entry.cases.filter((c) => c.pool === p).length] as const)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${n} ${p}`);
  const description = entry.problem ?? (counts.length > 0 ? counts.join(' · ') : entry.note);
  const usedBy = entry.usedBy.length > 0 ? ['', `Used by: ${entry.usedBy.map((u) => u.split(/[\\/]/).pop()).join(', ')}`] : [];
  return {
    id: `ds:${entry.key}`,
    label: entry.title,
    ...(description !== undefined ? { description } : {}),
    tooltip: [`**${entry.title}**`, '', entry.source, ...(entry.note ? ['', entry.note] : []), ...usedBy].join('\n'),
    icon: entry.problem ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: entry.kind === 'synthetic' ? 'beaker' : 'database' },
    contextValue: `dataset-${entry.kind}`,
    collapsible: 'collapsed',
    ...(entry.kind !== 'synthetic' ? { resourcePath: entry.source } : {}),
  };
}

export function datasetChildren(entry: DatasetEntry): DatasetElement[] {
  const out: DatasetElement[] = [];
  if (entry.kind === 'synthetic' && entry.note) out.push({ kind: 'detail', data: detailNode(`ds:${entry.key}`, 'Cases', entry.note) });
  for (const pool of ['labelled', 'unlabelled', 'test'] as const) if (entry.cases.some((c) => c.pool === pool)) out.push({ kind: 'group', entry, pool });
  if (Object.keys(entry.labelNames).length > 0) out.push({ kind: 'labels', entry });
  return out;
}

export function caseNode(entry: DatasetEntry, c: DatasetCase): TreeNodeData {
  const args: OpenCaseArgs = { image: c.image, label: c.label, labelNames: entry.labelNames, title: `${entry.title}: ${c.id}` };
  return {
    id: `ds:${entry.key}/${c.pool}/${c.image}`,
    label: c.id,
    ...(c.pool === 'labelled' && c.label === undefined ? { description: 'no label map' } : {}),
    tooltip: [c.image, ...(c.label ? [`label: ${c.label}`] : [])].join('\n\n'),
    icon: { id: c.label ? 'file-media' : 'file' },
    contextValue: 'case',
    collapsible: 'collapsed',
    resourcePath: c.image,
    command: { command: 'medkd.openSliceViewer', title: 'Open in Slice Viewer', arguments: [args] },
  };
}

/** Shape, spacing and value range of a volume, and voxel counts per label of its label map. */
export function volumeInfoRows(parentId: string, info: VolumeInfo, labelInfo: VolumeInfo | undefined, labelNames: Record<string, string>): TreeNodeData[] {
  const rows = [
    detailNode(parentId, 'Shape', `${info.dims.join(' × ')}${info.channels > 1 ? ` × ${info.channels} channels` : ''}`),
    detailNode(parentId, 'Spacing', `${info.spacing.map((s) => Number(s.toFixed(3))).join(' × ')} mm`),
    detailNode(parentId, 'Type', info.datatype),
    detailNode(parentId, 'Range', `${Number(info.min.toPrecision(4))} … ${Number(info.max.toPrecision(4))}`),
  ];
  for (const [id, count] of Object.entries(labelInfo?.labelCounts ?? {})) {
    if (id === '0') continue;
    rows.push(detailNode(parentId, `Label ${labelNames[id] ?? id}`, `${count} voxels`));
  }
  return rows;
}

/** `volumeInfo` asks the engine; a failure becomes one row saying why. */
export function datasetTreeModel(datasets: () => readonly DatasetEntry[], volumeInfo: (path: string) => Promise<VolumeInfo>): TreeModel<DatasetElement> {
  return {
    roots: () => datasets().map((entry) => ({ kind: 'dataset', entry })),
    children: async (e) => {
      switch (e.kind) {
        case 'dataset':
          return datasetChildren(e.entry);
        case 'group':
          return e.entry.cases.filter((c) => c.pool === e.pool).map((c) => ({ kind: 'case', entry: e.entry, case: c }));
        case 'labels':
          return Object.entries(e.entry.labelNames).map(([id, name]) => ({ kind: 'detail', data: detailNode(`ds:${e.entry.key}/labels`, id, name) }));
        case 'case': {
          const id = caseNode(e.entry, e.case).id;
          try {
            const [info, labelInfo] = await Promise.all([volumeInfo(e.case.image), e.case.label ? volumeInfo(e.case.label) : Promise.resolve(undefined)]);
            return volumeInfoRows(id, info, labelInfo, e.entry.labelNames).map((data) => ({ kind: 'detail', data }));
          } catch (err) {
            return [{ kind: 'detail', data: { ...detailNode(id, 'Unavailable', err instanceof Error ? err.message : String(err)), icon: { id: 'warning' } } }];
          }
        }
        case 'detail':
          return [];
      }
    },
    node: (e) => {
      switch (e.kind) {
        case 'dataset':
          return datasetNode(e.entry);
        case 'group': {
          const n = e.entry.cases.filter((c) => c.pool === e.pool).length;
          return { id: `ds:${e.entry.key}/${e.pool}`, label: POOL_TITLES[e.pool], description: String(n), icon: { id: 'folder' }, collapsible: 'collapsed' };
        }
        case 'labels':
          return { id: `ds:${e.entry.key}/labels`, label: 'Labels', description: String(Object.keys(e.entry.labelNames).length), icon: { id: 'tag' }, collapsible: 'collapsed' };
        case 'case':
          return caseNode(e.entry, e.case);
        case 'detail':
          return e.data;
      }
    },
  };
}
