import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DictionaryBuilder } from '../../../../src/core/fast/dictionary';
import { DEFAULT_FEATURES, featureIds } from '../../../../src/core/fast/features';
import { ExampleShuffle } from '../../../../src/core/fast/shuffleBuffer';
import { RowSpill } from '../../../../src/core/fast/rowSpill';
import { trainFastStreamed } from '../../../../src/core/fast/stream';
import { mulberry32 } from '../../../../src/core/split';
import { runTraining } from '../../../../src/core/train';
import { DataError } from '../../../../src/core/csv';
import type { TrainProgress } from '../../../../src/core/trainTypes';

/**
 * A noisy two-class CSV of `rows` rows: a sentiment word among fillers, 10% of labels flipped, so neither path
 * reaches 100% and their accuracies can be compared. Sorted by label when `sorted`.
 */
function writeNoisyCsv(file: string, rows: number, seed: number, sorted = false): void {
  const random = mulberry32(seed);
  const pick = (xs: string[]): string => xs[Math.floor(random() * xs.length)];
  const pos = ['good', 'great', 'lovely', 'excellent', 'superb', 'fine', 'nice'];
  const neg = ['bad', 'awful', 'terrible', 'poor', 'dreadful', 'dull', 'rude'];
  const filler = Array.from({ length: 300 }, (_, i) => `w${i}`);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const label = sorted ? (i < rows / 2 ? 0 : 1) : random() < 0.5 ? 0 : 1;
    const words = Array.from({ length: 8 }, () => pick(filler));
    words.splice(Math.floor(random() * 8), 0, pick(label ? pos : neg));
    const shown = random() < 0.1 ? 1 - label : label;
    lines.push(`${words.join(' ')},${shown ? 'positive' : 'negative'}`);
  }
  fs.writeFileSync(file, `text,label\n${lines.join('\n')}\n`);
}

