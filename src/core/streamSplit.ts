// The test and validation rows of a training that streams its file (the fast model on a large file), decided
// without holding the rows: a row is a test row when a seeded hash of its index falls under the test share,
// so every pass over the file decides the same; the validation rows are drawn the same way from the rest,
// and only a bounded number of them are kept — those with the smallest draws, which is a uniform sample. Not
// stratified (the in-memory split is): each class's share of test rows is the test share in expectation, off
// by about √(n·p·(1−p)) rows, a fraction of a percent on the files that stream.

/** A uniform draw in [0, 1) for row `row` under `seed`; `stream` keeps the test and validation draws apart. */
export function rowDraw(row: number, seed: number, stream: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b);
  h = fmix32(h ^ fmix32(row >>> 0));
  // Rows past 2^32 (never in practice) still differ.
  if (row > 0xffffffff) h = fmix32(h ^ Math.floor(row / 0x100000000));
  return h / 4294967296;
}

/** MurmurHash3's finaliser: every input bit flips each output bit with probability ½. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TEST_STREAM = 0;
const VALIDATION_STREAM = 1;

/** The most validation rows a streamed training keeps, and the most characters they hold in all. */
export interface ValidationCap {
  rows: number;
  chars: number;
}

/** Kept validation rows as they are before the pass ends: up to 10,000 rows (the 10% of 100,000) and 4 M characters. */
export const STREAM_VALIDATION_CAP: ValidationCap = { rows: 10_000, chars: 4_000_000 };

interface Candidate {
  draw: number;
  row: number;
  text: string;
  y: number;
}

/**
 * One streamed training's split. The first pass offers every row (`offer`); the rows it does not keep for
 * validation are handed back as training rows. After `freeze`, `isTraining` tells each later pass the same.
 */
export class StreamSplit {
  /** A max-heap on the draw: the candidate with the largest draw is evicted first. */
  private heap: Candidate[] = [];
  private chars = 0;
  private validationRows: Set<number> | undefined;

  constructor(
    private readonly seed: number,
    /** The share of rows tested on (0: a separate test file). */
    private readonly testSize: number,
    /** The share of the other rows validated on (0: none), before the cap. */
    private readonly validationFraction: number,
    private readonly cap: ValidationCap = STREAM_VALIDATION_CAP,
  ) {}

  isTest(row: number): boolean {
    return this.testSize > 0 && rowDraw(row, this.seed, TEST_STREAM) < this.testSize;
  }

  /**
   * Whether `offer` holds row `row` as a validation candidate (it may hand it on later); a row that is not is
   * handed on at once. Decided by the row's index alone, so a reader thread can tell before the row is offered.
   */
  isCandidate(row: number): boolean {
    return rowDraw(row, this.seed, VALIDATION_STREAM) < this.validationFraction;
  }

  /**
   * The first pass, for each row that is not a test row: held as a validation candidate, or handed to
   * `onTraining` — this row, or a candidate it displaced (a row is handed on at most once).
   */
  offer(row: number, text: string, y: number, onTraining: (text: string, y: number) => void): void {
    if (!this.isCandidate(row)) return onTraining(text, y);
    const draw = rowDraw(row, this.seed, VALIDATION_STREAM);
    this.push({ draw, row, text, y });
    while (this.heap.length > this.cap.rows || (this.chars > this.cap.chars && this.heap.length > 1)) {
      const out = this.pop();
      onTraining(out.text, out.y);
    }
  }

  /** Ends the first pass: the validation rows, in the file's order. */
  freeze(): { rows: number[]; texts: string[]; y: number[] } {
    const kept = [...this.heap].sort((a, b) => a.row - b.row);
    this.heap = [];
    this.validationRows = new Set(kept.map((c) => c.row));
    return { rows: kept.map((c) => c.row), texts: kept.map((c) => c.text), y: kept.map((c) => c.y) };
  }

  /** After `freeze`: whether row `row` is trained on. */
  isTraining(row: number): boolean {
    if (!this.validationRows) throw new Error('the split is decided at the end of the first pass');
    return !this.isTest(row) && !this.validationRows.has(row);
  }

  private push(c: Candidate): void {
    const heap = this.heap;
    heap.push(c);
    this.chars += c.text.length;
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent].draw >= heap[i].draw) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private pop(): Candidate {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    this.chars -= top.text.length;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < heap.length && heap[l].draw > heap[largest].draw) largest = l;
        if (r < heap.length && heap[r].draw > heap[largest].draw) largest = r;
        if (largest === i) break;
        [heap[largest], heap[i]] = [heap[i], heap[largest]];
        i = largest;
      }
    }
    return top;
  }
}
