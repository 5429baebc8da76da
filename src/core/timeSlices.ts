// Long synchronous loops in the engine (tokenising, featurising) run in slices: between two slices the loop
// yields to the event loop, so a cancel message reaches the worker (or Ctrl-C the CLI), and checks its
// AbortSignal. A slice is short enough that a cancel is answered well within a second.

/** Milliseconds a loop runs before it yields. */
export const SLICE_MS = 50;

/**
 * Yields to the event loop (a cancel arrives as a message, or as Ctrl-C), then throws the signal's reason —
 * an AbortError — if it was aborted meanwhile. The one cancel point of the engine's long loops.
 */
export async function cancelPoint(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

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

  /** cancelPoint, and a new slice. */
  async pause(): Promise<void> {
    await cancelPoint(this.signal);
    this.last = performance.now();
  }
}
