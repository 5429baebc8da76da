// The numbers of the lstm and cnn models: their defaults (the article's Keras model), their checks, and which
// model kinds use which option. Pure — no TensorFlow.js, types only — so core/train.ts, the CLI and the
// architecture summary share it without loading TensorFlow.js.
//
//   lstm: Tokenizer(maxWords) → pad/truncate to maxLength → Embedding(vocab, embeddingDim)
//         → LSTM(units, dropout, recurrentDropout) → Dense(classes, softmax)
//   cnn:  … → Embedding(vocab, embeddingDim) → Conv1D(filters, kernelSize, relu) → GlobalMaxPooling1D → Dense
//   both: adam(learningRate) on categorical cross-entropy, `epochs` epochs of `batchSize` rows.
import type { ModelKind } from '../modelKind';
import type { TrainOptions } from '../trainTypes';

export type TfModelKind = Exclude<ModelKind, 'fast'>;

export const TF_DEFAULTS = {
  epochs: 10,
  batchSize: 32,
  learningRate: 0.001,
  patience: 2,
  maxWords: 10_000,
  maxLength: 100,
  embeddingDim: 32,
  units: 64,
  dropout: 0.2,
  recurrentDropout: 0.2,
  filters: 128,
  kernelSize: 5,
} as const;

/** Every number a TensorFlow.js training run uses, defaults filled in. */
export type TfSettings = { -readonly [K in keyof typeof TF_DEFAULTS]: number };

/**
 * Options that only some model kinds use; any option not listed applies to all three. The CLI refuses these
 * for the other kinds; the engine ignores them there (the editor sends its batch-size and max-length
 * settings whatever the model) and leaves them out of the bundle's record.
 */
export const MODEL_SPECIFIC: Readonly<Partial<Record<keyof TrainOptions, readonly ModelKind[]>>> = {
  batchSize: ['lstm', 'cnn'],
  maxLength: ['lstm', 'cnn'],
  maxWords: ['lstm', 'cnn'],
  units: ['lstm'],
  dropout: ['lstm'],
  recurrentDropout: ['lstm'],
  filters: ['cnn'],
  kernelSize: ['cnn'],
  threads: ['fast'],
};

/** Whether `kind` uses the option `key`. */
export function appliesTo(key: keyof TrainOptions, kind: ModelKind): boolean {
  return MODEL_SPECIFIC[key]?.includes(kind) ?? true;
}

function wholeNumber(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}

function rate(name: string, value: number): number {
  if (!(value >= 0 && value < 1)) throw new RangeError(`${name} must be in [0, 1), got ${value}`);
  return value;
}

/**
 * The settings of an lstm/cnn run: the options given, else the defaults, checked (RangeError naming the
 * option). Options the other kind uses are ignored: their entries keep the defaults.
 */
export function resolveTfSettings(kind: TfModelKind, o: Partial<TrainOptions>): TfSettings {
  const given = <K extends keyof TfSettings>(key: K): number => (appliesTo(key, kind) ? (o[key] ?? TF_DEFAULTS[key]) : TF_DEFAULTS[key]);
  const learningRate = given('learningRate');
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new RangeError(`learningRate must be a number > 0, got ${learningRate}`);
  const s: TfSettings = {
    epochs: wholeNumber('epochs', given('epochs')),
    batchSize: wholeNumber('batchSize', given('batchSize')),
    learningRate,
    patience: wholeNumber('patience', given('patience')),
    // Two ids are reserved: padding and out-of-vocabulary.
    maxWords: wholeNumber('maxWords', given('maxWords'), 2),
    maxLength: wholeNumber('maxLength', given('maxLength')),
    embeddingDim: wholeNumber('embeddingDim', given('embeddingDim')),
    units: wholeNumber('units', given('units')),
    dropout: rate('dropout', given('dropout')),
    recurrentDropout: rate('recurrentDropout', given('recurrentDropout')),
    filters: wholeNumber('filters', given('filters')),
    kernelSize: wholeNumber('kernelSize', given('kernelSize')),
  };
  if (kind === 'cnn' && s.kernelSize > s.maxLength) throw new RangeError(`kernelSize (${s.kernelSize}) cannot exceed maxLength (${s.maxLength})`);
  return s;
}

/** The settings `kind` uses (what a bundle records: an lstm's record names no filters). */
export function settingsUsedBy(kind: TfModelKind, s: TfSettings): Partial<TfSettings> {
  return Object.fromEntries(Object.entries(s).filter(([key]) => appliesTo(key as keyof TrainOptions, kind)));
}
