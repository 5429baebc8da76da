// neural-lens train DATA.csv [--test TEST.csv | --test-size 0.2] [--text COL] [--label COL]
//   [--model fast|lstm|cnn] [--epochs N] [--batch-size N] [--max-length N] [--seed N] [--out DIR] [--json]
import * as path from 'node:path';
import type { ModelKind, TrainOptions } from '../engine/protocol';
import { runTraining } from '../core/train';
import { formatConfusion, formatReport } from '../core/report';
import { EXIT, UsageError, numberFlag, parse } from './common';
import { progressBar } from './progress';

const HELP = `Usage: neural-lens train DATA.csv [options]

Trains a sentiment classifier on a labelled CSV (a header row, a text column and a label column),
prints its classification report on held-out rows and saves the model folder.

Options:
  --test FILE            score on this labelled CSV instead of a split of DATA.csv
  --test-size F          fraction of DATA.csv held out for the report (default 0.2, stratified)
  --text COL             text column (default: detected)
  --label COL            label column (default: detected)
  --model KIND           fast (default), lstm or cnn
  --epochs N             training epochs (default: fast 2–10 by file size; lstm/cnn 10)
  --batch-size N         batch size for lstm/cnn (default 32)
  --max-length N         tokens per text for lstm/cnn (default 100)
  --seed N               random seed (default 42): the same seed gives the same split and model
  --validation-split F   fraction of the training rows kept for validation figures (default 0; 0.1 with --early-stopping)
  --early-stopping       stop when validation loss stops improving, keep the best epoch
  --patience N           epochs without improvement before stopping (default 3)
  --class-weights MODE   auto (default: on when classes are imbalanced), on or off
  --learning-rate F      initial learning rate
  --embedding-dim N      embedding size
  --threads N            SGD threads for the fast model (default: 2 on very large files)
  --out DIR              model folder (default: models/<data name>-<model>)
  --json                 print one JSON object instead of the report
`;

export async function run(argv: string[]): Promise<number> {
  const args = parse(
    argv,
    {
      test: { type: 'string' },
      'test-size': { type: 'string' },
      text: { type: 'string' },
      label: { type: 'string' },
      model: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'max-length': { type: 'string' },
      seed: { type: 'string' },
      'validation-split': { type: 'string' },
      'early-stopping': { type: 'boolean' },
      patience: { type: 'string' },
      'class-weights': { type: 'string' },
      'learning-rate': { type: 'string' },
      'embedding-dim': { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    HELP,
  );
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing DATA.csv' : `one data file expected, got ${positionals.length}`);
  if (v.test !== undefined && v['test-size'] !== undefined) throw new UsageError('--test and --test-size are exclusive');
  const model = (v.model ?? 'fast') as ModelKind;
  if (!['fast', 'lstm', 'cnn'].includes(model)) throw new UsageError(`--model must be fast, lstm or cnn, got "${v.model}"`);
  const classWeights = v['class-weights'] ?? 'auto';
  if (!['auto', 'on', 'off'].includes(classWeights)) throw new UsageError(`--class-weights must be auto, on or off, got "${classWeights}"`);
  const data = positionals[0];
  const options: TrainOptions = {
    data,
    test: v.test,
    testSize: numberFlag(v['test-size'], 'test-size', 0.01, 0.99),
    textColumn: v.text,
    labelColumn: v.label,
    model,
    epochs: numberFlag(v.epochs, 'epochs', 1, 100_000, true),
    batchSize: numberFlag(v['batch-size'], 'batch-size', 1, 1_000_000, true),
    maxLength: numberFlag(v['max-length'], 'max-length', 1, 100_000, true),
    seed: numberFlag(v.seed, 'seed', 0, 2 ** 32 - 1, true),
    validationSplit: numberFlag(v['validation-split'], 'validation-split', 0, 0.9),
    earlyStopping: v['early-stopping'],
    patience: numberFlag(v.patience, 'patience', 1, 1000, true),
    classWeights: classWeights as TrainOptions['classWeights'],
    learningRate: numberFlag(v['learning-rate'], 'learning-rate', 1e-9, 100),
    embeddingDim: numberFlag(v['embedding-dim'], 'embedding-dim', 1, 4096, true),
    threads: numberFlag(v.threads, 'threads', 0, 64, true),
    out: v.out ?? path.join('models', `${path.basename(data).replace(/\.[^.]*$/, '')}-${model}`),
  };

  const bar = v.json ? { update: () => undefined, done: () => undefined } : progressBar();
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runTraining(options, { onProgress: (p) => bar.update(p), signal: controller.signal });
    bar.done();
    const r = result.report;
    if (v.json) {
      const json = {
        model: result.model,
        backend: result.backend,
        trainRows: result.trainRows,
        testRows: result.testRows,
        trainSeconds: result.trainSeconds,
        accuracy: r.accuracy,
        macroF1: r.macro.f1,
        weightedF1: r.weighted.f1,
        perClass: r.perClass,
        confusion: r.confusion,
        labels: r.labels,
        skippedRows: result.skippedRows,
        out: result.out,
      };
      process.stdout.write(JSON.stringify(json) + '\n');
    } else {
      process.stdout.write(
        `Trained ${result.model} (${result.backend}) on ${result.trainRows} rows in ${result.trainSeconds.toFixed(1)} s` +
          (result.skippedRows ? ` (${result.skippedRows} rows with an empty text or label skipped)` : '') +
          `; report on ${result.testRows} held-out rows:\n\n${formatReport(r)}\n${formatConfusion(r)}\nSaved to ${result.out}\n`,
      );
    }
    return EXIT.ok;
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
  }
}
