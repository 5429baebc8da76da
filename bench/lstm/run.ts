// Bench: the article's LSTM (Embedding 32 → LSTM 64, dropout 0.2/0.2 → Dense softmax; adam; batch 32;
// 10 epochs; maxLength 100) trained by Neural Lens on TensorFlow.js versus PyTorch on one CPU thread, on the
// same token ids, in the same run. Prints samples/s (wall and CPU), the ratio, and test macro-F1 for each,
// plus the stock TensorFlow.js LSTM's samples/s over a few batches for context.
//
//   npm run bench:lstm [-- --sets uci_amazon,chnsenticorp_htl:2000 --epochs 10 --python /usr/bin/python3
//       --stock-batches 3 --rounds 1]
//
// A set "name:N" trains on the first N rows of name.train.csv (the split files are in shuffled order), in the
// data folder (NL_BENCH_DATA, default ../shared/data).
// The reference needs Debian's python3-torch (apt-get install python3-torch).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, type TF } from '../../src/core/backend';
import { readLabelledCsv } from '../../src/core/csv';
import { classificationReport } from '../../src/core/report';
import { tokenize, Vocabulary, padSequences } from '../../src/core/text';
import { trainTfModel, TF_TRAIN_DEFAULTS } from '../../src/core/tfjs/index';
import { ARCHITECTURE_DEFAULTS } from '../../src/core/tfjs/networks';
import { benchDataDir } from '../common';

const DATA = benchDataDir();
/** The PyTorch reference beside this file's source (out/bench/lstm → bench/lstm), else from the working directory. */
const TORCH_SCRIPT = [path.join(__dirname, '../../../bench/lstm/torch_lstm.py'), path.resolve('bench/lstm/torch_lstm.py')].find((p) => fs.existsSync(p))!;

interface Args {
  sets: string[];
  epochs: number;
  python: string;
  stockBatches: number;
  rounds: number;
}

function parseArgs(argv: string[]): Args {
  const get = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  return {
    sets: get('--sets', 'uci_amazon,chnsenticorp_htl:2000').split(','),
    epochs: Number(get('--epochs', '10')),
    python: get('--python', '/usr/bin/python3'),
    stockBatches: Number(get('--stock-batches', '3')),
    rounds: Number(get('--rounds', '1')),
  };
}

