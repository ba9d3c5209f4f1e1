// One run's metrics held column-wise per series (step, wall time, value), grown in place as lines arrive.

import type { MetricRecord } from '../../engine/protocol';

export class SeriesColumn {
  steps = new Float64Array(256);
  times = new Float64Array(256);
  values = new Float64Array(256);
  length = 0;

  push(step: number, time: number, value: number): void {
    if (this.length === this.steps.length) {
      const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.steps = grow(this.steps);
      this.times = grow(this.times);
      this.values = grow(this.values);
    }
    this.steps[this.length] = step;
    this.times[this.length] = time;
    this.values[this.length] = value;
    this.length++;
  }
}

export class RunSeries {
  readonly series = new Map<string, SeriesColumn>();
  /** Wall time of the first record: the origin of the "relative time" x axis. */
  startTime: number | undefined;

  /** Adds records; returns the series that changed. */
  append(records: readonly MetricRecord[]): Set<string> {
    const changed = new Set<string>();
    for (const r of records) {
      if (this.startTime === undefined || r.time < this.startTime) this.startTime = r.time;
      for (const [name, value] of Object.entries(r.values)) {
        let col = this.series.get(name);
        if (!col) {
          col = new SeriesColumn();
          this.series.set(name, col);
        }
        col.push(r.step, r.time, value);
        changed.add(name);
      }
    }
    return changed;
  }
}
