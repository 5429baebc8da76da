import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { TrainOptions, TrainProgress } from '../../../../src/engine/protocol';
import { initBackend, type TF } from '../../../../src/core/backend';
import type { Classifier } from '../../../../src/core/classifier';
import { fitTemperature, logProbabilities, nllAt } from '../../../../src/core/calibration';
import { padSequences, tokenize, Vocabulary } from '../../../../src/core/text';
import { loadTfModel, trainTfModel } from '../../../../src/core/tfjs/index';
import { runTraining } from '../../../../src/core/train';
import { fusedLstmClass } from '../../../../src/core/tfjs/fusedLstm';
import { loadLayersModelFrom } from '../../../../src/core/tfjs/modelFiles';
import { Random } from '../../../../src/core/tfjs/random';

const POSITIVE = ['good', 'great', 'love', 'excellent', 'happy'];
const NEGATIVE = ['bad', 'awful', 'hate', 'terrible', 'sad'];
const FILLER = ['the', 'phone', 'it', 'was', 'really', 'this', 'battery', 'screen', 'and', 'my'];
const LABELS = ['negative', 'positive'];

/** Sentences of 2–9 filler words with one or two words of their class somewhere in them. */
function toySet(n: number, seed: number): { texts: string[]; y: number[] } {
  const r = new Random(seed);
  const pick = (words: string[]) => words[Math.floor(r.next() * words.length)];
  const texts: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const words = Array.from({ length: 2 + Math.floor(r.next() * 8) }, () => pick(FILLER));
    for (let k = 0; k < 1 + Math.floor(r.next() * 2); k++) {
      words.splice(Math.floor(r.next() * (words.length + 1)), 0, pick(label ? POSITIVE : NEGATIVE));
    }
    texts.push(words.join(' '));
    y.push(label);
  }
  return { texts, y };
}

const TRAIN = toySet(160, 1);
const TEST = toySet(60, 2);
const SMALL: Partial<TrainOptions> = {
  epochs: 6,
  batchSize: 16,
  learningRate: 0.01,
  embeddingDim: 8,
  units: 8,
  filters: 8,
  kernelSize: 3,
  maxLength: 12,
  seed: 3,
};

async function train(kind: 'lstm' | 'cnn', extra: Partial<Parameters<typeof trainTfModel>[0]> = {}, options = {}): Promise<Classifier> {
  const { classifier } = await trainTfModel({
    kind,
    train: TRAIN,
    labels: LABELS,
    options: { data: 'toy.csv', out: '', ...SMALL, ...options },
    onProgress: () => undefined,
    signal: new AbortController().signal,
    ...extra,
  });
  return classifier;
}

async function accuracy(clf: Classifier, set = TEST): Promise<number> {
  const preds = await clf.predict(set.texts);
  return preds.filter((p, i) => p.label === LABELS[set.y[i]]).length / preds.length;
}

function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.map((row, i) => Math.max(...row.map((v, j) => Math.abs(v - b[i][j])))));
}