interface Side {
  samplesPerSecond: number;
  samplesPerCpuSecond: number;
  trainSeconds: number;
  macroF1: number;
  accuracy: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function benchSet(set: string, args: Args, tf: TF, backend: string): Promise<string[]> {
  const [name, limit] = set.split(':');
  const trainAll = await readLabelledCsv(path.join(DATA, `${name}.train.csv`));
  const test = await readLabelledCsv(path.join(DATA, `${name}.test.csv`), { labels: trainAll.labels });
  const n = limit ? Math.min(Number(limit), trainAll.texts.length) : trainAll.texts.length;
  const train = { texts: trainAll.texts.slice(0, n), y: trainAll.y.slice(0, n) };
  const labels = trainAll.labels;
  const maxLength = ARCHITECTURE_DEFAULTS.maxLength;

  // The same ids trainTfModel computes (Vocabulary.fit is deterministic), written out for PyTorch.
  const tokenLists = train.texts.map(tokenize);
  const vocab = Vocabulary.fit(tokenLists, TF_TRAIN_DEFAULTS.maxWords);
  const trunc = (ids: number[]) => (ids.length > maxLength ? ids.slice(ids.length - maxLength) : ids);
  const spec = {
    vocabSize: vocab.size,
    classes: labels.length,
    epochs: args.epochs,
    batchSize: TF_TRAIN_DEFAULTS.batchSize,
    learningRate: TF_TRAIN_DEFAULTS.learningRate,
    seed: TF_TRAIN_DEFAULTS.seed,
    architecture: ARCHITECTURE_DEFAULTS,
    train: { seqs: tokenLists.map((t) => trunc(vocab.encode(t))), y: train.y },
    test: { seqs: test.texts.map((t) => trunc(vocab.encode(tokenize(t)))), y: test.y },
  };
  const meanLength = spec.train.seqs.reduce((s, q) => s + q.length, 0) / n;
  const specFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nl-bench-lstm-')), 'data.json');
  fs.writeFileSync(specFile, JSON.stringify(spec));
  const samples = n * args.epochs;
  const score = (pred: number[]) => {
    const r = classificationReport(labels, test.y, pred);
    return { macroF1: r.macro.f1, accuracy: r.accuracy };
  };

  const ours: Side[] = [];
  const padded: Side[] = [];
  const packed: Side[] = [];
  for (let round = 0; round < args.rounds; round++) {
    // Ours: the whole trainTfModel call (tokenising included), as the engine runs it.
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    const { classifier: clf } = await trainTfModel({
      kind: 'lstm',
      train,
      labels,
      options: { data: name, out: '', epochs: args.epochs, earlyStopping: false },
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    const wall = (performance.now() - wall0) / 1000;
    const cpu = cpuSeconds() - cpu0;
    const predictions = await clf.predict(test.texts);
    clf.dispose?.();
    ours.push({ samplesPerSecond: samples / wall, samplesPerCpuSecond: samples / cpu, trainSeconds: wall, ...score(predictions.map((p) => labels.indexOf(p.label))) });

    for (const [mode, into] of [['padded', padded], ['packed', packed]] as const) {
      const run = spawnSync(args.python, [TORCH_SCRIPT, specFile, mode], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (run.status !== 0) throw new Error(`PyTorch reference failed (${args.python}): ${run.stderr || run.error}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Side & { predictions: number[]; cpuSeconds: number };
      into.push({ samplesPerSecond: r.samplesPerSecond, samplesPerCpuSecond: r.samplesPerCpuSecond, trainSeconds: r.trainSeconds, ...score(r.predictions) });
    }
  }
  const stock = await stockTfjs(tf, spec.vocabSize, labels.length, spec.train.seqs, spec.train.y, args.stockBatches);
  fs.rmSync(path.dirname(specFile), { recursive: true, force: true });

  const best = (sides: Side[]) => sides.reduce((a, b) => (b.samplesPerSecond > a.samplesPerSecond ? b : a));
  const o = best(ours);
  const pd = best(padded);
  const pk = best(packed);
  const f = (x: number, d = 0) => x.toFixed(d);
  const row = (what: string, s: Side, ref?: Side) =>
    `| ${what} | ${f(s.samplesPerSecond)} | ${f(s.samplesPerCpuSecond)} | ${ref ? f(o.samplesPerSecond / s.samplesPerSecond, 2) + '×' : '–'} | ${ref ? f(o.samplesPerCpuSecond / s.samplesPerCpuSecond, 2) + '×' : '–'} | ${f(s.trainSeconds, 1)} | ${f(s.accuracy, 3)} | ${f(s.macroF1, 3)} |`;
  return [
    `### ${name}${limit ? ` (first ${n} training rows)` : ''}: ${n} train × ${args.epochs} epochs, ${test.texts.length} test rows, vocabulary ${spec.vocabSize}, mean length ${meanLength.toFixed(1)} tokens (cap ${maxLength})`,
    '',
    '| trainer | samples/s (wall) | samples/CPU-s | ours ÷ it (wall) | ours ÷ it (CPU) | train s | accuracy | macro-F1 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row(`Neural Lens fused LSTM, tfjs ${backend}`, o),
    row('PyTorch padded to 100 (as Keras / the article)', pd, pd),
    row('PyTorch packed sequences (no padding work)', pk, pk),
    `| stock tfjs LSTM, ${backend}, padded to 100 (${stock.batches} batches) | ${f(stock.samplesPerSecond, 1)} | ${f(stock.samplesPerCpuSecond, 1)} | ${f(o.samplesPerSecond / stock.samplesPerSecond, 1)}× | ${f(o.samplesPerCpuSecond / stock.samplesPerCpuSecond, 1)}× | – | – | – |`,
    '',
  ];
}

/** The stock tfjs-layers LSTM (same architecture, padded to 100) timed over a few batches after one warm-up. */
async function stockTfjs(tf: TF, vocabSize: number, classes: number, seqs: number[][], y: number[], batches: number) {
  const maxLength = ARCHITECTURE_DEFAULTS.maxLength;
  const bs = TF_TRAIN_DEFAULTS.batchSize;
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: vocabSize, outputDim: 32, inputLength: maxLength }),
      tf.layers.lstm({ units: 64, dropout: 0.2, recurrentDropout: 0.2, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const batch = (i: number) => {
    const rows = Array.from({ length: bs }, (_, k) => (i * bs + k) % seqs.length);
    return tf.tidy(() => [
      tf.tensor2d(padSequences(rows.map((r) => seqs[r]), maxLength), [bs, maxLength], 'int32'),
      tf.oneHot(tf.tensor1d(rows.map((r) => y[r]), 'int32'), classes),
    ]);
  };
  const run = async (i: number) => {
    const [x, t] = batch(i);
    await model.trainOnBatch(x, t);
    tf.dispose([x, t]);
  };
  await run(0);
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  for (let i = 1; i <= batches; i++) await run(i);
  const wall = (performance.now() - wall0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  model.dispose();
  return { batches, samplesPerSecond: (batches * bs) / wall, samplesPerCpuSecond: (batches * bs) / cpu };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { tf, name, skipped } = await initBackend();
  const load0 = os.loadavg();
  const lines = [
    `Run ${new Date().toISOString()} on ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, tfjs ${tf.version.tfjs} backend ${name} (${skipped.join('; ')}).`,
    '',
  ];
  for (const set of args.sets) lines.push(...(await benchSet(set, args, tf, name)));
  const load1 = os.loadavg();
  lines.push(`Load average (1 min) ${load0[0].toFixed(1)} at the start, ${load1[0].toFixed(1)} at the end, on ${os.cpus().length} cores shared with other work.`);
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
