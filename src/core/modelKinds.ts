// The model-kind registry: for every kind, the training options it reads and their defaults, the limits
// between them, its layers in one line and the layer estimate the dashboard draws. Everything else that
// depends on the kind reads it here: option checking (core/train.ts, tfjs/options.ts), the bundle's record
// of a run, the CLI's flags and --help, the training pickers, the architecture summary.
// Light on purpose — no model code, no TensorFlow.js — because the extension host imports it. How each kind
// trains and loads is modelRuntimes.ts, a table keyed by the same ModelKind.
import type { ArchitectureFacts, LayerSummary } from './layerSummaryTypes';
import { fastLayers } from './fast/layers';
import { MODEL_KINDS, type ModelKind } from './modelKind';
import { cnnLayers, lstmLayers } from './tfjs/layers';
import type { TrainOptions } from './trainTypes';

/**
 * The numeric training options whose use and default depend on the model kind. The others (data, columns,
 * split, seed, validation, class weights, early stopping) every kind shares; core/train.ts handles them.
 */
export const MODEL_OPTIONS = [
  'epochs',
  'patience',
  'learningRate',
  'embeddingDim',
  'batchSize',
  'maxLength',
  'maxWords',
  'units',
  'dropout',
  'recurrentDropout',
  'filters',
  'kernelSize',
  'threads',
] as const satisfies ReadonlyArray<keyof TrainOptions>;

export type ModelOption = (typeof MODEL_OPTIONS)[number];

/** What a value of an option must be: a whole number ≥ `whole`, a rate in [0, 1), or a finite number > 0. */
export type OptionRule = { whole: number } | 'rate' | 'positive';

export const OPTION_RULES: Readonly<Record<ModelOption, OptionRule>> = {
  epochs: { whole: 1 },
  patience: { whole: 1 },
  learningRate: 'positive',
  embeddingDim: { whole: 1 },
  batchSize: { whole: 1 },
  maxLength: { whole: 1 },
  // Two ids are reserved: padding and out-of-vocabulary.
  maxWords: { whole: 2 },
  units: { whole: 1 },
  dropout: 'rate',
  recurrentDropout: 'rate',
  filters: { whole: 1 },
  kernelSize: { whole: 1 },
  // 0: chosen from the data size.
  threads: { whole: 0 },
};

export interface ModelKindSpec {
  /** Its layers in one line (the picker, --help). */
  layers: string;
  /** The options this kind reads, each with its default. An option listed in `auto` defaults to 0: decided from the data. */
  defaults: Readonly<Partial<Record<ModelOption, number>>>;
  /** How the data decides an option that defaults to 0, in words (--help). */
  auto?: Readonly<Partial<Record<ModelOption, string>>>;
  /**
   * Training rows up to which validation is 5-fold cross-fitting rather than a holdout (core/validation.ts):
   * six fits instead of one, so only for a kind that fits such data in about a second. Absent: always holdout.
   */
  crossFitMaxRows?: number;
  /** Pairs [a, b]: option a may not exceed option b. */
  atMost?: ReadonlyArray<readonly [ModelOption, ModelOption]>;
  /** The layer list from what a trained model records; the defaults stand in for sizes it does not. */
  estimate(facts: ArchitectureFacts): LayerSummary[];
}

// The lstm and cnn numbers are the article's Keras model (tfjs/networks.ts builds them); fast's are
// fastText's recipe as tuned in bench/train/tune.ts (cross-validation of the whole training path, early
// stopping and calibration included, on the training files only; bench/RESULTS.md).
const FAST = { epochs: 0, patience: 3, learningRate: 0.1, embeddingDim: 8, threads: 0 } as const;
const SEQUENCE = { epochs: 10, patience: 2, learningRate: 0.001, embeddingDim: 32, batchSize: 32, maxLength: 100, maxWords: 10_000 } as const;
const LSTM = { ...SEQUENCE, units: 64, dropout: 0.2, recurrentDropout: 0.2 } as const;
const CNN = { ...SEQUENCE, filters: 128, kernelSize: 5 } as const;

