// Reads an append-only JSON-lines file incrementally: each read returns only the whole lines added since the
// last one, starting from the byte offset where it stopped; a torn last line waits until its newline arrives.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

export interface TailRead<T> {
  records: T[];
  /** The file got shorter than what was read (rewritten or replaced): reading restarted from its start. */
  reset: boolean;
  /** Lines that were whole but not JSON, as "path:line: message". */
  problems: string[];
}

export class JsonlTail<T> {
  private offset = 0;
  private line = 0;

  constructor(readonly path: string) {}

  /** Bytes consumed so far (up to and including the last whole line). */
  get bytesRead(): number {
    return this.offset;
  }

  read(): TailRead<T> {
    const out: TailRead<T> = { records: [], reset: false, problems: [] };
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return out; // not written yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        this.offset = 0;
        this.line = 0;
        out.reset = true;
      }
      let carry = Buffer.alloc(0);
      let pos = this.offset;
      while (pos < size) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - pos));
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n <= 0) break;
        pos += n;
        const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
        const lastNl = data.lastIndexOf(0x0a);
        if (lastNl < 0) {
          carry = data;
          continue;
        }
        // Decode whole lines only: a multi-byte character is never split across reads.
        this.parse(data.subarray(0, lastNl).toString('utf8'), out);
        this.offset += lastNl + 1;
        carry = data.subarray(lastNl + 1);
      }
    } finally {
      closeSync(fd);
    }
    return out;
  }

  private parse(text: string, out: TailRead<T>): void {
    for (const line of text.split('\n')) {
      this.line++;
      if (line.trim() === '') continue;
      try {
        out.records.push(JSON.parse(line) as T);
      } catch (err) {
        out.problems.push(`${this.path}:${this.line}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
