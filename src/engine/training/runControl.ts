// Stop, pause and resume for a running loop: requested from outside (engine server, CLI signal), honoured between steps.

export class RunControl {
  private stopRequested = false;
  private paused = false;
  private wake: (() => void) | undefined;

  get stopping(): boolean {
    return this.stopRequested;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Resolves at once unless paused; then when resumed or stopped. */
  async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
