// Incremental JSON Lines parsing: a live writer appends whole lines, so bytes after the last newline may be a
// line still being written; they are left unconsumed and read again, complete, next time.

export interface JsonLinesChunk<T> {
  records: T[];
  /** Bytes of `buf` fully consumed (up to and including the last newline, or all of it when `final`). */
  consumed: number;
  /** Complete lines that were not JSON or not a record (skipped). */
  badLines: number;
}

/**
 * Parses the complete lines of `buf`. With `final` (the writer is gone), a last line without newline is parsed
 * when it is valid and dropped when torn.
 */
export function parseJsonLines<T>(buf: Uint8Array, isRecord: (v: unknown) => v is T, final = false): JsonLinesChunk<T> {
  const lastNewline = buf.lastIndexOf(0x0a);
  const completeEnd = lastNewline + 1;
  const records: T[] = [];
  let badLines = 0;
  const take = (text: string, torn: boolean): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        if (!torn) badLines++;
        continue;
      }
      if (isRecord(value)) records.push(value);
      else badLines++;
    }
  };
  const decoder = new TextDecoder();
  take(decoder.decode(buf.subarray(0, completeEnd)), false);
  if (final && completeEnd < buf.length) {
    take(decoder.decode(buf.subarray(completeEnd)), true);
    return { records, consumed: buf.length, badLines };
  }
  return { records, consumed: completeEnd, badLines };
}
