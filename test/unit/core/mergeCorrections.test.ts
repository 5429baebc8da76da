import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError } from '../../../src/core/dataError';
import { mergeCorrections } from '../../../src/core/mergeCorrections';
import { retrainOptions } from '../../../src/core/retrainOptions';
import { parseTestRows, TEST_ROWS_FILE } from '../../../src/core/testRows';
import { runTraining } from '../../../src/core/train';
import { readBundleMeta } from '../../../src/core/bundle';
import { repoRoot as REPO } from '../../harness/paths';

const SAMPLE = path.join(REPO, 'samples/reviews.csv');

describe('corrections merged into a training', () => {
  it('a correction relabels every row of its text, the latest correction wins, new texts are added', () => {
    const data = { texts: ['a', 'b', 'a ', 'c'], y: [0, 0, 0, 1], lines: [2, 3, 4, 5] };
    const corrections = { texts: ['a', 'd', 'a', 'x'], y: [1, 1, 2, 0], lines: [2, 3, 4, 5] };
    const m = mergeCorrections(data, corrections);
    // Both rows of "a" (trailing space ignored) take the last correction, 2.
    assert.deepEqual(m.y.slice(0, 4), [2, 0, 2, 1]);
    assert.deepEqual(m.texts.slice(4), ['d', 'x']);
    assert.deepEqual(m.y.slice(4), [1, 0]);
    assert.deepEqual(m.lines.slice(4), [3, 5]);
    assert.deepEqual(m.sources, [0, 0, 0, 0, 1, 1]);
    assert.equal(m.replaced, 2);
    assert.equal(m.added, 2);
  });

  it('a recorded run’s options repeat it, without what only described it', () => {
    assert.deepEqual(retrainOptions({ model: 'fast', epochs: 5, seed: 42, out: '/m', data: 'x.csv', validation: 'cross-fit', corrections: '/l.csv', correctionsApplied: { rows: 1 }, test: undefined, threads: 'auto', streamed: true, maxMemoryMb: 512 }), {
      model: 'fast',
      epochs: 5,
      seed: 42,
    });
  });

  describe('runTraining with a labels file', () => {
    let root: string;
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-corr-'))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('trains on the merged rows, records the corrections, and test rows from the labels file name it', async () => {
      const labels = path.join(root, 'labels.csv');
      const first = fs.readFileSync(SAMPLE, 'utf8').split('\n')[1];
      const firstText = first.slice(0, first.lastIndexOf(','));
      const added = Array.from({ length: 40 }, (_, i) => `brand new correction number ${i}`);
      fs.writeFileSync(labels, ['text,label', `"${firstText}",negative`, ...added.map((t, i) => `${t},${['negative', 'neutral', 'positive'][i % 3]}`)].join('\n') + '\n');
      const out = path.join(root, 'model');
      const plain = await runTraining({ data: SAMPLE, out: path.join(root, 'plain'), epochs: 3 });
      const result = await runTraining({ data: SAMPLE, corrections: labels, out, epochs: 3 });
      assert.equal(result.trainRows + result.testRows, plain.trainRows + plain.testRows + 40, 'the 40 new texts are added; the corrected one is not a new row');
      const meta = await readBundleMeta(out);
      assert.equal(meta.training.corrections, labels);
      const applied = meta.training.correctionsApplied as Record<string, unknown>;
      assert.deepEqual({ ...applied, sha256: undefined }, { sha256: undefined, rows: 41, replaced: 1, added: 40 });
      assert.match(String(applied.sha256), /^[0-9a-f]{64}$/);
      const t = parseTestRows(JSON.parse(fs.readFileSync(path.join(out, TEST_ROWS_FILE), 'utf8')))!;
      const fromLabels = t.rows.filter((r) => r.file === labels);
      assert.ok(fromLabels.length > 0, 'some corrections are test rows');
      for (const r of fromLabels) assert.equal(r.text, added[r.line - 3]);
    });

    it('refuses a correction with a label the data has no class for', async () => {
      const labels = path.join(root, 'labels.csv');
      fs.writeFileSync(labels, 'text,label\nsomething,furious\n');
      await assert.rejects(
        runTraining({ data: SAMPLE, corrections: labels, out: path.join(root, 'm'), epochs: 1 }),
        (e: DataError) => e instanceof DataError && e.code === 'unknown-label' && e.file === labels,
      );
    });
  });
});
