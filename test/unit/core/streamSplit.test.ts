import * as assert from 'node:assert/strict';
import { rowDraw, StreamSplit } from '../../../src/core/streamSplit';

/** Offers rows 0..n-1 (text `t<row>`, label row % 2) and returns what the first pass handed on for training. */
function firstPass(split: StreamSplit, n: number): { training: number[]; tested: number[] } {
  const training: number[] = [];
  const tested: number[] = [];
  for (let row = 0; row < n; row++) {
    if (split.isTest(row)) tested.push(row);
    else split.offer(row, `t${row}`, row % 2, (text) => training.push(Number(text.slice(1))));
  }
  return { training, tested };
}

describe('streamed split (streamSplit.ts)', () => {
  it('decides each row from its index and the seed alone: the same in every pass and every run, another seed another split', () => {
    const a = new StreamSplit(42, 0.2, 0.1);
    const b = new StreamSplit(42, 0.2, 0.1);
    const c = new StreamSplit(43, 0.2, 0.1);
    let differ = 0;
    for (let row = 0; row < 20_000; row++) {
      assert.equal(a.isTest(row), b.isTest(row));
      if (a.isTest(row) !== c.isTest(row)) differ++;
    }
    assert.ok(differ > 4000, `${differ} rows decided differently under another seed`);
    assert.notEqual(rowDraw(5, 42, 0), rowDraw(5, 42, 1), 'the test and validation draws are apart');
  });

  it('test, validation and training rows are disjoint and cover every row; later passes agree with the first', () => {
    const n = 30_000;
    const split = new StreamSplit(7, 0.2, 0.1, { rows: 1_000, chars: 1_000_000 });
    const { training, tested } = firstPass(split, n);
    const validation = split.freeze();
    const all = [...training, ...tested, ...validation.rows].sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: n }, (_, i) => i), 'every row exactly once');
    assert.equal(validation.rows.length, 1_000, 'capped at 1,000 validation rows');
    assert.deepEqual(validation.texts, validation.rows.map((r) => `t${r}`));
    assert.deepEqual(validation.y, validation.rows.map((r) => r % 2));
    const trainingSet = new Set(training);
    for (let row = 0; row < n; row++) assert.equal(split.isTraining(row), trainingSet.has(row), `row ${row}`);
    // The test share holds within 4 standard deviations (not stratified: approximate per class).
    const sd = Math.sqrt(n * 0.2 * 0.8);
    assert.ok(Math.abs(tested.length - n * 0.2) < 4 * sd, `${tested.length} test rows of ${n}`);
  });

  it('keeps a uniform sample of validation rows when capped, not the first ones', () => {
    const split = new StreamSplit(1, 0, 0.5, { rows: 500, chars: 1_000_000 });
    firstPass(split, 100_000);
    const { rows } = split.freeze();
    const late = rows.filter((r) => r >= 50_000).length;
    assert.ok(late > 200 && late < 300, `${late} of 500 from the second half of the file`);
  });

  it('caps the validation rows by characters too', () => {
    const split = new StreamSplit(3, 0, 1, { rows: 1_000_000, chars: 10_000 });
    const training: string[] = [];
    for (let row = 0; row < 10_000; row++) split.offer(row, 'x'.repeat(100), 0, (t) => training.push(t));
    const { texts } = split.freeze();
    assert.equal(texts.length, 100);
    assert.equal(training.length, 9_900);
  });

  it('is told the split only once the first pass is over', () => {
    assert.throws(() => new StreamSplit(1, 0.2, 0.1).isTraining(0), /end of the first pass/);
  });
});
