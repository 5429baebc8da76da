// The order the article's diagrams are drawn in: those near the viewport first, as soon as they are known
// to be near, then the others one after the other in idle time, going down from where the reader is. So
// the first screen of a long article is drawn in the time of its own few diagrams, and drawing the rest
// costs what each of them costs, one at a time, without holding up scrolling or typing.

export interface DrawJob {
  /** The placeholder: near or far is decided by its place on the page. */
  el: Element;
  /** Its position among the article's diagrams. */
  index: number;
  /**
   * Draws the diagram, or makes the drawing and returns what puts it into the page: the queue then puts the drawings
   * of far diagrams in by batches (see BATCH).
   */
  run: () => Promise<PutIn | void> | PutIn | void;
  /** A drawing already made (the cache): no Mermaid, only putting the SVG in. */
  cheap?: boolean;
}

/** Puts a drawing made by a job into the page. */
export type PutIn = () => void;

/**
 * Drawings of far diagrams put into the page together. Each change to the page makes Chromium restyle and lay it out
 * again (twice per diagram, the second for the drawing's size) at a cost that grows with the drawings already in it:
 * at 1,000 diagrams, 20 ms per diagram for the first hundred and 45 ms for the last (bench/preview/profileLong.ts).
 * Made one after the other (Mermaid draws in its own frame, scratchFrame.ts), and put in at once, they share it.
 */
const BATCH = 8;

/**
 * And at least a 64th of the article's diagrams: a batch's restyle grows with the page, so batches that grow with it
 * keep the total about linear (2,000 diagrams: batches of 32; the reader coming near one puts it in at once).
 */
const BATCH_SHARE = 64;

/** How far outside the viewport a diagram counts as near (one screen above and below). */
const NEAR = '100% 0px';

/**
 * Cheap jobs run back to back for at most this long, then let the page handle input and paint. They need no
 * idle time: waiting for it (up to 500 ms while the page lays out a long article) took longer than the jobs.
 */
const CHEAP_SLICE_MS = 8;

export class DrawQueue {
  private readonly jobs = new Map<Element, DrawJob>();
  /** Near placeholders and how far they were outside the viewport when last reported (0: on screen). */
  private readonly near = new Map<Element, number>();
  /** Observed, but not yet reported near or far. */
  private readonly unknown = new Set<Element>();
  private readonly observer = new IntersectionObserver(
    (entries) => {
      let approached = false;
      for (const entry of entries) {
        this.unknown.delete(entry.target);
        if (!entry.isIntersecting) {
          this.near.delete(entry.target);
          continue;
        }
        const box = entry.boundingClientRect;
        const height = entry.rootBounds?.height ?? window.innerHeight;
        this.near.set(entry.target, Math.max(0, box.top - height, -box.bottom));
        // The reader came near a drawing that waits for its batch: the batch goes in now.
        if (this.pending.has(entry.target)) approached = true;
      }
      if (approached) this.putInPending();
      this.wake?.();
    },
    { rootMargin: NEAR },
  );
  private running = false;
  private wake: (() => void) | undefined;
  private lastIndex = 0;
  private nearWaiters: (() => void)[] = [];
  /**
   * Drawings of far diagrams made but not yet put in (BATCH), by placeholder: still observed, so that the batch goes
   * in as soon as the reader comes near one of them.
   */
  private readonly pending = new Map<Element, PutIn>();
  /** Drawings put into the page so far (with those to come, the batch size follows the article's diagrams). */
  private drawingsIn = 0;
  private allWaiters: (() => void)[] = [];

  /** Queues a job (replacing the one queued for the same placeholder) and starts drawing. */
  add(job: DrawJob): void {
    if (!this.jobs.has(job.el)) {
      this.unknown.add(job.el);
      // Observed anew even if it still is (its drawing waiting for its batch): only a new observation reports it.
      this.observer.unobserve(job.el);
      this.observer.observe(job.el);
    }
    this.jobs.set(job.el, job);
    void this.pump();
  }

