// The training run's own vocabulary: what it is asked (TrainOptions), what it reports while it runs
// (TrainProgress) and what it returns (TrainResult). The worker protocol and the CLI carry these as they are.
import type { ModelKind } from './modelKind';
import type { Report } from './report';

/**
 * A training run's options. Which kind reads each model option (epochs, batch size, … threads: MODEL_OPTIONS),
 * its default and its check are the registry's (core/modelKinds.ts), not repeated here.
 */
export interface TrainOptions {
  /** Labelled CSV to train on. */
  data: string;
  /** Separate test CSV; when absent, a stratified split of `data` of size `testSize`. */
  test?: string;
  testSize?: number;
  textColumn?: string;
  labelColumn?: string;
  model?: ModelKind;
  epochs?: number;
  /** lstm/cnn: rows per adam step. */
  batchSize?: number;
  /** lstm/cnn: tokens per text, the beginning of a longer one dropped (Keras pad_sequences 'pre'). */
  maxLength?: number;
  seed?: number;
  /** Fraction of the training rows held out for validation (early stopping, curves). */
  validationSplit?: number;
  classWeights?: 'auto' | 'on' | 'off';
  earlyStopping?: boolean;
  /** Epochs without a better validation loss before early stopping gives up (best weights are restored). */
  patience?: number;
  /** Initial learning rate (fast: SGD, decayed linearly to 0; lstm/cnn: adam). */
  learningRate?: number;
  /** Embedding size. */
  embeddingDim?: number;
  /** lstm/cnn: vocabulary cap, padding and out-of-vocabulary ids included (Keras Tokenizer num_words). */
  maxWords?: number;
  /** lstm: LSTM units. */
  units?: number;
  /** lstm: dropout rate on the LSTM's inputs, in [0, 1). */
  dropout?: number;
  /** lstm: dropout rate on the LSTM's recurrent state, in [0, 1). */
  recurrentDropout?: number;
  /** cnn: Conv1D filters. */
  filters?: number;
  /** cnn: Conv1D kernel width in tokens, at most maxLength. */
  kernelSize?: number;
  /**
   * Classes the caller's model was written for (a Keras model's output units); the labels of the data must
   * number exactly this many, else training stops before it starts with a DataError 'class-count'.
   */
  outputClasses?: number;
  /** Threads for the fast model's SGD (0 or absent: 2 above 8 million feature occurrences per epoch, else 1). */
  threads?: number;
  /** Folder the model bundle is written to (atomically: temp folder, then rename). */
  out: string;
}

export type TrainPhase = 'reading' | 'tokenising' | 'training' | 'evaluating' | 'saving';

export interface TrainProgress {
  phase: TrainPhase;
  rowsRead?: number;
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Set once per finished epoch, so a dashboard can draw curves from these alone. */
  epochEnd?: boolean;
}

export interface TrainResult {
  model: ModelKind;
  backend: string;
  trainRows: number;
  testRows: number;
  skippedRows: number;
  trainSeconds: number;
  report: Report;
  out: string;
}
