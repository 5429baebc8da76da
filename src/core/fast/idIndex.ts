// Feature id (32-bit hash) → dense row number, as an open-addressing table over one typed array: a Map of
// millions of numbers costs ten times the memory and several times the time. It also counts the documents
// each feature occurs in (for IDF).
//
// Slots are [id, row + 1] with 0 marking an empty slot, so a fresh table needs no initialising pass (the
// pages of a new typed array are zero already, and are touched only when used — on this machine page faults
// were a tenth of the featurising time). Document counts live in arrays indexed by row, which are in order of
// first appearance: the frequent features, touched most, sit together at the front.

export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  /** Fibonacci hashing: the high bits of id × 2^32/φ pick the slot. */
  private shift: number;
  private count = 0;
  private lastDoc: Int32Array;
  private docFreq: Int32Array;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.lastDoc = new Int32Array(Math.max(1024, expected));
    this.docFreq = new Int32Array(this.lastDoc.length);
  }

  get size(): number {
    return this.count;
  }

  /** Offset of the slot holding `id`, or of the empty slot where it would go. */
  private find(id: number): number {
    const key = id | 0;
    const slots = this.slots;
    let i = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const base = i << 1;
      if (slots[base + 1] === 0 || slots[base] === key) return base;
      i = (i + 1) & this.mask;
    }
  }

  /** The row of `id`, or -1. */
  get(id: number): number {
    return this.slots[this.find(id) + 1] - 1;
  }

  /** The row of `id`, giving it the next free row if it has none. */
  add(id: number): number {
    return this.addInDoc(id, -1);
  }

  /** As add, and counts document `doc` (≥ 0) towards the feature's document frequency once. */
  addInDoc(id: number, doc: number): number {
    if ((this.count + 1) * 2 > this.slots.length >> 1) this.grow();
    const base = this.find(id);
    let row = this.slots[base + 1] - 1;
    if (row < 0) {
      row = this.count++;
      this.slots[base] = id | 0;
      this.slots[base + 1] = row + 1;
      if (row === this.lastDoc.length) {
        this.lastDoc = grown(this.lastDoc);
        this.docFreq = grown(this.docFreq);
      }
      this.lastDoc[row] = -1;
    }
    if (doc >= 0 && this.lastDoc[row] !== doc) {
      this.lastDoc[row] = doc;
      this.docFreq[row]++;
    }
    return row;
  }

  /**
   * Loads the home slot of each of ids[0..count) without using it: independent loads whose cache misses the CPU
   * overlaps, so the adds that follow find their slots cached. Returns a value only so it is not dead code.
   */
  touch(ids: Uint32Array, count: number): number {
    let t = 0;
    for (let j = 0; j < count; j++) t += this.slots[(Math.imul(ids[j], 0x9e3779b1) >>> this.shift) << 1];
    return t;
  }

  /** ids in row order. */
  ids(): Uint32Array {
    const out = new Uint32Array(this.count);
    for (let b = 0; b < this.slots.length; b += 2) if (this.slots[b + 1] > 0) out[this.slots[b + 1] - 1] = this.slots[b];
    return out;
  }

  /** Document frequency of each row (as counted by addInDoc). */
  docFreqs(): Int32Array {
    return this.docFreq.slice(0, this.count);
  }

  /**
   * A new index of the rows found in at least `minDocFreq` documents, renumbered in their order, with their
   * document counts (a streamed training's dictionary prunes itself so when it fills, as fastText's does).
   */
  pruned(minDocFreq: number): IdIndex {
    const kept = new IdIndex(Math.max(1, this.count >> 1));
    const ids = this.ids();
    for (let r = 0; r < this.count; r++) {
      if (this.docFreq[r] < minDocFreq) continue;
      const row = kept.add(ids[r]);
      kept.docFreq[row] = this.docFreq[r];
      kept.lastDoc[row] = this.lastDoc[r];
    }
    return kept;
  }

  private grow(): void {
    const old = this.slots;
    const cap = old.length; // slots double: old.length / 2 slots → old.length slots
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let b = 0; b < old.length; b += 2) {
      if (old[b + 1] === 0) continue;
      const base = this.find(old[b] >>> 0);
      this.slots[base] = old[b];
      this.slots[base + 1] = old[b + 1];
    }
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
