// Follows one append-only .jsonl file: each read returns only the records appended since the previous read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseJsonLines } from './parseJsonLines';

export class JsonLinesFile<T> {
  private offset = 0;
  private size = -1;

  constructor(
    readonly path: string,
    private readonly isRecord: (v: unknown) => v is T,
  ) {}

  /**
   * New records since the last call. `reset` is true when the file was replaced or truncated: the caller
   * must drop what it accumulated, and `records` then holds the whole file.
   */
  readNew(final = false): { records: T[]; reset: boolean } {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      const reset = this.offset > 0;
      this.offset = 0;
      this.size = -1;
      return { records: [], reset };
    }
    try {
      const size = fstatSync(fd).size;
      const reset = size < this.offset;
      if (reset) this.offset = 0;
      if (size === this.size && !final) return { records: [], reset };
      this.size = size;
      const buf = Buffer.alloc(size - this.offset);
      let read = 0;
      while (read < buf.length) {
        const n = readSync(fd, buf, read, buf.length - read, this.offset + read);
        if (n === 0) break;
        read += n;
      }
      const chunk = parseJsonLines(buf.subarray(0, read), this.isRecord, final);
      this.offset += chunk.consumed;
      return { records: chunk.records, reset };
    } finally {
      closeSync(fd);
    }
  }
}
