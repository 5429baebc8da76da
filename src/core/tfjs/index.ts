// The TensorFlow.js half of the engine: train the article's LSTM or the CNN, load a saved one, name the
// backend. Loaded lazily (core/classifier.ts loadTfjsModule), so the fast model never pays for TensorFlow.js.
import type { TrainOptions, TrainProgress } from '../../engine/protocol';
import { initBackend } from '../backend';
import type { Classifier } from '../classifier';
import { tokenize, Vocabulary } from '../text';
import { fit, type SequenceData } from './fit';
import { ARCHITECTURE_DEFAULTS, buildModel, type Architecture, type TfKind } from './models';
import { TfClassifier, loadTfClassifier } from './tfClassifier';
import { encodeTexts } from './batches';

/** Numbers of the architectures that TrainOptions does not (yet) name; read from the options when present. */
export interface TfArchitectureOptions {
  units?: number;
  dropout?: number;
  recurrentDropout?: number;
  filters?: number;
  kernelSize?: number;
  /** Vocabulary cap, padding and OOV included (Keras Tokenizer num_words). */
  maxWords?: number;
}

export const TF_TRAIN_DEFAULTS = {
  epochs: 10,
  batchSize: 32,
  seed: 42,
  learningRate: 0.001,
  patience: 2,
  maxWords: 10_000,
} as const;

export interface TrainTfInput {
  kind: TfKind;
  train: { texts: string[]; y: number[] };
  validation?: { texts: string[]; y: number[] };
  labels: string[];
  options: TrainOptions & TfArchitectureOptions;
  classWeights?: number[];
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
}

function rate(name: string, value: number): number {
  if (!(value >= 0 && value < 1)) throw new RangeError(`${name} must be in [0, 1), got ${value}`);
  return value;
}

export async function trainTfModel(input: TrainTfInput): Promise<Classifier> {
  const { kind, labels, options, onProgress, signal } = input;
  if (labels.length < 2) throw new Error('Training needs at least two labels.');
  if (input.train.texts.length === 0) throw new Error('Training needs at least one row.');
  const d = ARCHITECTURE_DEFAULTS;
  const maxLength = positiveInt('maxLength', options.maxLength ?? d.maxLength);
  const maxWords = positiveInt('maxWords', options.maxWords ?? TF_TRAIN_DEFAULTS.maxWords);
  const seed = options.seed ?? TF_TRAIN_DEFAULTS.seed;

  const { tf } = await initBackend();
  onProgress({ phase: 'tokenising' });
  const tokenLists = input.train.texts.map(tokenize);
  const vocab = Vocabulary.fit(tokenLists, Math.max(2, maxWords));
  const train: SequenceData = {
    seqs: tokenLists.map((tokens) => {
      const ids = vocab.encode(tokens);
      return ids.length > maxLength ? ids.slice(ids.length - maxLength) : ids;
    }),
    y: input.train.y,
  };
  const validation: SequenceData | undefined = input.validation && {
    seqs: encodeTexts(input.validation.texts, vocab, maxLength),
    y: input.validation.y,
  };

  const arch: Architecture = {
    kind,
    vocabSize: vocab.size,
    classes: labels.length,
    maxLength,
    embeddingDim: positiveInt('embeddingDim', options.embeddingDim ?? d.embeddingDim),
    units: positiveInt('units', options.units ?? d.units),
    dropout: rate('dropout', options.dropout ?? d.dropout),
    recurrentDropout: rate('recurrentDropout', options.recurrentDropout ?? d.recurrentDropout),
    filters: positiveInt('filters', options.filters ?? d.filters),
    kernelSize: positiveInt('kernelSize', options.kernelSize ?? d.kernelSize),
  };
  if (kind === 'cnn' && arch.kernelSize > maxLength) {
    throw new RangeError(`kernelSize (${arch.kernelSize}) cannot exceed maxLength (${maxLength})`);
  }
  const model = buildModel(tf, arch, seed);
  try {
    await fit(
      tf,
      model,
      arch,
      train,
      validation,
      {
        epochs: positiveInt('epochs', options.epochs ?? TF_TRAIN_DEFAULTS.epochs),
        batchSize: positiveInt('batchSize', options.batchSize ?? TF_TRAIN_DEFAULTS.batchSize),
        learningRate: options.learningRate ?? TF_TRAIN_DEFAULTS.learningRate,
        earlyStopping: options.earlyStopping ?? false,
        patience: positiveInt('patience', options.patience ?? TF_TRAIN_DEFAULTS.patience),
        seed,
        classWeights: input.classWeights,
      },
      { onProgress, signal },
    );
  } catch (error) {
    model.dispose();
    throw error;
  }
  return new TfClassifier(tf, model, vocab, arch, labels);
}

export async function loadTfModel(dir: string, meta: Record<string, unknown>): Promise<Classifier> {
  const { tf } = await initBackend();
  return loadTfClassifier(tf, dir, meta);
}

/** The backend TensorFlow.js runs on here: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
export async function backendName(): Promise<string> {
  return (await initBackend()).name;
}
