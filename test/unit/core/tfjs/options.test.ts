// The lstm/cnn numbers from TrainOptions to the saved model: a tiny run of each with non-default numbers,
// through runTraining and through the worker, whose bundle records them and whose layers have their shapes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import { estimateArchitecture } from '../../../../src/core/layerSummary';
import { initBackend } from '../../../../src/core/backend';
import { readBundleMeta } from '../../../../src/core/bundle';
import { loadLayersModelFrom } from '../../../../src/core/tfjs/modelFiles';
import { TF_DEFAULTS, resolveTfSettings } from '../../../../src/core/tfjs/options';
import { runTraining } from '../../../../src/core/train';
import { EngineClient } from '../../../../src/engine/client';
import type { TrainOptions } from '../../../../src/engine/protocol';
import { repoRoot as REPO } from '../../../harness/paths';

const WORDS = { positive: ['good', 'great', 'lovely', 'clean'], negative: ['bad', 'awful', 'dirty', 'rude'] };
const FILLER = ['the', 'room', 'staff', 'was', 'and', 'very', 'food', 'view'];

/** 40 short labelled rows, half of each label. */
function writeFixture(file: string): void {
  const lines = ['text,label'];
  for (let i = 0; i < 40; i++) {
    const label = i % 2 ? 'positive' : 'negative';
    const words = [FILLER[i % 8], WORDS[label][i % 4], FILLER[(i * 3) % 8], FILLER[(i * 5 + 1) % 8], WORDS[label][(i >> 2) % 4]];
    lines.push(`${words.slice(0, 2 + (i % 4)).join(' ')},${label}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

interface WeightSpec {
  name: string;
  shape: number[];
}

function weightShapes(dir: string): Record<string, number[]> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: WeightSpec[] }[] };
  return Object.fromEntries(json.weightsManifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape]));
}

function layerConfig(dir: string, className: string): Record<string, unknown> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
  return json.modelTopology.config.layers.find((l) => l.class_name === className)!.config;
}

const COMMON: Partial<TrainOptions> = { epochs: 1, batchSize: 8, maxLength: 12, seed: 5, embeddingDim: 6, maxWords: 12, learningRate: 0.002 };
const LSTM: Partial<TrainOptions> = { ...COMMON, model: 'lstm', units: 10, dropout: 0.3, recurrentDropout: 0.1 };
const CNN: Partial<TrainOptions> = { ...COMMON, model: 'cnn', filters: 7, kernelSize: 3 };

describe('lstm/cnn numbers from the options to the saved model', function () {
  this.timeout(60_000);
  let root: string;
  let data: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-knobs-'));
    data = path.join(root, 'tiny.csv');
    writeFixture(data);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves defaults to the article model and checks each number', () => {
    const s = resolveTfSettings('lstm', {});
    assert.deepEqual(
      { ...s },
      { epochs: 10, batchSize: 32, learningRate: 0.001, patience: 2, maxWords: 10000, maxLength: 100, embeddingDim: 32, units: 64, dropout: 0.2, recurrentDropout: 0.2, filters: 128, kernelSize: 5 },
    );
    assert.equal(resolveTfSettings('lstm', { units: 3 }).units, 3);
    assert.throws(() => resolveTfSettings('lstm', { units: 0 }), /units must be a whole number ≥ 1, got 0/);
    assert.throws(() => resolveTfSettings('lstm', { recurrentDropout: 1 }), /recurrentDropout must be in \[0, 1\), got 1/);
    assert.throws(() => resolveTfSettings('cnn', { learningRate: -1 }), /learningRate must be a number > 0/);
    assert.throws(() => resolveTfSettings('cnn', { maxWords: 1 }), /maxWords must be a whole number ≥ 2/);
    assert.throws(() => resolveTfSettings('cnn', { filters: 2.5 }), /filters must be a whole number/);
    assert.throws(() => resolveTfSettings('cnn', { kernelSize: 9, maxLength: 8 }), /kernelSize \(9\) cannot exceed maxLength \(8\)/);
    // The other model's numbers are ignored, not checked: the editor may send them whatever the model.
    assert.equal(resolveTfSettings('cnn', { units: -1 }).units, TF_DEFAULTS.units);
    assert.equal(resolveTfSettings('lstm', { kernelSize: 500 }).kernelSize, TF_DEFAULTS.kernelSize);
  });

  it('refuses a bad number before reading the data', async () => {
    await assert.rejects(runTraining({ data: path.join(root, 'missing.csv'), out: path.join(root, 'x'), model: 'lstm', dropout: 2 }), /dropout must be in \[0, 1\)/);
    await assert.rejects(runTraining({ data: path.join(root, 'missing.csv'), out: path.join(root, 'x'), model: 'cnn', kernelSize: 20, maxLength: 10 }), RangeError);
  });

  it('lstm: the bundle records the numbers, and the layers have their shapes', async () => {
    const out = path.join(root, 'lstm');
    // threads and filters belong to other models: ignored by the engine and left out of the record.
    await runTraining({ data, out, ...LSTM, threads: 2, filters: 99 });
    const meta = await readBundleMeta(out);
    assert.deepEqual(
      { ...meta.training, out: undefined, data: undefined },
      { ...LSTM, patience: 2, out: undefined, data: undefined, testSize: 0.2, validation: 'holdout', validationSplit: 0.1, earlyStopping: true, classWeights: 'auto' },
    );
    const arch = meta.model.architecture as Record<string, number>;
    assert.ok(arch.vocabSize <= 12, `vocabulary capped by maxWords: ${arch.vocabSize}`);
    assert.deepEqual([arch.embeddingDim, arch.units, arch.dropout, arch.recurrentDropout, arch.maxLength], [6, 10, 0.3, 0.1, 12]);

    const w = weightShapes(out);
    assert.deepEqual(w, {
      'embedding/embeddings': [arch.vocabSize, 6],
      'lstm/kernel': [6, 40],
      'lstm/recurrent_kernel': [10, 40],
      'lstm/bias': [40],
      'dense/kernel': [10, 2],
      'dense/bias': [2],
    });
    const lstm = layerConfig(out, 'LSTM');
    assert.deepEqual([lstm.units, lstm.dropout, lstm.recurrent_dropout], [10, 0.3, 0.1]);

    const { tf } = await initBackend({ prefer: 'wasm' });
    const model = await loadLayersModelFrom(tf, out);
    try {
      const summary = estimateArchitecture({ kind: 'lstm', vocabSize: arch.vocabSize, classes: 2, ...arch });
      assert.deepEqual(
        model.layers.map((l) => [l.name, l.outputShape, l.countParams()]),
        [
          ['embedding', [null, null, 6], arch.vocabSize * 6],
          ['lstm', [null, 10], 4 * 10 * (6 + 10 + 1)],
          ['dense', [null, 2], 10 * 2 + 2],
        ],
      );
      assert.deepEqual(
        summary.layers.slice(1).map((l) => l.params),
        model.layers.map((l) => l.countParams()),
        'the architecture summary counts what the model holds',
      );
      assert.equal(summary.totalParams, model.countParams());
      assert.equal(summary.layers[2].type, 'LSTM(dropout 0.3, recurrent_dropout 0.1)');
    } finally {
      model.dispose();
    }
  });

  it('cnn: the bundle records the numbers, and the layers have their shapes', async () => {
    const out = path.join(root, 'cnn');
    await runTraining({ data, out, ...CNN, units: 99, dropout: 0.5 });
    const meta = await readBundleMeta(out);
    assert.deepEqual(
      { ...meta.training, out: undefined, data: undefined },
      { ...CNN, patience: 2, out: undefined, data: undefined, testSize: 0.2, validation: 'holdout', validationSplit: 0.1, earlyStopping: true, classWeights: 'auto' },
    );
    const arch = meta.model.architecture as Record<string, number>;
    assert.deepEqual([arch.embeddingDim, arch.filters, arch.kernelSize, arch.maxLength], [6, 7, 3, 12]);
    assert.deepEqual(weightShapes(out), {
      'embedding/embeddings': [arch.vocabSize, 6],
      'conv1d/kernel': [3, 6, 7],
      'conv1d/bias': [7],
      'dense/kernel': [7, 2],
      'dense/bias': [2],
    });

    const { tf } = await initBackend({ prefer: 'wasm' });
    const model = await loadLayersModelFrom(tf, out);
    try {
      assert.deepEqual(
        model.layers.map((l) => [l.name, l.outputShape, l.countParams()]),
        [
          ['embedding', [null, null, 6], arch.vocabSize * 6],
          ['conv1d', [null, null, 7], 3 * 6 * 7 + 7],
          ['global_max_pooling1d', [null, 7], 0],
          ['dense', [null, 2], 7 * 2 + 2],
        ],
      );
      // Padded to maxLength as Keras would: the convolution's output is maxLength − kernel + 1 long.
      const conv = model.layers[1].apply(model.layers[0].apply(tf.zeros([1, 12], 'int32'))) as Tensor;
      const summary = estimateArchitecture({ kind: 'cnn', vocabSize: arch.vocabSize, classes: 2, ...arch });
      assert.deepEqual(summary.layers[2].outputShape, [null, ...conv.shape.slice(1)]);
      assert.deepEqual(conv.shape, [1, 10, 7]);
      conv.dispose();
      assert.equal(summary.totalParams, model.countParams());
    } finally {
      model.dispose();
    }
  });

  it('the numbers cross the worker boundary (dist/worker.js)', async function () {
    const worker = path.join(REPO, 'dist/worker.js');
    if (!fs.existsSync(worker) || !fs.existsSync(path.join(REPO, 'dist/tfjs.js'))) {
      console.warn('    skipped: dist/worker.js or dist/tfjs.js is missing — run "npm run build" first');
      this.skip();
    }
    const client = new EngineClient(worker);
    try {
      const out = path.join(root, 'worker-lstm');
      const result = await client.train({ data, out, ...LSTM } as TrainOptions);
      assert.equal(result.model, 'lstm');
      const meta = await readBundleMeta(out);
      assert.deepEqual([meta.training.units, meta.training.dropout, meta.training.recurrentDropout, meta.training.embeddingDim, meta.training.maxWords, meta.training.learningRate], [10, 0.3, 0.1, 6, 12, 0.002]);
      assert.deepEqual(weightShapes(out)['lstm/recurrent_kernel'], [10, 40]);
    } finally {
      client.dispose();
    }
  });
});
