// A bounded shuffle of featurised examples, as tf.data's shuffle(bufferSize) does it: the stream fills a
// buffer, and once it is full each new example takes the place of one drawn at random from it, which goes
// out. An example leaves after a uniform draw over the buffer, not over the whole stream: on a file sorted
// by label, a buffer much smaller than a label's run still hands out long runs of one label (bench/RESULTS.md
// measures what that costs against a full shuffle).
//
// The examples live in typed arrays, not as one object each: held by the hundred thousand, objects would
// fill a small worker heap and keep its garbage collector busy (a 48 MB heap took 2.3× the CPU time). Their
// features are appended to an arena twice the budget, compacted when its end is reached (each occurrence is
// copied about once more).
import { shuffleInPlace } from '../split';

/** Where an example handed out is read: its features are `feats[start..start+length)` until the next push. */
export interface ExampleRef {
  feats: Int32Array;
  start: number;
  length: number;
  y: number;
  scale: number;
}

export class ExampleShuffle {
  private arena: Int32Array;
  private head = 0;
  private live = 0;
  private count = 0;
  private readonly start: Int32Array;
  private readonly length: Int32Array;
  private readonly y: Int32Array;
  private readonly scale: Float32Array;
  private readonly out: ExampleRef;

  /** At most `rows` examples and `occurrences` features held. */
  constructor(
    private readonly rows: number,
    private readonly occurrences: number,
    private readonly random: () => number,
  ) {
    if (!(rows >= 1)) throw new RangeError(`rows must be at least 1, got ${rows}`);
    this.arena = new Int32Array(Math.max(1024, occurrences * 2));
    this.start = new Int32Array(rows);
    this.length = new Int32Array(rows);
    this.y = new Int32Array(rows);
    this.scale = new Float32Array(rows);
    this.out = { feats: this.arena, start: 0, length: 0, y: 0, scale: 0 };
  }

  get size(): number {
    return this.count;
  }

  /**
   * Holds the example feats[0..length); once the buffer is full (rows or occurrences), hands `take` one held
   * example drawn at random (or several, to make room for a long one) before holding it.
   */
  push(feats: Int32Array, length: number, y: number, scale: number, take: (e: ExampleRef) => void): void {
    while (this.count > 0 && (this.count === this.rows || this.live + length > this.occurrences)) {
      const j = Math.floor(this.random() * this.count);
      take(this.ref(j));
      this.remove(j);
    }
    if (this.head + length > this.arena.length) this.compact(length);
    this.arena.set(feats.subarray(0, length), this.head);
    const j = this.count++;
    this.start[j] = this.head;
    this.length[j] = length;
    this.y[j] = y;
    this.scale[j] = scale;
    this.head += length;
    this.live += length;
  }

  /** Hands `take` every held example, in random order; the buffer is empty after. */
  drain(take: (e: ExampleRef) => void): void {
    const order = shuffleInPlace(Int32Array.from({ length: this.count }, (_, i) => i), this.random);
    for (const j of order) take(this.ref(j));
    this.count = 0;
    this.head = 0;
    this.live = 0;
  }

  private ref(j: number): ExampleRef {
    const o = this.out;
    o.feats = this.arena;
    o.start = this.start[j];
    o.length = this.length[j];
    o.y = this.y[j];
    o.scale = this.scale[j];
    return o;
  }

  /** Slot j takes the last slot's example (its features stay where they are in the arena). */
  private remove(j: number): void {
    this.live -= this.length[j];
    const last = --this.count;
    this.start[j] = this.start[last];
    this.length[j] = this.length[last];
    this.y[j] = this.y[last];
    this.scale[j] = this.scale[last];
  }

  /** Moves the held features to the arena's start (in slot order), growing it if even that leaves no room. */
  private compact(needed: number): void {
    const target = this.live + needed > this.arena.length ? new Int32Array(Math.max(this.arena.length * 2, this.live + needed)) : this.arena;
    // Slots in order of their start, so copying down within one array never overwrites a slot not yet moved.
    const order = Int32Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.start[a] - this.start[b]);
    let at = 0;
    for (const j of order) {
      const from = this.start[j];
      if (target === this.arena) target.copyWithin(at, from, from + this.length[j]);
      else target.set(this.arena.subarray(from, from + this.length[j]), at);
      this.start[j] = at;
      at += this.length[j];
    }
    this.arena = target;
    this.head = at;
  }
}