  /** Resolves once no queued diagram is near the viewport (the first screen is drawn). */
  whenNearDrawn(): Promise<void> {
    if (this.nearDone()) return Promise.resolve();
    return new Promise((resolve) => this.nearWaiters.push(resolve));
  }

  /** Resolves once every queued diagram is drawn. */
  whenAllDrawn(): Promise<void> {
    if (this.jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.allWaiters.push(resolve));
  }

  private nearDone(): boolean {
    if (this.unknown.size > 0) return false;
    for (const el of this.near.keys()) if (this.jobs.has(el)) return false;
    return true;
  }

  private batchSize(): number {
    return Math.max(BATCH, Math.ceil((this.drawingsIn + this.pending.size + this.jobs.size) / BATCH_SHARE));
  }

  private putInPending(): void {
    const batch = [...this.pending];
    this.pending.clear();
    this.drawingsIn += batch.length;
    for (const [el, putIn] of batch) {
      if (!this.jobs.has(el)) {
        this.observer.unobserve(el);
        this.near.delete(el);
      }
      putIn();
    }
  }

  private settle(): void {
    if (this.jobs.size === 0) this.putInPending();
    if (this.nearDone()) for (const resolve of this.nearWaiters.splice(0)) resolve();
    if (this.jobs.size === 0) for (const resolve of this.allWaiters.splice(0)) resolve();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // The idle period we are in, if any: Mermaid's drawings each take one.
    let deadline: IdleDeadline | undefined;
    let sliceStart = performance.now();
    try {
      while (this.jobs.size > 0) {
        this.settle();
        let job = this.nextNear();
        if (job || this.pending.size >= this.batchSize()) this.putInPending();
        if (!job) {
          // Wait until every new placeholder is known near or far, then until the page is idle.
          if (this.unknown.size > 0) {
            this.putInPending();
            await new Promise<void>((resolve) => (this.wake = resolve));
            this.wake = undefined;
            continue;
          }
          const far = this.nextFar();
          if (far?.cheap) {
            if (performance.now() - sliceStart > CHEAP_SLICE_MS) {
              await nextTask();
              sliceStart = performance.now();
              continue;
            }
          } else if (!deadline || deadline.timeRemaining() <= 1) {
            deadline = await idle();
          }
          job = this.nextNear() ?? this.nextFar();
          if (!job) continue;
        }
        const near = this.near.has(job.el);
        this.jobs.delete(job.el);
        this.lastIndex = job.index;
        const putIn = await job.run();
        if (near || !putIn) {
          // Done with this placeholder, unless it was queued again meanwhile.
          if (!this.jobs.has(job.el)) {
            this.near.delete(job.el);
            this.observer.unobserve(job.el);
          }
          if (!putIn) continue;
          this.putInPending();
          putIn();
          this.drawingsIn++;
        } else this.pending.set(job.el, putIn);
      }
    } finally {
      this.running = false;
      this.putInPending();
      this.settle();
    }
  }

  /** On screen first, then the nearest; top to bottom among equals. */
  private nextNear(): DrawJob | undefined {
    let best: DrawJob | undefined;
    let bestDistance = Infinity;
    for (const [el, distance] of this.near) {
      const job = this.jobs.get(el);
      if (job && (distance < bestDistance || (distance === bestDistance && job.index < best!.index))) {
        best = job;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The first one below the last drawn (the reader reads down), else the first one above. */
  private nextFar(): DrawJob | undefined {
    let below: DrawJob | undefined;
    let above: DrawJob | undefined;
    for (const job of this.jobs.values()) {
      if (job.index >= this.lastIndex) {
        if (!below || job.index < below.index) below = job;
      } else if (!above || job.index < above.index) above = job;
    }
    return below ?? above;
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function idle(): Promise<IdleDeadline> {
  // With a time-out: a page that is never idle (a long animation) still gets its diagrams.
  return new Promise((resolve) => requestIdleCallback(resolve, { timeout: 500 }));
}
