// Seeded randomness and the stratified train/test split: the same data and seed always give the same split,
// so a run can be reproduced and two models compared on the same held-out rows.

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given random source. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, random: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_TEST_SIZE = 0.2;

/** A class that cannot be split: it has fewer than two rows. */
export interface TooSmallClass {
  classIndex: number;
  count: number;
}

/** Rows of each class held out: `round(n × testSize)`, at least 1 (and at least 1 left to train on). */
function heldOut(count: number, testSize: number): number {
  return Math.min(count - 1, Math.max(1, Math.round(count * testSize)));
}

/** The first class with fewer than 2 rows (one to train on, one to test on), if any. */
export function findTooSmallClass(y: readonly number[], numClasses: number): TooSmallClass | undefined {
  const counts = new Array<number>(numClasses).fill(0);
  for (const k of y) counts[k]++;
  const k = counts.findIndex((c) => c < 2);
  return k < 0 ? undefined : { classIndex: k, count: counts[k] };
}

/**
 * Stratified split of row indices: each class keeps its share in both parts. Indices come back in
 * ascending order (the file's order); shuffling for training is the trainer's job.
 * @throws RangeError if a class has fewer than 2 rows (check with {@link findTooSmallClass} first).
 */
export function stratifiedSplit(
  y: readonly number[],
  numClasses: number,
  testSize = DEFAULT_TEST_SIZE,
  seed = DEFAULT_SEED,
): { train: number[]; test: number[] } {
  if (!(testSize > 0 && testSize < 1)) throw new RangeError(`testSize must be between 0 and 1, got ${testSize}`);
  const tooSmall = findTooSmallClass(y, numClasses);
  if (tooSmall) throw new RangeError(`class ${tooSmall.classIndex} has ${tooSmall.count} row(s); at least 2 are needed to split`);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  y.forEach((k, i) => byClass[k].push(i));
  const random = mulberry32(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of byClass) {
    shuffleInPlace(rows, random);
    const n = heldOut(rows.length, testSize);
    for (let i = 0; i < rows.length; i++) (i < n ? test : train).push(rows[i]);
  }
  const ascending = (a: number, b: number): number => a - b;
  return { train: train.sort(ascending), test: test.sort(ascending) };
}

/**
 * Stratified k-fold assignment: the held-out rows of each of `folds` folds (ascending), every row in exactly
 * one. Each class's rows are shuffled and dealt round-robin, starting where the previous class ended, so
 * fold sizes differ by at most one and each class is spread as evenly as its count allows.
 */
export function stratifiedFolds(y: readonly number[], numClasses: number, folds: number, seed = DEFAULT_SEED): number[][] {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be a whole number ≥ 2, got ${folds}`);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  y.forEach((k, i) => byClass[k].push(i));
  const random = mulberry32(seed);
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const rows of byClass) {
    shuffleInPlace(rows, random);
    for (const row of rows) {
      out[next].push(row);
      next = (next + 1) % folds;
    }
  }
  return out.map((rows) => rows.sort((a, b) => a - b));
}
