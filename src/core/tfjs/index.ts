// The TensorFlow.js half of the engine: train the article's LSTM or the CNN, load a saved one, name the
// backend. Loaded lazily (core/tfjsLoader.ts), so the fast model never pays for TensorFlow.js.
import type { TrainOptions, TrainProgress } from '../trainTypes';
import { initBackend } from '../backend';
import type { Classifier } from '../classifier';
import type { FitOutcome } from '../earlyStopping';
import { DEFAULT_SEED } from '../split';
import { countTokens, lastTokens, Vocabulary } from '../text';
import { TimeSlicer } from '../timeSlices';
import { fit, type SequenceData } from './fit';
import { buildModel, type Architecture, type TfKind } from './networks';
import { TF_DEFAULTS, resolveTfSettings } from './options';
import { TfClassifier, loadTfClassifier } from './tfClassifier';

/** The training defaults of the lstm/cnn models (see options.ts for all of them). */
export const TF_TRAIN_DEFAULTS = {
  epochs: TF_DEFAULTS.epochs,
  batchSize: TF_DEFAULTS.batchSize,
  seed: DEFAULT_SEED,
  learningRate: TF_DEFAULTS.learningRate,
  patience: TF_DEFAULTS.patience,
  maxWords: TF_DEFAULTS.maxWords,
} as const;

export interface TrainTfInput {
  kind: TfKind;
  train: { texts: string[]; y: number[] };
  validation?: { texts: string[]; y: number[] };
  labels: string[];
  options: TrainOptions;
  classWeights?: number[];
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
}

export async function trainTfModel(input: TrainTfInput): Promise<{ classifier: Classifier; fit: FitOutcome }> {
  const { kind, labels, options, onProgress, signal } = input;
  if (labels.length < 2) throw new Error('Training needs at least two labels.');
  if (input.train.texts.length === 0) throw new Error('Training needs at least one row.');
  const settings = resolveTfSettings(kind, options);
  const { maxLength } = settings;
  const seed = options.seed ?? TF_TRAIN_DEFAULTS.seed;

  const { tf } = await initBackend();
  onProgress({ phase: 'tokenising' });
  // Each text is segmented only as far as the model reads it (its last maxLength tokens), and the vocabulary
  // is counted from those tokens, the ones the model is trained on; in slices, so a cancel is seen at once.
  const slicer = new TimeSlicer(signal);
  const tokensOf = async (texts: readonly string[], each?: (tokens: string[]) => void): Promise<string[][]> => {
    const lists: string[][] = [];
    for (const text of texts) {
      const tokens = lastTokens(text, maxLength);
      each?.(tokens);
      lists.push(tokens);
      if (slicer.due()) await slicer.pause();
    }
    return lists;
  };
  const counts = new Map<string, number>();
  const tokenLists = await tokensOf(input.train.texts, (tokens) => countTokens(counts, tokens));
  const vocab = Vocabulary.fromCounts(counts, settings.maxWords);
  const train: SequenceData = { seqs: tokenLists.map((tokens) => vocab.encode(tokens)), y: input.train.y };
  const validation: SequenceData | undefined = input.validation && {
    seqs: (await tokensOf(input.validation.texts)).map((tokens) => vocab.encode(tokens)),
    y: input.validation.y,
  };

  const arch: Architecture = {
    kind,
    vocabSize: vocab.size,
    classes: labels.length,
    maxLength,
    embeddingDim: settings.embeddingDim,
    units: settings.units,
    dropout: settings.dropout,
    recurrentDropout: settings.recurrentDropout,
    filters: settings.filters,
    kernelSize: settings.kernelSize,
  };
  const model = buildModel(tf, arch, seed);
  let outcome: FitOutcome;
  try {
    outcome = await fit(
      tf,
      model,
      arch,
      train,
      validation,
      {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        learningRate: settings.learningRate,
        earlyStopping: options.earlyStopping ?? true,
        patience: settings.patience,
        seed,
        classWeights: input.classWeights,
      },
      { onProgress, signal },
    );
  } catch (error) {
    model.dispose();
    throw error;
  }
  const { epochsRun, bestEpoch, stopReason, validationLoss } = outcome;
  return { classifier: new TfClassifier(tf, model, vocab, arch, labels), fit: { epochsRun, bestEpoch, stopReason, validationLoss } };
}

export async function loadTfModel(dir: string, meta: Record<string, unknown>): Promise<Classifier> {
  const { tf } = await initBackend();
  return loadTfClassifier(tf, dir, meta);
}

/** The backend TensorFlow.js runs on here: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
export async function backendName(): Promise<string> {
  return (await initBackend()).name;
}
