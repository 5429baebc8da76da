// Feature id (32-bit hash) → dense row number, as an open-addressing table over typed arrays: a Map of
// millions of numbers costs ten times the memory and several times the time.

export class IdIndex {
  private keys: Uint32Array;
  private rows: Int32Array;
  private mask: number;
  /** Fibonacci hashing: the high bits of id × 2^32/φ pick the slot. */
  private shift: number;
  private count = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.rows = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
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

  /** The row of `id`, or -1. */
  get(id: number): number {
    let i = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const r = this.rows[i];
      if (r === -1 || this.keys[i] === id) return r;
      i = (i + 1) & this.mask;
    }
  }

  /** The row of `id`, giving it the next free row if it has none. */
  add(id: number): number {
    if ((this.count + 1) * 2 > this.rows.length) this.grow();
    let i = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const r = this.rows[i];
      if (r === -1) {
        this.keys[i] = id;
        this.rows[i] = this.count;
        return this.count++;
      }
      if (this.keys[i] === id) return r;
      i = (i + 1) & this.mask;
    }
  }

  /** ids in row order. */
  ids(): Uint32Array {
    const out = new Uint32Array(this.count);
    for (let i = 0; i < this.rows.length; i++) if (this.rows[i] >= 0) out[this.rows[i]] = this.keys[i];
    return out;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.rows = new Int32Array(rows.length * 2).fill(-1);
    this.mask = this.rows.length - 1;
    this.shift = 32 - Math.log2(this.rows.length);
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] < 0) continue;
      let i = Math.imul(keys[j], 0x9e3779b1) >>> this.shift;
      while (this.rows[i] !== -1) i = (i + 1) & this.mask;
      this.keys[i] = keys[j];
      this.rows[i] = rows[j];
    }
  }
}
