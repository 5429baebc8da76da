// The typed messages between the extension host (engine/client.ts) and the background worker (engine/worker.ts).
// Both sides import this file; nothing else crosses the boundary.

export type ModelKind = 'fast' | 'lstm' | 'cnn';

export interface TrainOptions {
  /** Labelled CSV to train on. */
  data: string;
  /** Separate test CSV; when absent, a stratified split of `data` of size `testSize`. */
  test?: string;
  testSize?: number;
  textColumn?: string;
  labelColumn?: string;
  model?: ModelKind;
  /** Default depends on the model: fast 2–10 by file size (see core/fast/train.ts); lstm/cnn 10. */
  epochs?: number;
  /** lstm/cnn: rows per adam step (default 32). */
  batchSize?: number;
  /** lstm/cnn: tokens per text, the beginning of a longer one dropped (Keras pad_sequences 'pre'; default 100). */
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
  /** Embedding size (fast default 8; lstm/cnn default 32). */
  embeddingDim?: number;
  /** lstm/cnn: vocabulary cap, padding and out-of-vocabulary ids included (Keras Tokenizer num_words; default 10,000). */
  maxWords?: number;
  /** lstm: LSTM units (default 64). */
  units?: number;
  /** lstm: dropout rate on the LSTM's inputs, in [0, 1) (default 0.2). */
  dropout?: number;
  /** lstm: dropout rate on the LSTM's recurrent state, in [0, 1) (default 0.2). */
  recurrentDropout?: number;
  /** cnn: Conv1D filters (default 128). */
  filters?: number;
  /** cnn: Conv1D kernel width in tokens, at most maxLength (default 5). */
  kernelSize?: number;
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

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  labels: string[];
  perClass: ClassMetrics[];
  accuracy: number;
  macro: Omit<ClassMetrics, 'label'>;
  weighted: Omit<ClassMetrics, 'label'>;
  /** confusion[i][j]: rows of true label i predicted as label j. */
  confusion: number[][];
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

export interface Prediction {
  label: string;
  confidence: number;
  /** In the order of the model's labels. */
  probabilities: number[];
}

export interface TokenContribution {
  token: string;
  /** Signed push towards the predicted label. */
  weight: number;
}

export interface EngineErrorInfo {
  message: string;
  file?: string;
  line?: number;
  code?: string;
}

export type HostToWorker =
  | { type: 'train'; id: number; options: TrainOptions }
  | { type: 'cancel'; id: number }
  | { type: 'score'; id: number; modelDir: string; texts: string[]; explain?: boolean }
  | { type: 'evaluate'; id: number; modelDir: string; data: string };

export type WorkerToHost =
  | { type: 'ready'; backend?: string }
  | { type: 'progress'; id: number; progress: TrainProgress }
  | { type: 'trained'; id: number; result: TrainResult }
  /**
   * Probabilities packed row-major (texts × labels) in a transferred buffer: structured-cloning one
   * Prediction object per line cost the host a third of the scoring time on batches of 2,000 lines.
   */
  | { type: 'scored'; id: number; labels: readonly string[]; probabilities: Float32Array; explanations?: TokenContribution[][] }
  | { type: 'evaluated'; id: number; report: Report }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; error: EngineErrorInfo };

// The packed probabilities of 'scored', both ways.

/** One Prediction per text as the probabilities, row-major texts × labels, of a 'scored' message. */
export function packProbabilities(predictions: readonly Prediction[], classes: number): Float32Array {
  const out = new Float32Array(predictions.length * classes);
  predictions.forEach((p, i) => out.set(p.probabilities, i * classes));
  return out;
}

/** Packed probabilities (texts × labels, row-major) as one Prediction per text (its label: the most probable). */
export function unpackPredictions(labels: readonly string[], probabilities: Float32Array): Prediction[] {
  const k = labels.length;
  const n = k === 0 ? 0 : probabilities.length / k;
  const out: Prediction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p: number[] = new Array(k);
    let best = 0;
    for (let c = 0; c < k; c++) {
      p[c] = probabilities[i * k + c];
      if (p[c] > p[best]) best = c;
    }
    out[i] = { label: labels[best], confidence: p[best], probabilities: p };
  }
  return out;
}
