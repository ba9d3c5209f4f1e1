// Maps a diagnostic's JSON field path ("data.images", "networks.student.model.features[2]") to a text range, so
// the engine's config diagnostics underline the right place. A missing field points at its nearest parent.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';

export interface TextRange {
  offset: number;
  length: number;
}

export function parseJsonPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  for (let m = re.exec(field); m !== null; m = re.exec(field)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

export function locateJsonPath(text: string, field: string): TextRange {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return { offset: 0, length: 0 };
  const path = parseJsonPath(field);
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (!node) continue;
    // The exact field: its value. A parent of a missing field: its key (a whole object would underline too much).
    if (n === path.length) return rangeOf(node);
    return rangeOf(keyOf(node) ?? node);
  }
  // Nothing matched: the opening brace.
  return { offset: root.offset, length: Math.min(1, root.length) };
}

function keyOf(node: Node): Node | undefined {
  const parent = node.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

function rangeOf(node: Node): TextRange {
  return { offset: node.offset, length: node.length };
}