const REGISTRY = {
  fast: {
    layers: 'n-gram embeddings → mean → Dense(softmax)',
    defaults: FAST,
    auto: { epochs: '2–10 by file size', threads: '2 on very large files, else 1' },
    crossFitMaxRows: 3000,
    estimate: (facts) => fastLayers(facts, FAST),
  },
  lstm: {
    layers: 'Embedding → LSTM → Dense(softmax)',
    defaults: LSTM,
    estimate: (facts) => lstmLayers(facts, LSTM),
  },
  cnn: {
    layers: 'Embedding → Conv1D → GlobalMaxPooling1D → Dense(softmax)',
    defaults: CNN,
    atMost: [['kernelSize', 'maxLength']],
    estimate: (facts) => cnnLayers(facts, CNN),
  },
} as const satisfies Record<ModelKind, ModelKindSpec>;

export const MODEL_REGISTRY: Readonly<Record<ModelKind, ModelKindSpec>> = REGISTRY;

/** The defaults of one kind, typed by the options it reads. */
export type DefaultsOf<K extends ModelKind> = (typeof REGISTRY)[K]['defaults'];

export function modelDefaults<K extends ModelKind>(kind: K): DefaultsOf<K> {
  return REGISTRY[kind].defaults;
}

export function isModelOption(key: string): key is ModelOption {
  return (MODEL_OPTIONS as readonly string[]).includes(key);
}

/** Whether `kind` uses the training option `key` (every kind uses the options that are not model options). */
export function appliesTo(key: keyof TrainOptions, kind: ModelKind): boolean {
  return !isModelOption(key) || key in MODEL_REGISTRY[kind].defaults;
}

/**
 * The model options only some kinds read, with those kinds. The CLI refuses them for the others; the engine
 * ignores them there (the editor sends its batch-size and max-length settings whatever the model) and leaves
 * them out of the bundle's record.
 */
export const MODEL_SPECIFIC: Readonly<Partial<Record<ModelOption, readonly ModelKind[]>>> = Object.fromEntries(
  MODEL_OPTIONS.map((option) => [option, MODEL_KINDS.filter((kind) => appliesTo(option, kind))] as const).filter(([, kinds]) => kinds.length < MODEL_KINDS.length),
);

/** The default of `option` for `kind` when it is a fixed number; undefined when the kind does not read it or the data decides it. */
export function fixedDefault(kind: ModelKind, option: ModelOption): number | undefined {
  const spec = MODEL_REGISTRY[kind];
  return spec.auto?.[option] === undefined ? spec.defaults[option] : undefined;
}

/** `value` if it is a valid `option`, else a RangeError naming the option and its rule. */
export function checkOption(option: ModelOption, value: number): number {
  const rule = OPTION_RULES[option];
  if (rule === 'positive') {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${option} must be a number > 0, got ${value}`);
  } else if (rule === 'rate') {
    if (!(value >= 0 && value < 1)) throw new RangeError(`${option} must be in [0, 1), got ${value}`);
  } else if (!Number.isInteger(value) || value < rule.whole) {
    throw new RangeError(`${option} must be a whole number ≥ ${rule.whole}, got ${value}`);
  }
  return value;
}

/**
 * The options `kind` reads: each the value given (checked) or its default, then the limits between them
 * checked. Options of other kinds are ignored, not checked: the editor may send them whatever the model.
 */
export function resolveModelOptions<K extends ModelKind>(kind: K, given: Partial<TrainOptions>): { -readonly [O in keyof DefaultsOf<K>]: number } {
  const spec = MODEL_REGISTRY[kind];
  const out: Partial<Record<ModelOption, number>> = {};
  for (const option of MODEL_OPTIONS) {
    const fallback = spec.defaults[option];
    if (fallback === undefined) continue;
    const value = given[option];
    out[option] = value === undefined ? fallback : checkOption(option, value);
  }
  for (const [a, b] of spec.atMost ?? []) {
    if (out[a]! > out[b]!) throw new RangeError(`${a} (${out[a]}) cannot exceed ${b} (${out[b]})`);
  }
  return out as { -readonly [O in keyof DefaultsOf<K>]: number };
}

/** The resolved options as a bundle records them: what the data decides, when not given, as 'auto'. */
export function recordedOptions(kind: ModelKind, resolved: Partial<Record<ModelOption, number>>, given: Partial<TrainOptions>): Record<string, number | 'auto'> {
  const auto = MODEL_REGISTRY[kind].auto ?? {};
  return Object.fromEntries(Object.entries(resolved).map(([option, value]) => [option, auto[option as ModelOption] !== undefined && given[option as ModelOption] === undefined ? 'auto' : value]));
}
