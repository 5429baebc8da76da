// neural-lens train DATA.csv [--test TEST.csv | --test-size 0.2] [--text COL] [--label COL] [--model KIND]
//   [--seed N] [--validation-split F] [--no-early-stopping] [--class-weights MODE] [--max-classes N] [--out DIR] [--json]
//   and the model options (--epochs, --learning-rate, --units, …): the registry (core/modelKinds.ts) says which
//   kind reads which and their defaults, this file only how each is typed on a command line.
// A flag for another model than the one trained is a usage error (exit 2), never silently ignored.
import * as path from 'node:path';
import { DEFAULT_MODEL_KIND, MODEL_KINDS, isModelKind, type ModelKind } from '../core/modelKind';
import { MODEL_OPTIONS, MODEL_REGISTRY, MODEL_SPECIFIC, OPTION_RULES, type ModelOption } from '../core/modelKinds';
import type { TrainOptions } from '../core/trainTypes';
import { formatCoreText } from '../core/coreText';
import { DEFAULT_MAX_CLASSES } from '../core/csvLabels';
import { DEFAULT_SEED, DEFAULT_TEST_SIZE } from '../core/split';
import { CROSS_FIT_FOLDS, DEFAULT_VALIDATION_SPLIT } from '../core/validation';
import { runTraining } from '../core/train';
import { EXIT, UsageError, encodingFlag, encodingHelp, formatReliability, numberFlag, parse, printWarnings, rateFlag, reliabilityJson, reportJson, reportTables, rowsText } from './common';
import { escapeControl, jsonLine, writeOut } from '../core/terminalText';
import { progressBar } from './progress';

/**
 * How each model option is written on a command line: the letter for its value in --help, what it does, and
 * the largest number taken (a sanity bound; a rate's range is its rule). Whether it is whole and its smallest
 * value are the registry's rule; `min` only for a rule without one ('positive').
 */
const MODEL_FLAGS: Readonly<Record<ModelOption, { arg: 'N' | 'F'; help: string; max?: number; min?: number }>> = {
  epochs: { arg: 'N', help: 'training epochs', max: 100_000 },
  patience: { arg: 'N', help: 'epochs without a better validation loss before early stopping', max: 1000 },
  learningRate: { arg: 'F', help: 'initial learning rate', min: 1e-9, max: 100 },
  embeddingDim: { arg: 'N', help: 'embedding size', max: 4096 },
  batchSize: { arg: 'N', help: 'rows per adam step', max: 1_000_000 },
  maxLength: { arg: 'N', help: 'tokens per text, padded or truncated', max: 100_000 },
  maxWords: { arg: 'N', help: 'vocabulary cap, the padding and unknown-word ids included', max: 100_000_000 },
  units: { arg: 'N', help: 'LSTM units', max: 4096 },
  dropout: { arg: 'F', help: "dropout on the LSTM's inputs, 0 ≤ F < 1" },
  recurrentDropout: { arg: 'F', help: "dropout on the LSTM's recurrent state, 0 ≤ F < 1" },
  filters: { arg: 'N', help: 'Conv1D filters', max: 4096 },
  kernelSize: { arg: 'N', help: 'Conv1D kernel width in tokens, at most --max-length', max: 100_000 },
  threads: { arg: 'N', help: 'SGD threads', max: 64 },
};

