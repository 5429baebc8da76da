// Long synchronous loops in the engine (tokenising, featurising) run in slices: between two slices the loop
// yields to the event loop, so a cancel message reaches the worker (or Ctrl-C the CLI), and checks its
// AbortSignal. A slice is short enough that a cancel is answered well within a second.

/** Milliseconds a loop runs before it yields. */
export const SLICE_MS = 50;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TimeSlicer {
  private last = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** True when the current slice is over: the loop should `await pause()` (kept apart so a busy loop pays no promise per item). */
  due(): boolean {
    return performance.now() - this.last >= this.sliceMs;
  }

  /** Yields to the event loop, then throws the signal's reason if it was aborted meanwhile. */
  async pause(): Promise<void> {
    await nextTurn();
    this.signal?.throwIfAborted();
    this.last = performance.now();
  }
}
