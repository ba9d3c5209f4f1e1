// Batch streams a recipe owns, one per phase (a teacher's own dataset, the pseudo-labelled pool): opened at the
// phase's first batch, continuing a resumed phase where it stopped (one batch per step), and closed when it ends.
import type { BatchSource } from '../data/batchSource';
import type { CaseKind } from '../data/caseRecord';
import type { LoopPosition, TensorBatch } from '../training/trainLoop';
import { batchToTensors } from './experimentData';

/** Opens a source whose first batch is number `startIndex` of its stream. */
export type StreamFactory = (startIndex: number) => Promise<BatchSource>;

interface Stream {
  factory: StreamFactory;
  /** Rewrites each batch (e.g. binarises labels); owns the batch it is given. */
  transform?: (b: TensorBatch) => TensorBatch;
  source?: Promise<BatchSource>;
}

export class PhaseStreams {
  private readonly streams = new Map<number, Stream>();

  constructor(private readonly start: LoopPosition) {}

  /** Phase `phaseIndex` takes its batches from `factory`'s source. */
  register(phaseIndex: number, factory: StreamFactory, transform?: (b: TensorBatch) => TensorBatch): void {
    this.streams.set(phaseIndex, { factory, ...(transform ? { transform } : {}) });
  }

  has(phaseIndex: number): boolean {
    return this.streams.has(phaseIndex);
  }

  /** The next batch of a phase's stream, or undefined when the phase has none. */
  next(kind: CaseKind, phaseIndex: number): Promise<TensorBatch> | undefined {
    const s = this.streams.get(phaseIndex);
    if (s === undefined) return undefined;
    s.source ??= s.factory(this.start.phaseIndex === phaseIndex ? this.start.phaseStep : 0);
    return s.source.then(async (source) => {
      const b = batchToTensors(await source.next(kind));
      return s.transform ? s.transform(b) : b;
    });
  }

  async close(phaseIndex: number): Promise<void> {
    const s = this.streams.get(phaseIndex);
    const source = s?.source;
    if (s) delete s.source;
    if (source) await (await source).close();
  }

  async closeAll(): Promise<void> {
    for (const i of this.streams.keys()) await this.close(i).catch(() => undefined);
  }
}
