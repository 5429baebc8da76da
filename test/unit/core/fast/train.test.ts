import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FAST_DEFAULTS, LINEAR_EPOCH, LINEAR_RATE_SCALE, sgdLayout, trainFast, type FastTrainInput } from '../../../../src/core/fast/train';
import { FastModel } from '../../../../src/core/fast/fastModel';
import { Featurizer, featureIds, DEFAULT_FEATURES, FAST_MAX_TEXT_CHARS } from '../../../../src/core/fast/features';
import { IdIndex } from '../../../../src/core/fast/idIndex';
import { mulberry32 } from '../../../../src/core/split';

/** A separable toy set: sentiment words decide, filler words are noise. */
function toySet(n: number, seed: number): { texts: string[]; y: number[] } {
  const random = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const pos = ['good', 'great', 'lovely', 'excellent', 'superb'];
  const neg = ['bad', 'awful', 'terrible', 'poor', 'dreadful'];
  const filler = ['the', 'room', 'was', 'and', 'staff', 'food', 'very', 'really', 'hotel', 'view'];
  const texts: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const words = Array.from({ length: 6 }, () => pick(filler));
    words.splice(Math.floor(random() * 6), 0, pick(label ? pos : neg));
    texts.push(words.join(' '));
    y.push(label);
  }
  return { texts, y };
}

const LABELS = ['negative', 'positive'];

const fastModel = async (input: FastTrainInput): Promise<FastModel> => (await trainFast(input)).model;

