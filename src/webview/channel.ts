// The host side of one webview's messaging: every rule about when a page may be sent something lives
// here, the same for the article panel, the Concepts view and the dashboard.
// - A page hears nothing until it says ready: a webview that is loading drops what it is sent, and so
//   does one that was hidden without retainContextWhenHidden (VS Code unloads it; shown again, it
//   reloads and says ready again).
// - What the page shows (its snapshot: blocks, cards, a training run) is never queued: it is rebuilt
//   on ready and on change, at most once per interval while changes stream in (UpdateScheduler), and,
//   where asked, only once the page has drawn the previous one (flow control).
// - Other messages (scroll here, draw these diagrams, a reply) wait in a queue while the page is not
//   ready; a queued message is replaced by a newer one with the same key.
// No vscode import: unit-tested in plain Node; vscodeWebview.ts connects it to a real webview.
import type { PageMessage } from './webviewProtocol';
import { UpdateScheduler, realClock, type Clock } from './updateScheduler';

/**
 * How long a snapshot in flight waits for the page's acknowledgement before the next may go: a page that
 * failed to patch one in (an exception in its update) must not hold every later change back until it reloads.
 */
export const ACKNOWLEDGE_TIMEOUT_MS = 3000;

export interface ChannelOptions<Out extends PageMessage> {
  /** Hands a message to the page (webview.postMessage). */
  deliver(message: Out): void;
  /**
   * Builds what the page should show and passes it to `send` (nothing to send: don't call it). `send`
   * returns false when the page went away in the meantime, and the message was not delivered.
   */
  snapshot(send: (message: Out) => boolean): void | Promise<void>;
  /** The least time between two snapshots while changes stream in. */
  throttleMs: number;
  /** The page is unloaded while hidden (no retainContextWhenHidden): hidden means not ready. */
  unloadsWhenHidden: boolean;
  /** One snapshot in flight: the next is built only once the page has acknowledged the last. */
  awaitAcknowledge?: boolean;
  /** Queued messages with the same key supersede each other (only the newest is kept). */
  supersedeKey?(message: Out): string | undefined;
  /** A new page holds nothing: forget what the previous one was sent. Runs before the first snapshot. */
  onReady?(): void;
  /** A snapshot that failed to build (the page keeps what it shows). Default: thrown on, as if uncaught. */
  onError?(error: unknown): void;
  clock?: Clock;
}

export class WebviewChannel<Out extends PageMessage> {
  private ready = false;
  /** Changes whenever the page comes or goes: a snapshot built for an older page is not delivered. */
  private generation = 0;
  private queue: Out[] = [];
  private inFlight = false;
  private acknowledgeTimer: unknown;
  /** A snapshot was asked for while the previous one was in flight. */
  private owed = false;
  private readonly scheduler: UpdateScheduler;
  private readonly clock: Clock;

  constructor(private readonly options: ChannelOptions<Out>) {
    this.clock = options.clock ?? realClock;
    this.scheduler = new UpdateScheduler(() => this.buildSnapshot(), options.throttleMs, this.clock);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** How many messages wait for the page to say ready. */
  get queued(): number {
    return this.queue.length;
  }

  /** The page said ready: it loaded, reloaded, or lost track of what it was sent. */
  pageReady(): void {
    this.ready = true;
    this.generation++;
    this.settle();
    this.owed = false;
    this.options.onReady?.();
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.options.deliver(message);
    this.scheduler.flush();
  }

  /** The page is gone or reloading: nothing reaches it until it says ready again. */
  pageLost(): void {
    this.ready = false;
    this.generation++;
    this.settle();
    this.owed = false;
    this.scheduler.cancel();
  }

  visibilityChanged(visible: boolean): void {
    if (!visible && this.options.unloadsWhenHidden) this.pageLost();
  }

  /** What the page shows changed: a new snapshot now, or once the interval since the last is over. */
  refresh(): void {
    if (this.mayBuild()) this.scheduler.request();
  }

  /** A new snapshot now (the page switched to another document, settings changed, a run started). */
  refreshNow(): void {
    if (this.mayBuild()) this.scheduler.flush();
  }

  /** The page has drawn the last snapshot (with awaitAcknowledge): the next may be built. */
  acknowledge(): void {
    this.settle();
    if (!this.owed) return;
    this.owed = false;
    this.refresh();
  }

  /** A message for the page: now if it is ready, else when it is (a newer one with its key replaces it). */
  post(message: Out): void {
    if (this.ready) {
      this.options.deliver(message);
      return;
    }
    const key = this.options.supersedeKey?.(message);
    if (key !== undefined) this.queue = this.queue.filter((m) => this.options.supersedeKey?.(m) !== key);
    this.queue.push(message);
  }

  dispose(): void {
    this.pageLost();
    this.queue = [];
  }

  /** Nothing in flight (and no acknowledgement awaited). */
  private settle(): void {
    this.inFlight = false;
    if (this.acknowledgeTimer !== undefined) this.clock.clearTimeout(this.acknowledgeTimer);
    this.acknowledgeTimer = undefined;
  }

  private mayBuild(): boolean {
    if (!this.ready) return false; // the snapshot is built when the page says ready
    if (this.options.awaitAcknowledge && this.inFlight) {
      this.owed = true;
      return false;
    }
    return true;
  }

  private buildSnapshot(): void {
    // A timer set before the last snapshot went out may fire while it is still in flight.
    if (!this.mayBuild()) return;
    const generation = this.generation;
    const send = (message: Out): boolean => {
      if (!this.ready || generation !== this.generation) return false;
      if (this.options.awaitAcknowledge) {
        this.settle();
        this.inFlight = true;
        this.acknowledgeTimer = this.clock.setTimeout(() => {
          this.acknowledgeTimer = undefined;
          if (generation === this.generation) this.acknowledge();
        }, ACKNOWLEDGE_TIMEOUT_MS);
      }
      this.options.deliver(message);
      return true;
    };
    const report =
      this.options.onError ??
      ((e: unknown) => {
        throw e;
      });
    try {
      const pending = this.options.snapshot(send);
      if (pending) pending.catch(report);
    } catch (e) {
      report(e);
    }
  }
}
