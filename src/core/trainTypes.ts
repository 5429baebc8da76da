// The training run's own vocabulary: what it is asked (TrainOptions), what it reports while it runs
// (TrainProgress) and what it returns (TrainResult). The worker protocol and the CLI carry these as they are.
import type { Calibration, CalibrationReport } from './calibration';
import type { CoreText } from './coreText';
import type { StopReason } from './earlyStopping';
import type { ModelKind } from './modelKind';
import type { Report } from './report';

/**
 * A training run's options. Which kind reads each model option (epochs, batch size, … threads: MODEL_OPTIONS),
 * its default and its check are the registry's (core/modelKinds.ts), not repeated here.
 */
export interface TrainOptions {
  /** Labelled CSV to train on. */
  data: string;
  /**
   * A labels file of corrections (core/labelsFile.ts) merged into `data` before the split
   * (core/mergeCorrections.ts): a correction wins over the file's rows of the same text.
   */
  corrections?: string;
  /** Separate test CSV; when absent, a stratified split of `data` of size `testSize`. */
  test?: string;
  testSize?: number;
  textColumn?: string;
  labelColumn?: string;
  /** Encoding of the CSV files (a WHATWG label such as 'gb18030'); a byte-order mark overrides it. Default UTF-8. */
  encoding?: string;
  model?: ModelKind;
  epochs?: number;
  /** lstm/cnn: rows per adam step. */
  batchSize?: number;
  /** lstm/cnn: tokens per text, the beginning of a longer one dropped (Keras pad_sequences 'pre'). */
  maxLength?: number;
  seed?: number;
  /**
   * Fraction of the training rows held out for validation (early stopping, calibration, curves); 0: none.
   * Absent: the engine chooses (core/validation.ts: cross-fitting on small data, else 0.1).
   */
  validationSplit?: number;
  classWeights?: 'auto' | 'on' | 'off';
  /** Stop when the calibrated validation loss stops improving and keep the best epoch (default true). */
  earlyStopping?: boolean;
  /** Epochs without a better validation loss before early stopping gives up (best weights are restored). */
  patience?: number;
  /** Most distinct labels a training file may have (default 100): more means the wrong column. */
  maxClasses?: number;
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
  /**
   * The run's memory budget in MB (neuralLens.training.maxMemoryMb, --max-memory-mb): past it the fast model
   * streams its file and caps its dictionary (core/memoryBudget.ts planTrainingPath). Absent: 512 MB, or less
   * when the machine has less.
   */
  maxMemoryMb?: number;
  /** The fast model: stream the file once per epoch (true) or hold it (false); absent: by its size and the memory. */
  stream?: boolean;
  /** Folder the model bundle is written to (atomically: temp folder, then rename). */
  out: string;
}

export type TrainPhase = 'reading' | 'tokenising' | 'training' | 'evaluating' | 'saving';

export interface TrainProgress {
  phase: TrainPhase;
  rowsRead?: number;
  /** While reading: the share of the training file read so far (absent when its size is not known). */
  readFraction?: number;
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  loss?: number;
  accuracy?: number;
  /** Validation NLL after the temperature fitted on this epoch's validation scores: what early stopping monitors (core/earlyStopping.ts). */
  valLoss?: number;
  valAccuracy?: number;
  /** Set once per finished epoch, so a dashboard can draw curves from these alone. */
  epochEnd?: boolean;
  /** Under cross-fitting: the fold being fitted (1-based) of `folds`. */
  fold?: number;
  folds?: number;
  /** Under cross-fitting: the final fit on all training rows (after the `folds` folds). */
  refit?: boolean;
}

/** A model's report on labelled rows: scikit-learn's classification report and the calibration of its probabilities. */
export interface Evaluation {
  report: Report;
  /** ECE, NLL, Brier and the reliability bins of the (calibrated) probabilities. */
  reliability: CalibrationReport;
}

/** What a run used its training rows for (core/validation.ts decides), as the report and the dashboard say it. */
export interface ValidationFacts {
  strategy: 'cross-fit' | 'holdout' | 'none';
  /** Rows that validated: the held-out share, or under cross-fit every training row (each once, out of fold). */
  rows: number;
  folds?: number;
}

/** How the epochs of the shipped model were chosen: a fit's own early stopping, or the cross-fit folds' median. */
export interface FitFacts {
  epochsRun: number;
  /** The epoch whose weights the model ends with (1-based); under cross-fit the epochs of the refit. */
  bestEpoch: number;
  stopReason: StopReason | 'cross-fit';
  /** The calibrated validation loss of the best epoch, when one fit had validation rows. */
  validationLoss?: number;
  /** Under cross-fit: each fold's best epoch (the refit runs their median). */
  foldBestEpochs?: number[];
}

/** What a finished run says about itself; the bundle's meta.json records the same. */
export interface TrainOutcome {
  /** Rows the shipped model was fitted on. */
  trainRows: number;
  validationRows: number;
  testRows: number;
  skippedRows: number;
  trainSeconds: number;
  report: Report;
  validation: ValidationFacts;
  fit: FitFacts;
  calibration: Calibration;
  /** ECE, NLL, Brier and the reliability bins on the test rows, of the calibrated probabilities. */
  reliability: CalibrationReport;
  /**
   * Things about the data worth a second look, for the reader's language: what reading the files needed that a
   * plain file would not (csv.ts `warnings`: a "sep=" line, repeated header rows), labels that differ only by case.
   */
  warnings: CoreText[];
}

export interface TrainResult extends TrainOutcome {
  model: ModelKind;
  backend: string;
  out: string;
}