describe('fast model', () => {
  it('learns a separable toy set', async () => {
    const model = await fastModel({ train: toySet(400, 1), labels: LABELS, options: { epochs: 10, threads: 1 } });
    const test = toySet(200, 2);
    const pred = await model.predict(test.texts);
    const correct = pred.filter((p, i) => p.label === LABELS[test.y[i]]).length;
    assert.equal(correct, 200);
    for (const p of pred) {
      assert.ok(Math.abs(p.probabilities[0] + p.probabilities[1] - 1) < 1e-5);
      assert.equal(p.confidence, Math.max(...p.probabilities));
    }
  });

  it('learns Chinese from character n-grams', async () => {
    const pos = ['很好', '不错', '满意', '干净', '推荐'];
    const neg = ['很差', '失望', '肮脏', '吵闹', '糟糕'];
    const texts: string[] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const label = i % 2;
      texts.push(`酒店房间${(label ? pos : neg)[i % 5]}，服务${(label ? pos : neg)[(i * 3) % 5]}`);
      y.push(label);
    }
    const model = await fastModel({ train: { texts, y }, labels: LABELS, options: { epochs: 10, threads: 1 } });
    const [a, b] = await model.predict(['这家酒店真不错，很满意', '房间糟糕又吵闹，很失望']);
    assert.equal(a.label, 'positive');
    assert.equal(b.label, 'negative');
  });

  it('with label smoothing, aims at 1 − ε + ε/k on the label instead of 1', async () => {
    const data = toySet(400, 1);
    const options = { epochs: 30, threads: 1, lr: 0.5 };
    const confidences = async (smoothing: number): Promise<number[]> => {
      const model = await fastModel({ train: data, labels: LABELS, options: { ...options, smoothing } });
      return (await model.predict(data.texts)).map((p) => p.confidence);
    };
    const plain = await confidences(0);
    const smoothed = await confidences(0.2); // target 0.8 + 0.1 = 0.9
    assert.ok(Math.min(...plain) > 0.99, `without smoothing: ${Math.min(...plain)}`);
    const mean = smoothed.reduce((a, b) => a + b, 0) / smoothed.length;
    assert.ok(Math.abs(mean - 0.9) < 0.03, `mean confidence ${mean} with ε = 0.2`);
    assert.ok(Math.min(...smoothed) > 0.5, 'still right on every training text');
  });

  it('is reproducible with a seed', async () => {
    const data = toySet(100, 3);
    const a = await fastModel({ train: data, labels: LABELS, options: { epochs: 3, seed: 5, threads: 1 } });
    const b = await fastModel({ train: data, labels: LABELS, options: { epochs: 3, seed: 5, threads: 1 } });
    const c = await fastModel({ train: data, labels: LABELS, options: { epochs: 3, seed: 6, threads: 1 } });
    assert.deepEqual(Array.from(a.table), Array.from(b.table));
    assert.notDeepEqual(Array.from(a.table), Array.from(c.table));
  });

  it('explains exactly: word contributions plus the bias add up to the logit margin', async () => {
    const model = await fastModel({ train: toySet(400, 1), labels: LABELS, options: { epochs: 10, threads: 1 } });
    const text = 'The staff were great and the view was superb';
    const logits = new Float64Array(2);
    model.logitsInto(text, logits);
    const pred = logits[1] > logits[0] ? 1 : 0;
    const contributions = model.explainSync(text, 100);
    const sum = contributions.reduce((s, t) => s + t.weight, 0);
    const margin = logits[pred] - logits[1 - pred];
    const biasMargin = model.bias[pred] - model.bias[1 - pred];
    assert.ok(Math.abs(sum + biasMargin - margin) < 1e-4, `${sum} + ${biasMargin} ≠ ${margin}`);
    // The sentiment words lead, pushing towards the prediction.
    assert.deepEqual(new Set(contributions.slice(0, 2).map((t) => t.token)), new Set(['great', 'superb']));
    assert.ok(contributions[0].weight > 0);
    assert.equal(model.explainSync(text, 3).length, 3);
  });

  it('saves and loads to the same predictions', async () => {
    const model = await fastModel({ train: toySet(200, 1), labels: LABELS, options: { epochs: 3, threads: 1 } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-fast-'));
    try {
      const meta = await model.save(dir);
      const loaded = await FastModel.load(dir, JSON.parse(JSON.stringify(meta)), LABELS);
      const texts = ['good room', 'awful food', 'unseen words only', ''];
      assert.deepEqual(await loaded.predict(texts), await model.predict(texts));
      // A truncated weights file is reported, not misread.
      const file = path.join(dir, 'fast.bin');
      fs.truncateSync(file, fs.statSync(file).size - 4);
      await assert.rejects(FastModel.load(dir, meta, LABELS), /does not match meta\.json/);
      await assert.rejects(FastModel.load(dir, { ...meta, fastFormat: 99 }, LABELS), /format 99/);
      await assert.rejects(FastModel.load(dir, { ...meta, features: { ...DEFAULT_FEATURES, distinct: 'yes' } }, LABELS), /feature options/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lays its weights out linearly on large epochs with no more classes than dim, factorised otherwise', () => {
    const o = FAST_DEFAULTS;
    assert.deepEqual(sgdLayout(o, 2, LINEAR_EPOCH), { kind: 'linear', dim: 2, trainOut: false, lr: o.lr * LINEAR_RATE_SCALE });
    assert.deepEqual(sgdLayout(o, 2, LINEAR_EPOCH - 1), { kind: 'factorised', dim: o.dim, trainOut: true, lr: o.lr });
    assert.equal(sgdLayout(o, o.dim + 1, 10 * LINEAR_EPOCH).kind, 'factorised', 'more classes than dim: the factorisation is smaller');
    assert.equal(sgdLayout({ ...o, layout: 'factorised' }, 2, 10 * LINEAR_EPOCH).kind, 'factorised');
    assert.equal(sgdLayout({ ...o, layout: 'linear' }, 3, 1).kind, 'linear');
  });

  it('learns in the linear layout, its table the rows themselves, reproducibly', async () => {
    const train = async (seed: number): Promise<FastModel> => {
      const { model } = await trainFast({ train: toySet(400, 1), labels: LABELS, options: { epochs: 10, threads: 1, layout: 'linear', seed } });
      return model;
    };
    const model = await train(1);
    assert.equal(model.trainedWith?.layout, 'linear');
    const test = toySet(200, 2);
    const pred = await model.predict(test.texts);
    assert.equal(pred.filter((p, i) => p.label === LABELS[test.y[i]]).length, 200);
    // The output layer is the identity: nothing random in it, so the seed only orders the examples.
    assert.deepEqual(Array.from((await train(1)).table), Array.from(model.table));
    assert.notDeepEqual(Array.from((await train(2)).table), Array.from(model.table));
  });

  it('trains on two threads (hogwild) as well', async () => {
    const model = await fastModel({ train: toySet(2000, 1), labels: LABELS, options: { epochs: 5, threads: 2 } });
    const test = toySet(200, 2);
    const pred = await model.predict(test.texts);
    assert.equal(pred.filter((p, i) => p.label === LABELS[test.y[i]]).length, 200);
  });

  it('reports per-epoch progress with validation figures and stops on cancel', async () => {
    const epochs: number[] = [];
    const val: number[] = [];
    await fastModel({
      train: toySet(300, 1),
      validation: toySet(50, 9),
      labels: LABELS,
      options: { epochs: 4, threads: 1 },
      onProgress: (p) => {
        if (p.epochEnd) {
          epochs.push(p.epoch!);
          val.push(p.valAccuracy!);
        }
      },
    });
    assert.deepEqual(epochs, [1, 2, 3, 4]);
    assert.equal(val[3], 1);

    const controller = new AbortController();
    const started = fastModel({
      train: toySet(20000, 1),
      labels: LABELS,
      options: { epochs: 50, threads: 1 },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'training') controller.abort();
      },
    });
    await assert.rejects(started, { name: 'AbortError' });
  });

  it('answers a cancel while it featurises within a second (700,000 texts took 1.8 s at once)', async () => {
    const words = ['good', 'bad', 'room', 'staff', 'great', 'awful', 'food', 'view', 'clean', 'dirty', 'kind', 'rude'];
    const texts = Array.from({ length: 700_000 }, (_, i) => Array.from({ length: 14 }, (_, j) => words[(i * 7 + j * 5 + (j >> 2)) % 12] + ((i * 31 + j) % 997)).join(' '));
    const controller = new AbortController();
    // When the cancel was asked for: a timer set 100 ms into featurising (it fires late if featurising blocks).
    let abortAt = 0;
    await assert.rejects(
      trainFast({
        train: { texts, y: texts.map((_, i) => i % 2) },
        labels: LABELS,
        options: { epochs: 1, threads: 1 },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'tokenising' && !abortAt) {
            abortAt = performance.now() + 100;
            setTimeout(() => controller.abort(), 100);
          }
        },
      }),
      { name: 'AbortError' },
    );
    const latency = performance.now() - abortAt;
    assert.ok(latency < 1000, `cancelled ${latency.toFixed(0)} ms after the abort`);
  });
});

