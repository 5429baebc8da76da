// Feature id (32-bit hash) → dense row number, as an open-addressing table over one typed array: a Map of
// millions of numbers costs ten times the memory and several times the time. Each slot also counts the
// documents its feature occurs in (for IDF), so featurising a corpus touches one cache line per feature.

/** Slot layout: [id, row (-1 = empty), last document seen, document frequency]. */
const STRIDE = 4;

export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  /** Fibonacci hashing: the high bits of id × 2^32/φ pick the slot. */
  private shift: number;
  private count = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = IdIndex.emptySlots(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private static emptySlots(cap: number): Int32Array {
    const slots = new Int32Array(cap * STRIDE);
    for (let i = 1; i < slots.length; i += STRIDE) slots[i] = -1;
    return slots;
  }

  /** Builds the index of `ids`, where `ids[r]` gets row r. */
  static of(ids: Uint32Array): IdIndex {
    const index = new IdIndex(ids.length);
    for (const id of ids) index.add(id);
    return index;
  }

  get size(): number {
    return this.count;
  }

  private find(id: number): number {
    const key = id | 0;
    let i = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const base = i * STRIDE;
      if (this.slots[base + 1] === -1 || this.slots[base] === key) return base;
      i = (i + 1) & this.mask;
    }
  }

  /** The row of `id`, or -1. */
  get(id: number): number {
    return this.slots[this.find(id) + 1];
  }

  /** The row of `id`, giving it the next free row if it has none. */
  add(id: number): number {
    return this.addInDoc(id, -1);
  }

  /** As add, and counts document `doc` (≥ 0) towards the feature's document frequency once. */
  addInDoc(id: number, doc: number): number {
    if ((this.count + 1) * 2 > this.slots.length / STRIDE) this.grow();
    const base = this.find(id);
    const slots = this.slots;
    if (slots[base + 1] === -1) {
      slots[base] = id | 0;
      slots[base + 1] = this.count++;
      slots[base + 2] = -1;
      slots[base + 3] = 0;
    }
    if (doc >= 0 && slots[base + 2] !== doc) {
      slots[base + 2] = doc;
      slots[base + 3]++;
    }
    return slots[base + 1];
  }

  /**
   * Loads the home slot of each of ids[0..count) without using it: independent loads whose cache misses the CPU
   * overlaps, so the adds that follow find their slots cached. Returns a value only so it is not dead code.
   */
  touch(ids: Uint32Array, count: number): number {
    let t = 0;
    for (let j = 0; j < count; j++) t += this.slots[(Math.imul(ids[j], 0x9e3779b1) >>> this.shift) * STRIDE];
    return t;
  }

  /** ids in row order. */
  ids(): Uint32Array {
    const out = new Uint32Array(this.count);
    for (let b = 0; b < this.slots.length; b += STRIDE) if (this.slots[b + 1] >= 0) out[this.slots[b + 1]] = this.slots[b];
    return out;
  }

  /** Document frequency of each row (as counted by addInDoc). */
  docFreqs(): Int32Array {
    const out = new Int32Array(this.count);
    for (let b = 0; b < this.slots.length; b += STRIDE) if (this.slots[b + 1] >= 0) out[this.slots[b + 1]] = this.slots[b + 3];
    return out;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (old.length / STRIDE) * 2;
    this.slots = IdIndex.emptySlots(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let b = 0; b < old.length; b += STRIDE) {
      if (old[b + 1] < 0) continue;
      const base = this.find(old[b] >>> 0);
      this.slots.set(old.subarray(b, b + STRIDE), base);
    }
  }
}
