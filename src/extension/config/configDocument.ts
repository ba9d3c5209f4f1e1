// Reading a config's text for editor features: where the label names are, which string is under the cursor, and
// the few fields the extension needs (name, method, data) even while the file is half-edited.
import { findNodeAtLocation, findNodeAtOffset, getNodePath, parse as parseJsonc, parseTree } from 'jsonc-parser';

export interface LabelNameLocation {
  id: string;
  name: string;
  /** Offset just after the name string (where an inline hint goes). */
  end: number;
  /** Offset and length of the whole `"id": "name"` property. */
  offset: number;
  length: number;
}

export interface StringAtOffset {
  value: string;
  offset: number;
  length: number;
  /** JSON path of the string, e.g. ["data", "images"]. */
  path: (string | number)[];
}

export interface ConfigInfo {
  name: string | undefined;
  method: string | undefined;
  data: Record<string, unknown>;
  hyper: Record<string, number>;
}

export const NIFTI_PATH = /\.nii(\.gz)?$/i;

export function findLabelNames(text: string): LabelNameLocation[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const names = root && findNodeAtLocation(root, ['data', 'labelNames']);
  if (!names || names.type !== 'object') return [];
  const out: LabelNameLocation[] = [];
  for (const prop of names.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value || value.type !== 'string' || typeof key.value !== 'string' || typeof value.value !== 'string') continue;
    out.push({ id: key.value, name: value.value, end: value.offset + value.length, offset: prop.offset, length: prop.length });
  }
  return out;
}

/** The string value (not a property key) under `offset`, if any. */
export function stringAt(text: string, offset: number): StringAtOffset | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtOffset(root, offset);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) return undefined;
  return { value: node.value, offset: node.offset, length: node.length, path: getNodePath(node) };
}

export function readConfigInfo(text: string): ConfigInfo {
  const raw: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  const c = isObj(raw) ? raw : {};
  const hyper: Record<string, number> = {};
  if (isObj(c.hyper)) for (const [k, v] of Object.entries(c.hyper)) if (typeof v === 'number') hyper[k] = v;
  return {
    name: typeof c.name === 'string' ? c.name : undefined,
    method: typeof c.method === 'string' ? c.method : undefined,
    data: isObj(c.data) ? c.data : {},
    hyper,
  };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
