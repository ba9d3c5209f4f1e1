// Follows one run folder: reads new metrics and events lines when the files change (file watching, plus
// explicit pokes when the engine reports a step), at most once per throttle interval, never polling in a loop.

import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord, RunEvent } from '../../engine/protocol';
import { RUN_FILES } from '../../engine/protocol';
import { JsonlTail } from './jsonlTail';

export interface RunFollowerUpdate {
  metrics: MetricRecord[];
  events: RunEvent[];
  /** A file was rewritten: what the receiver has is stale, these records start from the beginning. */
  reset: boolean;
}

export interface RunFollowerOptions {
  /** Minimum milliseconds between two reads (default 250: well inside the 1 s freshness budget). */
  throttleMs?: number;
  /** Used only when the folder cannot be watched (missing yet, or a file system without events). */
  fallbackPollMs?: number;
  files?: ('metrics' | 'events')[];
  onProblem?: (message: string) => void;
}

export class RunFollower {
  private metrics: JsonlTail<MetricRecord>;
  private events: JsonlTail<RunEvent>;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRead = 0;
  private disposed = false;
  private readonly throttleMs: number;
  private readonly files: ReadonlySet<'metrics' | 'events'>;

  constructor(
    readonly runDir: string,
    private readonly onUpdate: (u: RunFollowerUpdate) => void,
    private readonly options: RunFollowerOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 250;
    this.files = new Set(options.files ?? ['metrics', 'events']);
    this.metrics = new JsonlTail(join(runDir, RUN_FILES.metrics));
    this.events = new JsonlTail(join(runDir, RUN_FILES.events));
    this.startWatching();
  }

  /** Reads everything from the start again (the receiver lost its copy: a reloaded webview). */
  restart(): void {
    this.metrics = new JsonlTail(join(this.runDir, RUN_FILES.metrics));
    this.events = new JsonlTail(join(this.runDir, RUN_FILES.events));
    this.deliver(true);
  }

  /** Something may have been appended: read soon (throttled). */
  poke(): void {
    if (this.disposed || this.timer) return;
    const wait = Math.max(0, this.lastRead + this.throttleMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliver(false);
    }, wait);
  }

  /** Reads now and delivers what is new (nothing is delivered when nothing changed). */
  readNow(): void {
    this.deliver(false);
  }

  private deliver(reset: boolean): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastRead = Date.now();
    const none = { records: [], reset: false, problems: [] };
    const m = this.files.has('metrics') ? this.metrics.read() : none;
    const e = this.files.has('events') ? this.events.read() : none;
    for (const p of [...m.problems, ...e.problems]) this.options.onProblem?.(p);
    if ((m.reset || e.reset) && !reset) {
      // A file was rewritten: resend both from the start so the receiver simply replaces its copy.
      this.restart();
      return;
    }
    if (reset || m.records.length > 0 || e.records.length > 0) this.onUpdate({ metrics: m.records, events: e.records, reset });
    if (!this.watcher && !this.poll) this.startWatching();
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.runDir, { persistent: false }, (_event, file) => {
        if (file === null || file === RUN_FILES.metrics || file === RUN_FILES.events) this.poke();
      });
      this.watcher.on('error', () => this.fallBackToPolling());
      if (this.poll) clearInterval(this.poll);
      this.poll = undefined;
    } catch {
      this.fallBackToPolling();
    }
  }

  /** One cheap read per interval, only while watching is impossible (e.g. the run folder does not exist yet). */
  private fallBackToPolling(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poll || this.disposed) return;
    this.poll = setInterval(() => {
      this.poke();
      if (!this.watcher) {
        try {
          this.watcher = watch(this.runDir, { persistent: false }, () => this.poke());
          if (this.poll) clearInterval(this.poll);
          this.poll = undefined;
        } catch {
          // still missing: keep polling
        }
      }
    }, this.options.fallbackPollMs ?? 1000);
    this.poll.unref();
  }
}