/** `--max-words` for `maxWords`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `fast`, `fast and lstm`, `fast, lstm and cnn`. */
function listAnd(items: readonly string[], last = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

function listKinds(kinds: readonly ModelKind[]): string {
  return kinds.length === 1 ? `the ${kinds[0]} model` : `the ${listAnd(kinds)} models`;
}

const kindsReading = (option: ModelOption): readonly ModelKind[] => MODEL_SPECIFIC[option] ?? MODEL_KINDS;

/** `(default 32)`, or per kind when they differ: `(default: fast 2–10 by file size; lstm/cnn 10)`. */
function defaultText(option: ModelOption): string {
  const groups = new Map<string, ModelKind[]>();
  for (const kind of kindsReading(option)) {
    const spec = MODEL_REGISTRY[kind];
    const text = spec.auto?.[option] ?? String(spec.defaults[option]);
    groups.set(text, [...(groups.get(text) ?? []), kind]);
  }
  if (groups.size === 1) return `(default ${[...groups.keys()][0]})`;
  return `(default: ${[...groups].map(([text, kinds]) => `${kinds.join('/')} ${text}`).join('; ')})`;
}

function helpLine(option: ModelOption): string {
  const flag = MODEL_FLAGS[option];
  return `  ${`--${flagName(option)} ${flag.arg}`.padEnd(23)}${flag.help} ${defaultText(option)}`;
}

/** The options every kind reads, then one section per group of kinds for the others (a single kind's with its layers). */
function modelOptionsHelp(): string {
  const common = MODEL_OPTIONS.filter((o) => !MODEL_SPECIFIC[o]).map(helpLine);
  const sections = new Map<string, ModelOption[]>();
  for (const option of MODEL_OPTIONS.filter((o) => MODEL_SPECIFIC[o])) {
    const kinds = kindsReading(option);
    const heading = kinds.length === 1 ? `${kinds[0]} (${MODEL_REGISTRY[kinds[0]].layers})` : listAnd(kinds);
    sections.set(heading, [...(sections.get(heading) ?? []), option]);
  }
  const [example, readers] = Object.entries(MODEL_SPECIFIC)[0] as [ModelOption, readonly ModelKind[]];
  const other = MODEL_KINDS.find((k) => !readers.includes(k));
  return [
    ...common,
    '',
    ...[...sections].map(([heading, options]) => [`${heading}:`, ...options.map(helpLine)].join('\n')),
    '',
    `A flag of another model than the one trained (e.g. --${flagName(example)} with --model ${other}) is refused.`,
  ].join('\n');
}

/** The kinds that cross-fit on small data, with their row limits: "fast up to 3000 rows". */
const crossFitKinds = MODEL_KINDS.filter((k) => MODEL_REGISTRY[k].crossFitMaxRows)
  .map((k) => `${k} up to ${MODEL_REGISTRY[k].crossFitMaxRows} training rows`)
  .join(', ');

const HELP = `Usage: neural-lens train DATA.csv [options]

Trains a sentiment classifier on a labelled CSV (a header row, a text column and a label column),
prints its classification report and calibration on held-out rows and saves the model folder.
Validation rows always come from the training rows: they stop training early (the best epoch is kept) and
calibrate the probabilities (a temperature, stored with the model); the test rows are scored once, at the end.

Options:
  --test FILE            score on this labelled CSV instead of a split of DATA.csv
  --test-size F          fraction of DATA.csv held out for the report (default ${DEFAULT_TEST_SIZE}, stratified)
  --text COL             text column (default: detected)
  --label COL            label column (default: detected)
${encodingHelp()}
  --model KIND           ${listAnd(MODEL_KINDS.map((k) => (k === DEFAULT_MODEL_KIND ? `${k} (default)` : k)), 'or')}
  --seed N               random seed (default ${DEFAULT_SEED}): the same seed gives the same split and model
  --validation-split F   fraction of the training rows held out for validation, 0 for none (default:
                         ${CROSS_FIT_FOLDS}-fold cross-fitting for ${crossFitKinds}, else ${DEFAULT_VALIDATION_SPLIT})
  --no-early-stopping    run every epoch and keep the last (default: stop when the validation loss after
                         temperature scaling has not improved for --patience epochs, keep the best epoch)
  --class-weights MODE   auto (default: on when classes are imbalanced), on or off
  --max-classes N        refuse a label column with more distinct values (default ${DEFAULT_MAX_CLASSES})
  --max-memory-mb N      the run's memory budget (default 512, or less when the machine has less): past it,
                         or from a 16 MB file on, the fast model streams the file from disk every epoch and
                         caps its dictionary
  --stream, --no-stream  the fast model: always stream the file, or always hold it (default: as above)
  --out DIR              model folder (default: models/<data name>-<model>)
  --json                 print one JSON object instead of the report
${modelOptionsHelp()}
`;

const FLAGS = {
  test: { type: 'string' },
  'test-size': { type: 'string' },
  text: { type: 'string' },
  label: { type: 'string' },
  encoding: { type: 'string' },
  model: { type: 'string' },
  seed: { type: 'string' },
  'validation-split': { type: 'string' },
  'early-stopping': { type: 'boolean' },
  'no-early-stopping': { type: 'boolean' },
  'class-weights': { type: 'string' },
  'max-classes': { type: 'string' },
  'max-memory-mb': { type: 'string' },
  stream: { type: 'boolean' },
  'no-stream': { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  ...Object.fromEntries(MODEL_OPTIONS.map((o) => [flagName(o), { type: 'string' } as const])),
} as const;

/** A model option's flag value, checked by the registry's rule and the flag's bounds. */
function modelFlag(option: ModelOption, value: string | undefined): number | undefined {
  const rule = OPTION_RULES[option];
  const flag = MODEL_FLAGS[option];
  const name = flagName(option);
  if (rule === 'rate') return rateFlag(value, name);
  if (rule === 'positive') return numberFlag(value, name, flag.min, flag.max);
  return numberFlag(value, name, rule.whole, flag.max, true);
}

/** The training options `argv` asks for (undefined after printing --help); a UsageError for anything wrong. */
export function parseTrainArgs(argv: string[]): { options: TrainOptions; json: boolean } | undefined {
  const args = parse(argv, FLAGS, HELP);
  if (!args) return undefined;
  const { positionals } = args;
  const v = args.values;
  // The model options' flags are built from the registry, so their names are only strings to the compiler.
  const given = (option: ModelOption): string | undefined => (v as Record<string, string | undefined>)[flagName(option)];
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing DATA.csv' : `one data file expected, got ${positionals.length}`);
  if (v.test !== undefined && v['test-size'] !== undefined) throw new UsageError('--test and --test-size are exclusive');
  const model = v.model ?? DEFAULT_MODEL_KIND;
  if (!isModelKind(model)) throw new UsageError(`--model must be ${listAnd(MODEL_KINDS, 'or')}, got "${v.model}"`);
  for (const [option, kinds] of Object.entries(MODEL_SPECIFIC) as [ModelOption, readonly ModelKind[]][]) {
    if (given(option) !== undefined && !kinds.includes(model)) {
      throw new UsageError(`--${flagName(option)} applies to ${listKinds(kinds)} only, and this run trains ${model}${v.model === undefined ? ' (the default; choose another with --model)' : ''}`);
    }
  }
  if (v.out !== undefined && v.out.trim() === '') throw new UsageError('--out must name a folder, got an empty string');
  if (v['early-stopping'] && v['no-early-stopping']) throw new UsageError('--early-stopping and --no-early-stopping are exclusive');
  if (v.stream && v['no-stream']) throw new UsageError('--stream and --no-stream are exclusive');
  if ((v.stream || v['no-stream']) && model !== 'fast') throw new UsageError(`--${v.stream ? 'stream' : 'no-stream'} applies to fast only, and this run trains ${model}`);
  const classWeights = v['class-weights'] ?? 'auto';
  if (!['auto', 'on', 'off'].includes(classWeights)) throw new UsageError(`--class-weights must be auto, on or off, got "${classWeights}"`);
  const data = positionals[0];
  const options: TrainOptions = {
    data,
    test: v.test,
    testSize: numberFlag(v['test-size'], 'test-size', 0.01, 0.99),
    textColumn: v.text,
    labelColumn: v.label,
    encoding: encodingFlag(v.encoding),
    model,
    seed: numberFlag(v.seed, 'seed', 0, 2 ** 32 - 1, true),
    validationSplit: numberFlag(v['validation-split'], 'validation-split', 0, 0.9),
    // --early-stopping is the default; the flag stays accepted for scripts written before it was.
    earlyStopping: v['no-early-stopping'] ? false : v['early-stopping'],
    maxClasses: numberFlag(v['max-classes'], 'max-classes', 2, 1_000_000, true),
    maxMemoryMb: numberFlag(v['max-memory-mb'], 'max-memory-mb', 64, 1_048_576, true),
    stream: v.stream ? true : v['no-stream'] ? false : undefined,
    classWeights: classWeights as TrainOptions['classWeights'],
    out: v.out ?? path.join('models', `${path.basename(data).replace(/\.[^.]*$/, '')}-${model}`),
  };
  for (const option of MODEL_OPTIONS) options[option] = modelFlag(option, given(option));
  for (const [a, b] of MODEL_REGISTRY[model].atMost ?? []) {
    const limit = options[b] ?? MODEL_REGISTRY[model].defaults[b]!;
    if (options[a] !== undefined && options[a] > limit) {
      throw new UsageError(`--${flagName(a)} (${options[a]}) cannot exceed --${flagName(b)} (${limit}${options[b] === undefined ? ', the default' : ''})`);
    }
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
    // On stderr, the one place for them whatever the output (JSON carries them too).
    printWarnings(result.warnings);
    const r = result.report;
    if (json) {
      const summary = {
        model: result.model,
        backend: result.backend,
        trainRows: result.trainRows,
        validation: result.validation.strategy,
        validationRows: result.validationRows,
        testRows: result.testRows,
        trainSeconds: result.trainSeconds,
        ...reportJson(r),
        ...reliabilityJson(result.reliability),
        temperature: result.calibration.temperature,
        bestEpoch: result.fit.bestEpoch,
        epochsRun: result.fit.epochsRun,
        stopReason: result.fit.stopReason,
        ...(result.fit.foldBestEpochs ? { foldBestEpochs: result.fit.foldBestEpochs } : {}),
        warnings: result.warnings.map((w) => formatCoreText(w)),
        skippedRows: result.skippedRows,
        out: result.out,
      };
      writeOut(jsonLine(summary));
    } else {
      writeOut(
        `Trained ${result.model} (${result.backend}) in ${result.trainSeconds.toFixed(1)} s` +
          (result.skippedRows ? ` (${result.skippedRows} rows with an empty text or label skipped)` : '') +
          `: ${rowsText(result)}.\nReport on ${result.testRows} test rows:\n\n${reportTables(r)}\n${formatReliability(result.reliability)}` +
          `Saved to ${escapeControl(result.out)}\n`,
      );
    }
    return EXIT.ok;
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
  }
}
