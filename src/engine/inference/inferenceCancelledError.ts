// The error an inference throws when its AbortSignal fires, saying how far it got.

export class InferenceCancelledError extends Error {
  override readonly name = 'InferenceCancelledError';
  constructor(
    /** Windows (or steps) finished before the signal was seen. */
    readonly done: number,
    readonly total: number,
  ) {
    super(`inference cancelled after ${done} of ${total} windows`);
  }
}
