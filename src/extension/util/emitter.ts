// A minimal typed event emitter with vscode's Event shape, so logic outside the extension host can publish events.

export interface Disposable {
  dispose(): void;
}

/** Same call shape as vscode.Event, so an Emitter's event can be handed to code that expects one. */
export type Listener<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private listeners: ((value: T) => void)[] = [];

  readonly event: Listener<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(value: T): void {
    // A copy: a listener may unsubscribe while we iterate.
    for (const l of [...this.listeners]) l(value);
  }

  dispose(): void {
    this.listeners = [];
  }
}
