// neural-lens train DATA.csv [--test TEST.csv | --test-size 0.2] [--text COL] [--label COL]
//   [--model fast|lstm|cnn] [--epochs N] [--seed N] [--learning-rate F] [--embedding-dim N] …
//   lstm/cnn: [--batch-size N] [--max-length N] [--max-words N]; lstm: [--units N] [--dropout F]
//   [--recurrent-dropout F]; cnn: [--filters N] [--kernel-size N]; fast: [--threads N]; [--out DIR] [--json]
// A flag for another model than the one trained is a usage error (exit 2), never silently ignored.
import * as path from 'node:path';
import type { ModelKind } from '../core/modelKind';
import type { TrainOptions } from '../core/trainTypes';
import { runTraining } from '../core/train';
import { FAST_DEFAULTS } from '../core/fast/train';
import { MODEL_SPECIFIC, TF_DEFAULTS } from '../core/tfjs/options';
import { formatConfusion, formatReport } from '../core/report';
import { EXIT, UsageError, numberFlag, parse, rateFlag, reportJson } from './common';
import { progressBar } from './progress';

const d = TF_DEFAULTS;
const HELP = `Usage: neural-lens train DATA.csv [options]

Trains a sentiment classifier on a labelled CSV (a header row, a text column and a label column),
prints its classification report on held-out rows and saves the model folder.

Options:
  --test FILE            score on this labelled CSV instead of a split of DATA.csv
  --test-size F          fraction of DATA.csv held out for the report (default 0.2, stratified)
  --text COL             text column (default: detected)
  --label COL            label column (default: detected)
  --model KIND           fast (default), lstm or cnn
  --epochs N             training epochs (default: fast 2–10 by file size; lstm/cnn ${d.epochs})
  --seed N               random seed (default 42): the same seed gives the same split and model
  --validation-split F   fraction of the training rows kept for validation figures (default 0; 0.1 with --early-stopping)
  --early-stopping       stop when validation loss stops improving, keep the best epoch
  --patience N           epochs without improvement before stopping (default: fast ${FAST_DEFAULTS.patience}; lstm/cnn ${d.patience})
  --class-weights MODE   auto (default: on when classes are imbalanced), on or off
  --learning-rate F      initial learning rate (default: fast ${FAST_DEFAULTS.lr}, SGD decayed to 0; lstm/cnn ${d.learningRate}, adam)
  --embedding-dim N      embedding size (default: fast ${FAST_DEFAULTS.dim}; lstm/cnn ${d.embeddingDim})
  --out DIR              model folder (default: models/<data name>-<model>)
  --json                 print one JSON object instead of the report

lstm and cnn:
  --batch-size N         rows per adam step (default ${d.batchSize})
  --max-length N         tokens per text, padded or truncated (default ${d.maxLength})
  --max-words N          vocabulary cap, the padding and unknown-word ids included (default ${d.maxWords})
lstm (Embedding → LSTM → Dense):
  --units N              LSTM units (default ${d.units})
  --dropout F            dropout on the LSTM's inputs, 0 ≤ F < 1 (default ${d.dropout})
  --recurrent-dropout F  dropout on the LSTM's recurrent state, 0 ≤ F < 1 (default ${d.recurrentDropout})
cnn (Embedding → Conv1D → GlobalMaxPooling1D → Dense):
  --filters N            Conv1D filters (default ${d.filters})
  --kernel-size N        Conv1D kernel width in tokens, at most --max-length (default ${d.kernelSize})
fast:
  --threads N            SGD threads (default: 2 on very large files)

A flag of another model than the one trained (e.g. --units with --model cnn) is refused.
`;

