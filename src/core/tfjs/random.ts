// A small seeded random source, so a run with the same seed shuffles, drops out and initialises identically.
// (Math.random cannot be seeded; tfjs's own seeded initialisers are used where they exist.)

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1): mulberry32. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A fresh seed for a derived stream (e.g. one per layer). */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[] | Int32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }

  /** Inverted-dropout keep mask: each entry 0 with probability `rate`, else 1 / (1 − rate). */
  dropoutMask(size: number, rate: number): Float32Array {
    const mask = new Float32Array(size);
    const scale = 1 / (1 - rate);
    for (let i = 0; i < size; i++) mask[i] = this.next() < rate ? 0 : scale;
    return mask;
  }
}
