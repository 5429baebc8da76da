import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runTraining } from '../../../src/core/train';
import { readBundleMeta } from '../../../src/core/bundle';
import {
  boundedTestRows,
  leastConfidentPredictions,
  mostConfidentMistakes,
  parseTestRows,
  rowsInCell,
  sortTestRows,
  TEST_ROWS_FILE,
  type TestRow,
} from '../../../src/core/testRows';
import { repoRoot as REPO } from '../../harness/paths';

const SAMPLE = path.join(REPO, 'samples/reviews.csv');
const LABELS = ['neg', 'pos'];

function row(i: number, truth: number, predicted: number, confidence: number, text = `text ${i}`): TestRow {
  return { row: i, line: i + 2, text, truth, predicted, confidence };
}

describe('test rows (error analysis)', () => {
  const rows = [row(0, 0, 0, 0.9), row(1, 0, 1, 0.95), row(2, 1, 0, 0.6), row(3, 1, 1, 0.51), row(4, 1, 1, 0.99)];

  it('keeps every row, in file order, when they fit', () => {
    const t = boundedTestRows('/data/a.csv', LABELS, rows);
    assert.equal(t.total, 5);
    assert.deepEqual(
      t.rows.map((r) => r.row),
      [0, 1, 2, 3, 4],
    );
  });

  it('under the byte bound keeps the mistakes first, then the least confident correct rows', () => {
    const head = JSON.stringify({ format: 'neural-lens-test-rows', file: '/data/a.csv', labels: LABELS, total: 5, rows: [] }).length;
    // Room for three rows (each counted with its comma), not a fourth.
    const budget = head + [1, 2, 3].reduce((n, i) => n + JSON.stringify(rows[i]).length + 1, 0);
    const t = boundedTestRows('/data/a.csv', LABELS, rows, budget);
    assert.equal(t.total, 5);
    // Both mistakes (rows 1 and 2) and the least confident correct row (3, at 0.51).
    assert.deepEqual(
      t.rows.map((r) => r.row),
      [1, 2, 3],
    );
    assert.ok(JSON.stringify(t).length <= budget);
  });

  it('cuts long texts and counts bytes, not characters', () => {
    const long = row(0, 0, 1, 0.7, '好'.repeat(2000));
    const t = boundedTestRows('/a.csv', LABELS, [long]);
    assert.equal(t.rows[0].text.length, 500);
    assert.ok(t.rows[0].text.endsWith('…'));
    const small = boundedTestRows('/a.csv', LABELS, [long], 1000);
    assert.equal(small.rows.length, 0, 'a 1,500-byte row does not fit in 1,000 bytes');
  });

  it('lists a confusion cell, the most confident mistakes and the least confident predictions', () => {
    assert.deepEqual(
      rowsInCell(rows, 0, 1).map((r) => r.row),
      [1],
    );
    assert.deepEqual(
      mostConfidentMistakes(rows, 5).map((r) => r.row),
      [1, 2],
    );
    assert.deepEqual(
      leastConfidentPredictions(rows, 2).map((r) => r.row),
      [3, 2],
    );
  });

  it('sorts by any column, labels by name', () => {
    assert.deepEqual(
      sortTestRows(rows, 'confidence', true, LABELS).map((r) => r.row),
      [4, 1, 0, 2, 3],
    );
    assert.deepEqual(
      sortTestRows(rows, 'predicted', false, ['z', 'a']).map((r) => r.row),
      [1, 3, 4, 0, 2],
    );
  });

  it('reads back only a well-formed file, dropping rows that index no label', () => {
    assert.equal(parseTestRows({ format: 'other' }), undefined);
    assert.equal(parseTestRows(null), undefined);
    const t = parseTestRows({ ...boundedTestRows('/a.csv', LABELS, rows), rows: [row(0, 0, 0, 0.9), { ...row(1, 0, 0, 0.5), predicted: 7 }, 'x'] });
    assert.deepEqual(
      t?.rows.map((r) => r.row),
      [0],
    );
  });

  describe('saved with the model', () => {
    let root: string;
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-testrows-'))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('records each test row with its CSV line, text, true and predicted label, matching the report', async () => {
      const out = path.join(root, 'model');
      const result = await runTraining({ data: SAMPLE, out, seed: 42, epochs: 5 });
      const meta = await readBundleMeta(out);
      assert.ok(meta.files?.includes(TEST_ROWS_FILE), 'listed in meta.json, so the folder stays replaceable');
      const t = parseTestRows(JSON.parse(fs.readFileSync(path.join(out, TEST_ROWS_FILE), 'utf8')));
      assert.ok(t);
      assert.equal(t.file, SAMPLE);
      assert.deepEqual(t.labels, meta.labels);
      assert.equal(t.total, result.testRows);
      assert.equal(t.rows.length, result.testRows);
      // The confusion matrix is these rows counted.
      const k = t.labels.length;
      const confusion = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rowsInCell(t.rows, i, j).length));
      assert.deepEqual(confusion, result.report.confusion);
      // Each row is the CSV record on its line (the sample has no multi-line fields).
      const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n');
      for (const r of t.rows) {
        const [record] = parse(lines[r.line - 1]) as string[][];
        assert.equal(record[0], r.text);
        assert.equal(record[1], t.labels[r.truth]);
        assert.ok(r.confidence >= 1 / k && r.confidence <= 1);
      }
    });

    it('names the separate test file when there is one', async () => {
      const test = path.join(root, 'test.csv');
      fs.writeFileSync(test, 'text,label\n"great, really",positive\nawful,negative\nit is a chair,neutral\n');
      const out = path.join(root, 'model');
      await runTraining({ data: SAMPLE, test, out, epochs: 3 });
      const t = parseTestRows(JSON.parse(fs.readFileSync(path.join(out, TEST_ROWS_FILE), 'utf8')));
      assert.equal(t?.file, test);
      assert.deepEqual(
        t?.rows.map((r) => [r.row, r.line, r.text]),
        [
          [0, 2, 'great, really'],
          [1, 3, 'awful'],
          [2, 4, 'it is a chair'],
        ],
      );
    });
  });
});