describe('fast features', () => {
  it('reads at most FAST_MAX_TEXT_CHARS of a text, in training and scoring alike', () => {
    const head = 'good room '.repeat(FAST_MAX_TEXT_CHARS / 10);
    const fz = new Featurizer(DEFAULT_FEATURES);
    const n = fz.run(head);
    const ids = Array.from(fz.ids.subarray(0, n));
    assert.equal(fz.run(head + ' awful dirty'.repeat(1000)), n);
    assert.deepEqual(Array.from(fz.ids.subarray(0, n)), ids);
  });

  it('hashes words, word bigrams and CJK character n-grams', () => {
    assert.equal(featureIds('good film', DEFAULT_FEATURES).length, 3); // good, film, good_film
    assert.equal(featureIds('good film', { ...DEFAULT_FEATURES, wordNgrams: 1 }).length, 2);
    assert.equal(featureIds('很好', DEFAULT_FEATURES).length, 3); // 很, 好, 很好
    assert.deepEqual(featureIds('GOOD', DEFAULT_FEATURES), featureIds('good', DEFAULT_FEATURES));
    assert.notDeepEqual(featureIds('film good', DEFAULT_FEATURES)[2], featureIds('good film', DEFAULT_FEATURES)[2]);
  });

  it("leaves out one-character words as scikit-learn's tokens do (bigrams join their neighbours); models saved before keep them", () => {
    assert.deepEqual(featureIds('a good film', DEFAULT_FEATURES), featureIds('good film', DEFAULT_FEATURES));
    const legacy = { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3 }; // meta.json of a model saved before the option
    assert.equal(featureIds('a good film', legacy).length, 5);
    // Symbols stay tokens by default, and can be left out.
    assert.equal(featureIds('good!', DEFAULT_FEATURES).length, 3);
    assert.equal(featureIds('good!', { ...DEFAULT_FEATURES, symbols: false }).length, 1);
    assert.equal(featureIds('很好', DEFAULT_FEATURES).length, 3, 'CJK characters are n-grams, not words');
  });

  it('scans words with inner apostrophes, emoji and ! as tokens, and CJK runs apart from words', () => {
    const spans = (text: string): string[] => {
      const f = new Featurizer({ wordNgrams: 1, cjkMinN: 1, cjkMaxN: 1 }, true);
      const n = f.run(text);
      return Array.from({ length: n }, (_, j) => text.toLowerCase().slice(f.starts[j], f.ends[j]));
    };
    assert.deepEqual(spans("Don't go!! 'quoted' café’s"), ["don't", 'go', '!', '!', 'quoted', 'café’s']);
    assert.deepEqual(spans('good😀酒店ok 𠀀好'), ['good', '😀', '酒', '店', 'ok', '𠀀', '好']);
    assert.deepEqual(spans('  ,.;  '), []);
    // Bigrams span both words.
    const f = new Featurizer(DEFAULT_FEATURES, true);
    assert.equal(f.run('very good'), 3);
    assert.deepEqual([f.starts[2], f.ends[2]], [0, 9]);
  });

  it('counts each feature once per text with distinct (binary tf), keeping the first occurrence and its span', () => {
    const distinct = { ...DEFAULT_FEATURES, distinct: true };
    const counted = { ...DEFAULT_FEATURES, distinct: false };
    // 好, 好好, 好好好 and the repeats: 3 + 2 + 1 counted, 3 distinct.
    assert.equal(featureIds('好好好', counted).length, 6);
    assert.deepEqual(featureIds('好好好', distinct), [...new Set(featureIds('好好好', counted))]);
    const text = 'good film, good film, good';
    const all = featureIds(text, counted);
    assert.deepEqual(featureIds(text, distinct), [...new Set(all)]);
    assert.ok(new Set(all).size < all.length);
    const f = new Featurizer(distinct, true);
    const n = f.run('Good food, GOOD food');
    assert.deepEqual(
      Array.from({ length: n }, (_, j) => [f.starts[j], f.ends[j]]),
      [[0, 4], [5, 9], [0, 9], [5, 15]], // good, food, good_food, food_good (the second good, food, good_food dropped)
    );
    // Many features (the seen-table grows) and many texts in a row (its stamps reused) stay exact.
    const long = Array.from({ length: 3000 }, (_, i) => `w${i % 700}`).join(' ');
    for (let round = 0; round < 3; round++) assert.deepEqual(featureIds(long, distinct), [...new Set(featureIds(long, counted))]);
  });

  it('indexes ids to dense rows', () => {
    const index = new IdIndex(2);
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 0);
    ids.forEach((id, i) => assert.equal(index.add(id), i));
    ids.forEach((id, i) => assert.equal(index.get(id), i));
    assert.equal(index.get(12345), -1);
    assert.deepEqual(Array.from(index.ids()), ids);
  });
});
