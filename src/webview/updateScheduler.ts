// When to rebuild what a webview shows while changes stream in (keystrokes, training batches): the first
// change after a quiet spell right away, then at most one per interval, with a trailing one so the last
// change is always shown. Used by WebviewChannel. No vscode import: unit-tested.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class UpdateScheduler {
  private last = -Infinity;
  private timer: unknown;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs = 300,
    private readonly clock: Clock = realClock,
  ) {}

  /** Asks for a render: now if the last one is older than the interval, else once it is. */
  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
  }

  /** Renders now (settings changed, webview reloaded), cancelling a pending render. */
  flush(): void {
    this.cancel();
    this.fire();
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.last = this.clock.now();
    this.run();
  }
}