describe('fast model streamed from disk', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-stream-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the shuffle buffer hands out every example once, intact, holding at most its rows and occurrences', () => {
    const buffer = new ExampleShuffle(100, 2_000, mulberry32(1));
    const out: number[] = [];
    const take = (e: { feats: Int32Array; start: number; length: number; y: number; scale: number }): void => {
      // Example i has i % 50 features, all equal to i, its label i and its scale i / 2.
      const features = Array.from(e.feats.subarray(e.start, e.start + e.length));
      assert.deepEqual(features, new Array<number>(e.y % 50).fill(e.y));
      assert.equal(e.scale, e.y / 2);
      out.push(e.y);
    };
    for (let i = 0; i < 3000; i++) {
      buffer.push(new Int32Array(i % 50).fill(i), i % 50, i, i / 2, take);
      assert.ok(buffer.size <= 100);
    }
    buffer.drain(take);
    assert.equal(buffer.size, 0);
    assert.deepEqual([...out].sort((a, b) => a - b), Array.from({ length: 3000 }, (_, i) => i));
    assert.notDeepEqual(out.slice(0, 100), Array.from({ length: 100 }, (_, i) => i), 'shuffled');
  });

  it('the dictionary stays under its row cap by dropping rare features, and keeps the frequent ones', () => {
    const builder = new DictionaryBuilder(DEFAULT_FEATURES, 1_000);
    for (let i = 0; i < 5_000; i++) builder.add(`common words here unique${i} another${i}`);
    const d = builder.finish(() => 1);
    assert.ok(d.ids.length <= 1_000, `${d.ids.length} rows`);
    assert.equal(d.pruned, true);
    assert.equal(d.docs, 5_000);
    for (const id of featureIds('common words here', DEFAULT_FEATURES)) assert.ok(d.rowOf(id) >= 0, 'a frequent feature is kept');
    const row = d.rowOf(featureIds('common', DEFAULT_FEATURES)[0]);
    assert.equal(d.docFreq[row], 5_000, 'its count exact');
  });

  it('spills rows to a file of its own and replays them in order, whatever their length; leaves nothing after', async () => {
    const dirs = (): string[] => fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('neural-lens-rows-'));
    const before = dirs().length;
    const spill = RowSpill.create(16 << 20)!;
    try {
      const lengths = [0, 3, 1_100_000, 7, 2];
      lengths.forEach((n, i) => assert.equal(spill.write(Int32Array.from({ length: n }, (_, j) => i * 10 + j), n, i, i / 4), true));
      assert.equal(spill.finish(), true);
      for (let pass = 0; pass < 2; pass++) {
        const seen: number[] = [];
        await spill.replay(
          (rows, count, y, scale) => {
            assert.equal(count, lengths[y]);
            assert.equal(scale, y / 4);
            assert.ok(rows.subarray(0, count).every((v, j) => v === y * 10 + j), `row ${y} intact`);
            seen.push(y);
          },
          async () => undefined,
        );
        assert.deepEqual(seen, [0, 1, 2, 3, 4]);
      }
    } finally {
      spill.dispose();
    }
    assert.equal(dirs().length, before, 'nothing left in the temp folder');
    // Past twice what it was planned at, it gives up rather than fill the disk.
    const small = RowSpill.create(1 << 18)!;
    try {
      assert.equal(small.write(new Int32Array(1 << 20), 1 << 20, 0, 1), true, 'buffered');
      assert.equal(small.finish(), false, 'refused when written');
      assert.equal(small.write(new Int32Array(1), 1, 0, 1), false, 'and after');
    } finally {
      small.dispose();
    }
  });

  it('the dictionary maps the rows its pass handed out to its final rows, as its ids map, unless it pruned itself', () => {
    const texts = Array.from({ length: 200 }, (_, i) => `common words w${i % 7} rare${i}`);
    const builder = new DictionaryBuilder(DEFAULT_FEATURES, 10_000);
    const handed: number[][] = [];
    texts.forEach((t) => builder.add(t, (rows, count) => handed.push(Array.from(rows.subarray(0, count)))));
    const d = builder.finish(() => 2);
    assert.ok(d.passRows, 'no pruning: the pass rows map');
    texts.forEach((t, i) => {
      const viaIds = featureIds(t, DEFAULT_FEATURES).map((id) => d.rowOf(id));
      assert.deepEqual(handed[i].map((r) => d.passRows![r]), viaIds);
    });
    assert.ok(handed.flat().some((r) => d.passRows![r] === -1), 'the rare features dropped');
    const small = new DictionaryBuilder(DEFAULT_FEATURES, 50);
    texts.forEach((t) => small.add(t));
    assert.equal(small.finish(() => 1).passRows, undefined, 'pruned: renumbered');
  });

  it('later epochs replay the first epoch’s spilled rows: the same model as featurising every pass', async () => {
    const random = mulberry32(3);
    const words = ['good', 'bad', 'room', 'staff', 'view', 'awful', 'great', 'the'];
    const texts = Array.from({ length: 3_000 }, () => Array.from({ length: 6 }, () => words[Math.floor(random() * words.length)]).join(' '));
    const y = texts.map((t) => (t.split(' ').filter((w) => w === 'good' || w === 'great').length > t.split(' ').filter((w) => w === 'bad' || w === 'awful').length ? 1 : 0));
    const builder = new DictionaryBuilder(DEFAULT_FEATURES, 10_000);
    texts.forEach((t) => builder.add(t));
    const dictionary = builder.finish(() => 1);
    let passes = 0;
    const train = (spill: boolean) =>
      trainFastStreamed({
        dictionary,
        pass: async (visit) => {
          passes++;
          texts.forEach((t, i) => visit(t, y[i]));
        },
        labels: ['negative', 'positive'],
        options: { epochs: 4 },
        shuffleRows: 500,
        spill,
      });
    const spilled = await train(true);
    assert.equal(passes, 1, 'one pass of the texts; three epochs replayed');
    const streamed = await train(false);
    assert.equal(passes, 5);
    assert.equal(spilled.model.trainedWith?.spilled, true);
    assert.deepEqual(Array.from(spilled.model.table), Array.from(streamed.model.table));
  });

  it('reaches the in-memory path’s macro-F1 within 0.03 on a generated file', async function () {
    this.timeout(60_000);
    const data = path.join(root, 'noisy.csv');
    writeNoisyCsv(data, 20_000, 5);
    const held = await runTraining({ data, out: path.join(root, 'held'), stream: false });
    const progress: TrainProgress[] = [];
    const streamed = await runTraining({ data, out: path.join(root, 'streamed'), stream: true }, { onProgress: (p) => progress.push(p) });
    const f1 = (r: typeof held): number => r.report.macro.f1;
    assert.ok(f1(held) > 0.8 && f1(streamed) > 0.8, `${f1(held)} / ${f1(streamed)}`);
    assert.ok(Math.abs(f1(held) - f1(streamed)) < 0.03, `held ${f1(held)}, streamed ${f1(streamed)}`);
    // Every row is a training, validation or test row (the split is approximate: about 20% tested).
    assert.equal(streamed.trainRows + streamed.validationRows + streamed.testRows, 20_000);
    assert.ok(Math.abs(streamed.testRows - 4_000) < 250, `${streamed.testRows} test rows`);
    assert.ok(progress.some((p) => p.phase === 'training' && !p.epochEnd && p.batches === streamed.trainRows), 'progress within an epoch counts the training rows');
    const meta = JSON.parse(fs.readFileSync(path.join(root, 'streamed', 'meta.json'), 'utf8'));
    assert.equal(meta.training.streamed, true);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'streamed', 'testRows.json'), 'utf8')).total, streamed.testRows);
  });

  it('learns a file sorted by label through its bounded shuffle buffer', async function () {
    this.timeout(60_000);
    const data = path.join(root, 'sorted.csv');
    writeNoisyCsv(data, 20_000, 6, true);
    const r = await runTraining({ data, out: path.join(root, 'm'), stream: true });
    assert.ok(r.report.macro.f1 > 0.8, `macro-F1 ${r.report.macro.f1}`);
  });

  it('a run cancelled mid-epoch leaves nothing on disk', async () => {
    const data = path.join(root, 'noisy.csv');
    writeNoisyCsv(data, 20_000, 7);
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    const controller = new AbortController();
    let abortedAt: TrainProgress | undefined;
    await assert.rejects(
      runTraining(
        { data, out: path.join(out, 'm'), stream: true, epochs: 50 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'training' && p.epoch === 2 && !p.epochEnd && !abortedAt) {
              abortedAt = p;
              controller.abort();
            }
          },
        },
      ),
      { name: 'AbortError' },
    );
    assert.ok(abortedAt && abortedAt.batch! < abortedAt.batches!, 'aborted within an epoch');
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('checks a separate test file and the class count after its first pass, before any epoch', async () => {
    const data = path.join(root, 'noisy.csv');
    writeNoisyCsv(data, 5_000, 9);
    const test = path.join(root, 'test.csv');
    fs.writeFileSync(test, 'text,label\nfine words,positive\nodd words,neutral\n');
    const phases = new Set<string>();
    await assert.rejects(
      runTraining({ data, test, out: path.join(root, 'm'), stream: true }, { onProgress: (p) => phases.add(p.phase) }),
      (e: DataError) => e instanceof DataError && e.code === 'unknown-label' && e.file === test && e.line === 3,
    );
    assert.deepEqual([...phases], ['reading'], 'refused before training');
    await assert.rejects(runTraining({ data, out: path.join(root, 'm'), stream: true, outputClasses: 3 }, { onProgress: (p) => phases.add(p.phase) }), (e: DataError) => e.code === 'class-count');
    assert.deepEqual([...phases], ['reading']);
    assert.ok(!fs.existsSync(path.join(root, 'm')));
  });

  it('refuses a file that changes between passes', async function () {
    this.timeout(60_000);
    const data = path.join(root, 'noisy.csv');
    writeNoisyCsv(data, 5_000, 8);
    let appended = false;
    await assert.rejects(
      runTraining(
        { data, out: path.join(root, 'm'), stream: true },
        {
          onProgress: (p) => {
            if (p.phase === 'training' && !appended) {
              appended = true;
              fs.appendFileSync(data, 'one more row,positive\n');
            }
          },
        },
      ),
      (e: DataError) => e instanceof DataError && e.code === 'changed',
    );
    assert.ok(!fs.existsSync(path.join(root, 'm')));
  });
});