describe('lstm and cnn on TensorFlow.js', function () {
  this.timeout(60_000);
  let tf: TF;
  const dirs: string[] = [];
  before(async () => {
    tf = (await initBackend({ prefer: 'wasm' })).tf;
  });
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-tfjs-test-'));
    dirs.push(d);
    return d;
  };

  for (const kind of ['lstm', 'cnn'] as const) {
    describe(kind, () => {
      let clf: Classifier;
      before(async () => {
        clf = await train(kind);
      });
      after(() => clf.dispose?.());

      it('learns a separable toy set well beyond chance', async () => {
        assert.equal(clf.kind, kind);
        assert.ok((await accuracy(clf)) >= 0.85, `test accuracy ${await accuracy(clf)}`);
      });

      it('predicts labels with probabilities that sum to 1', async () => {
        const [p] = await clf.predict(['great great phone']);
        assert.deepEqual(LABELS.includes(p.label), true);
        assert.ok(Math.abs(p.probabilities.reduce((a, b) => a + b) - 1) < 1e-5);
        assert.equal(p.confidence, Math.max(...p.probabilities));
        const empty = await clf.predict(['', '   ,,, !!']);
        assert.equal(empty.length, 2, 'texts without tokens still get a prediction');
      });

      it('explains with the words that drove the prediction', async () => {
        const text = 'the battery was really awful and the screen';
        const [p] = await clf.predict([text]);
        assert.equal(p.label, 'negative');
        const why = await clf.explain(text, 3);
        assert.equal(why.length, 3);
        assert.equal(why[0].token, 'awful');
        assert.ok(why[0].weight > 0, 'removing "awful" lowers the odds of negative');
        assert.deepEqual(await clf.explain(''), []);
      });

      it('saves a stock TensorFlow.js layers model that loads back with the same predictions', async () => {
        const dir = tempDir();
        const meta = await clf.save(dir);
        assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'vocab.json', 'weights.bin']);
        const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
        const classes = modelJson.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name);
        assert.deepEqual(classes, kind === 'lstm' ? ['Embedding', 'LSTM', 'Dense'] : ['Embedding', 'Conv1D', 'GlobalMaxPooling1D', 'Dense']);

        const texts = [...TEST.texts, 'great', 'a b c d e f g h i j k l m n o p q r s t great'];
        const before = (await clf.predict(texts)).map((p) => p.probabilities);
        const back = await loadTfModel(dir, JSON.parse(JSON.stringify(meta)));
        assert.deepEqual(back.labels, LABELS);
        assert.ok(maxDiff((await back.predict(texts)).map((p) => p.probabilities), before) < 1e-6);
        back.dispose?.();

        // Any TensorFlow.js program: tf.loadLayersModel with stock layers, inputs padded to maxLength as Keras would.
        const stock = await loadLayersModelFrom(tf, dir, false);
        assert.equal(stock.layers[1].getClassName(), kind === 'lstm' ? 'LSTM' : 'Conv1D');
        const vocab = Vocabulary.fromJSON(JSON.parse(fs.readFileSync(path.join(dir, 'vocab.json'), 'utf8')));
        const ids = padSequences(texts.map((t) => vocab.encode(tokenize(t))), SMALL.maxLength!);
        const out = stock.predict(tf.tensor2d(ids, [texts.length, SMALL.maxLength!], 'int32')) as Tensor;
        const stockProbs = Array.from({ length: texts.length }, (_, i) => Array.from(out.dataSync().slice(2 * i, 2 * i + 2)));
        assert.ok(maxDiff(stockProbs, before) < 1e-5, 'stock layers, full padding: same probabilities');
        stock.dispose();
      });
    });
  }

  it('is reproducible for a seed', async () => {
    const a = await train('lstm', {}, { epochs: 2 });
    const b = await train('lstm', {}, { epochs: 2 });
    const pa = (await a.predict(TEST.texts)).map((p) => p.probabilities);
    const pb = (await b.predict(TEST.texts)).map((p) => p.probabilities);
    assert.deepEqual(pa, pb);
    a.dispose?.();
    b.dispose?.();
  });

  it('applies class weights', async () => {
    const clf = await train('cnn', { classWeights: [1, 0.001] }, { epochs: 2 });
    const preds = await clf.predict(TEST.texts);
    const negative = preds.filter((p) => p.label === 'negative').length / preds.length;
    assert.ok(negative >= 0.8, `with positive rows weighted 0.001 most predictions are negative (got ${negative})`);
    clf.dispose?.();
  });

  it('stops early on validation loss and restores the best weights', async () => {
    // Labels that are pure noise: validation loss soon rises as the model memorises the training rows.
    const r = new Random(5);
    const noisy = { texts: TRAIN.texts, y: TRAIN.y.map(() => (r.next() < 0.5 ? 0 : 1)) };
    const validation = { texts: TEST.texts, y: TEST.y.map(() => (r.next() < 0.5 ? 0 : 1)) };
    const ends: TrainProgress[] = [];
    const { classifier: clf } = await trainTfModel({
      kind: 'cnn',
      train: noisy,
      validation,
      labels: LABELS,
      options: { data: 'toy.csv', out: '', ...SMALL, epochs: 12, learningRate: 0.05, earlyStopping: true, patience: 2 },
      onProgress: (p) => p.epochEnd && ends.push(p),
      signal: new AbortController().signal,
    });
    assert.ok(ends.length < 12, `stopped after ${ends.length} epochs`);
    const best = Math.min(...ends.map((e) => e.valLoss!));
    // The loss monitored is the one after temperature scaling (core/earlyStopping.ts).
    const scores = logProbabilities(await clf.predictPacked(validation.texts));
    const loss = nllAt(scores, 2, validation.y, fitTemperature(scores, 2, validation.y));
    assert.ok(Math.abs(loss - best) < 1e-4, `final calibrated validation loss ${loss} is the best epoch's ${best}`);
    clf.dispose?.();
  });

  it('cancels within one batch, with an AbortError (as every cancel point of the engine)', async () => {
    const FusedLstm = fusedLstmClass(tf);
    const originalCall = FusedLstm.prototype.call;
    let trainingCalls = 0;
    let callsAtAbort = -1;
    FusedLstm.prototype.call = function (this: InstanceType<typeof FusedLstm>, ...args: Parameters<typeof originalCall>) {
      if (args[1]?.training) trainingCalls++;
      return originalCall.apply(this, args);
    };
    const controller = new AbortController();
    try {
      await assert.rejects(
        train('lstm', {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'training' && callsAtAbort < 0) {
              callsAtAbort = trainingCalls;
              controller.abort();
            }
          },
        }),
        (e: Error) => e.name === 'AbortError',
      );
    } finally {
      FusedLstm.prototype.call = originalCall;
    }
    assert.equal(callsAtAbort, 1, 'aborted after the first batch');
    assert.equal(trainingCalls, callsAtAbort, 'no batch ran after the abort');
  });

  it('cancels within one chunk of an epoch\'s validation scoring, not after every validation row', async () => {
    const FusedLstm = fusedLstmClass(tf);
    const originalCall = FusedLstm.prototype.call;
    const controller = new AbortController();
    let scoredAfterAbort = -1;
    // The first chunk of validation rows asks for the cancel; every chunk scored after it is counted.
    FusedLstm.prototype.call = function (this: InstanceType<typeof FusedLstm>, ...args: Parameters<typeof originalCall>) {
      if (!args[1]?.training) {
        scoredAfterAbort++;
        controller.abort();
      }
      return originalCall.apply(this, args);
    };
    const validation = toySet(2000, 4);
    try {
      await assert.rejects(
        trainTfModel({
          kind: 'lstm',
          train: TRAIN,
          validation,
          labels: LABELS,
          options: { data: 'toy.csv', out: '', ...SMALL, epochs: 1 },
          onProgress: () => undefined,
          signal: controller.signal,
        }),
        (e: Error) => e.name === 'AbortError',
      );
    } finally {
      FusedLstm.prototype.call = originalCall;
    }
    // 2,000 rows are 32 chunks of 64: all of them were scored before the cancel was heard.
    assert.equal(scoredAfterAbort, 0, `${scoredAfterAbort} chunks scored after the abort`);
  });

  describe('long texts: only the end a model reads is segmented, and a cancel is seen within a second', () => {
    const words = ['good', 'bad', 'room', 'staff', 'great', 'awful', 'food', 'view', 'clean', 'dirty', 'kind', 'rude'];
    const sentence = (i: number, n: number): string => Array.from({ length: n }, (_, j) => words[(i * 7 + j * 5 + (j >> 2)) % words.length]).join(' ');

    it('trains lstm on a CSV holding one 10 MB text (it ran for over 60 s before)', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'big-field.csv');
      const rows = ['text,label', `"${sentence(1, 2_000_000).slice(0, 10 * 1024 * 1024)}",positive`];
      for (let i = 0; i < 20; i++) rows.push(`${sentence(i, 6)},${i % 2 ? 'positive' : 'negative'}`);
      fs.writeFileSync(file, rows.join('\n') + '\n');
      const started = performance.now();
      const result = await runTraining({ data: file, out: path.join(dir, 'model'), model: 'lstm', epochs: 1, units: 4, embeddingDim: 4, maxLength: 20, batchSize: 8 });
      const seconds = (performance.now() - started) / 1000;
      assert.equal(result.trainRows + result.validationRows + result.testRows, 21);
      assert.ok(seconds < 20, `trained in ${seconds.toFixed(1)} s`);
    });

    it('answers a cancel during tokenising within a second', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'many.csv');
      // 20,000 texts of 160 words: several seconds of segmenting in all.
      const rows = ['text,label', ...Array.from({ length: 20_000 }, (_, i) => `${sentence(i, 160)},${i % 2 ? 'positive' : 'negative'}`)];
      fs.writeFileSync(file, rows.join('\n') + '\n');
      const controller = new AbortController();
      // When the cancel was asked for: a timer set 200 ms into tokenising (it fires late if tokenising blocks).
      let abortedAt = 0;
      const started = performance.now();
      await assert.rejects(
        runTraining(
          { data: file, out: path.join(dir, 'model'), model: 'lstm', epochs: 1, units: 4, embeddingDim: 4, maxLength: 500 },
          {
            signal: controller.signal,
            onProgress: (p) => {
              if (p.phase === 'tokenising' && !abortedAt) {
                abortedAt = performance.now() + 200;
                setTimeout(() => controller.abort(), 200);
              }
            },
          },
        ),
        { name: 'AbortError' },
      );
      const latency = performance.now() - abortedAt;
      assert.ok(abortedAt > 0 && latency < 1000, `cancelled ${latency.toFixed(0)} ms after the abort (${((abortedAt - started) / 1000).toFixed(1)} s into the run)`);
      assert.ok(!fs.existsSync(path.join(dir, 'model')));
    });
  });

  describe('a saved model is checked against its meta.json before it is built', () => {
    it('refuses an edited model.json (Embedding input_dim 16,000,000: 2 GB allocated before), a weights.bin of another size or a link to /dev/zero', async () => {
      const clf = await train('lstm');
      const dir = tempDir();
      const meta: Record<string, unknown> = { ...(await clf.save(dir)), labels: LABELS };
      clf.dispose?.();
      const modelJson = path.join(dir, 'model.json');
      const original = fs.readFileSync(modelJson, 'utf8');
      const edited = JSON.parse(original);
      edited.modelTopology.config.layers[0].config.input_dim = 16_000_000;
      fs.writeFileSync(modelJson, JSON.stringify(edited));
      const rss = process.memoryUsage.rss();
      await assert.rejects(loadTfModel(dir, meta), /model\.json: the Embedding layer's input_dim is 16000000 where meta\.json describes \d+\./);
      assert.ok(process.memoryUsage.rss() - rss < 200 * 2 ** 20, `${((process.memoryUsage.rss() - rss) / 2 ** 20).toFixed(0)} MB more after the refusal`);
      fs.writeFileSync(modelJson, original);

      const weights = path.join(dir, 'weights.bin');
      const bytes = fs.readFileSync(weights);
      fs.writeFileSync(weights, bytes.subarray(0, bytes.length - 4));
      await assert.rejects(loadTfModel(dir, meta), new RegExp(`weights\\.bin has ${bytes.length - 4} bytes where ${bytes.length} are expected`));
      fs.rmSync(weights);
      fs.symlinkSync('/dev/zero', weights);
      await assert.rejects(loadTfModel(dir, meta), /weights\.bin is not a regular file/);
      fs.rmSync(weights);
      fs.writeFileSync(weights, bytes);

      const arch = meta.architecture as { vocabSize: number };
      await assert.rejects(loadTfModel(dir, { ...meta, architecture: { ...arch, vocabSize: 16_000_000 } }), /vocab\.json holds \d+ words where meta\.json describes 16000000/);
      await assert.rejects(loadTfModel(dir, { ...meta, architecture: { ...arch, vocabSize: 1e300 } }), /meta\.json's vocabSize 1e\+300 is not a size a model can have/);
      const loaded = await loadTfModel(dir, meta);
      assert.equal((await loaded.predict(['good'])).length, 1);
      loaded.dispose?.();
    });
  });

  it('refuses options that make no model', async () => {
    await assert.rejects(train('cnn', {}, { kernelSize: 20 }), /kernelSize \(20\) cannot exceed maxLength \(12\)/);
    await assert.rejects(train('lstm', {}, { dropout: 1 }), /dropout must be in \[0, 1\)/);
    await assert.rejects(train('lstm', { labels: ['only'] }), /at least two labels/);
  });
});
