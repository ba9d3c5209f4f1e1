// Live hyperparameters: the values a recipe declares tweakable, changed between steps and recorded with the step
// they took effect. Changes are validated where they enter (name known, value finite and in range).
import type { TweakableParam } from '../protocol';

export interface AppliedTweak {
  name: string;
  old: number;
  value: number;
  source: 'command' | 'config' | 'panel' | 'cli';
}

export class HyperStore {
  private readonly params = new Map<string, TweakableParam>();
  private pending: AppliedTweak[] = [];

  constructor(params: readonly TweakableParam[]) {
    for (const p of params) this.params.set(p.name, { ...p });
  }

  get(name: string): number {
    const p = this.params.get(name);
    if (p === undefined) throw new Error(`unknown hyperparameter '${name}'`);
    return p.value;
  }

  list(): TweakableParam[] {
    return [...this.params.values()].map((p) => ({ ...p }));
  }

  /** Throws one line naming the first bad field; nothing is queued unless every change is valid. */
  validate(changes: Record<string, number>): void {
    for (const [name, value] of Object.entries(changes)) {
      const p = this.params.get(name);
      if (p === undefined) throw new Error(`hyper.${name}: not tweakable in this run (tweakable: ${[...this.params.keys()].join(', ')})`);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`hyper.${name}: ${String(value)} is not a finite number`);
      if (value < p.min || value > p.max) throw new Error(`hyper.${name}: ${value} is outside [${p.min}, ${p.max}]`);
    }
  }

  /** Queues changes to apply before the next step. */
  request(changes: Record<string, number>, source: AppliedTweak['source']): void {
    this.validate(changes);
    for (const [name, value] of Object.entries(changes)) this.pending.push({ name, old: Number.NaN, value, source });
  }

  /** Applies queued changes (called by the loop between steps); returns what changed. */
  applyPending(): AppliedTweak[] {
    const applied: AppliedTweak[] = [];
    for (const t of this.pending) {
      const p = this.params.get(t.name)!;
      if (p.value === t.value) continue;
      applied.push({ ...t, old: p.value });
      p.value = t.value;
    }
    this.pending = [];
    return applied;
  }

  /** Sets values directly (resuming a run: replays the tweaks it had). */
  restore(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) {
      const p = this.params.get(name);
      if (p !== undefined) p.value = value;
    }
  }

  values(): Record<string, number> {
    return Object.fromEntries([...this.params.values()].map((p) => [p.name, p.value]));
  }
}