const FLAGS = {
  test: { type: 'string' },
  'test-size': { type: 'string' },
  text: { type: 'string' },
  label: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'max-length': { type: 'string' },
  'max-words': { type: 'string' },
  seed: { type: 'string' },
  'validation-split': { type: 'string' },
  'early-stopping': { type: 'boolean' },
  patience: { type: 'string' },
  'class-weights': { type: 'string' },
  'learning-rate': { type: 'string' },
  'embedding-dim': { type: 'string' },
  units: { type: 'string' },
  dropout: { type: 'string' },
  'recurrent-dropout': { type: 'string' },
  filters: { type: 'string' },
  'kernel-size': { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `--max-words` for `maxWords`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The flag names of the options only some models use, in the order of MODEL_SPECIFIC. */
function modelSpecificFlags(): Array<{ key: keyof TrainOptions; flag: string; kinds: readonly ModelKind[] }> {
  return Object.entries(MODEL_SPECIFIC).map(([key, kinds]) => ({ key: key as keyof TrainOptions, flag: flagName(key), kinds: kinds! }));
}

function listKinds(kinds: readonly ModelKind[]): string {
  return kinds.length === 1 ? `the ${kinds[0]} model` : `the ${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)} models`;
}

/** The training options `argv` asks for (undefined after printing --help); a UsageError for anything wrong. */
export function parseTrainArgs(argv: string[]): { options: TrainOptions; json: boolean } | undefined {
  const args = parse(argv, FLAGS, HELP);
  if (!args) return undefined;
  const { values: v, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing DATA.csv' : `one data file expected, got ${positionals.length}`);
  if (v.test !== undefined && v['test-size'] !== undefined) throw new UsageError('--test and --test-size are exclusive');
  const model = (v.model ?? 'fast') as ModelKind;
  if (!['fast', 'lstm', 'cnn'].includes(model)) throw new UsageError(`--model must be fast, lstm or cnn, got "${v.model}"`);
  for (const { flag, kinds } of modelSpecificFlags()) {
    if ((v as Record<string, unknown>)[flag] !== undefined && !kinds.includes(model)) {
      throw new UsageError(`--${flag} applies to ${listKinds(kinds)} only, and this run trains ${model}${v.model === undefined ? ' (the default; choose another with --model)' : ''}`);
    }
  }
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
    maxWords: numberFlag(v['max-words'], 'max-words', 2, 100_000_000, true),
    seed: numberFlag(v.seed, 'seed', 0, 2 ** 32 - 1, true),
    validationSplit: numberFlag(v['validation-split'], 'validation-split', 0, 0.9),
    earlyStopping: v['early-stopping'],
    patience: numberFlag(v.patience, 'patience', 1, 1000, true),
    classWeights: classWeights as TrainOptions['classWeights'],
    learningRate: numberFlag(v['learning-rate'], 'learning-rate', 1e-9, 100),
    embeddingDim: numberFlag(v['embedding-dim'], 'embedding-dim', 1, 4096, true),
    units: numberFlag(v.units, 'units', 1, 4096, true),
    dropout: rateFlag(v.dropout, 'dropout'),
    recurrentDropout: rateFlag(v['recurrent-dropout'], 'recurrent-dropout'),
    filters: numberFlag(v.filters, 'filters', 1, 4096, true),
    kernelSize: numberFlag(v['kernel-size'], 'kernel-size', 1, 100_000, true),
    threads: numberFlag(v.threads, 'threads', 0, 64, true),
    out: v.out ?? path.join('models', `${path.basename(data).replace(/\.[^.]*$/, '')}-${model}`),
  };
  const maxLength = options.maxLength ?? d.maxLength;
  if (options.kernelSize !== undefined && options.kernelSize > maxLength) {
    throw new UsageError(`--kernel-size (${options.kernelSize}) cannot exceed --max-length (${maxLength}${options.maxLength === undefined ? ', the default' : ''})`);
  }
  // Only what was given: absent options stay absent, and the engine's defaults apply.
  for (const key of Object.keys(options) as (keyof TrainOptions)[]) if (options[key] === undefined) delete options[key];
  return { options, json: v.json ?? false };
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseTrainArgs(argv);
  if (!parsed) return EXIT.ok;
  const { options, json } = parsed;
  const bar = json ? { update: () => undefined, done: () => undefined } : progressBar();
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runTraining(options, { onProgress: (p) => bar.update(p), signal: controller.signal });
    bar.done();
    const r = result.report;
    if (json) {
      const summary = {
        model: result.model,
        backend: result.backend,
        trainRows: result.trainRows,
        testRows: result.testRows,
        trainSeconds: result.trainSeconds,
        ...reportJson(r),
        skippedRows: result.skippedRows,
        out: result.out,
      };
      process.stdout.write(JSON.stringify(summary) + '\n');
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
