// Fits a model the way core/validation.ts planned it and calibrates it: the one path every model kind takes
// between the split and the report (core/train.ts). The kind's runtime (modelRuntimes.ts) fits; this file
// decides on which rows, and fits the temperature on scores the model did not train on.
import { type Calibration, UNCALIBRATED, fitTemperature, logProbabilities } from './calibration';
import { withCalibration } from './calibratedClassifier';
import { predictPackedInBatches, type Classifier } from './classifier';
import type { ModelKind } from './modelKind';
import { MODEL_RUNTIMES, type ModelRuntime, type RuntimeTrainInput } from './modelRuntimes';
import { holdoutOf } from './runRows';
import { stratifiedFolds } from './split';
import type { FitFacts, TrainOptions, TrainProgress, ValidationFacts } from './trainTypes';
import type { ValidationPlan } from './validation';

export interface LabelledRows {
  texts: string[];
  y: number[];
}

export interface CalibratedFitInput {
  kind: ModelKind;
  plan: ValidationPlan;
  /** Every training row (validation comes out of these). */
  rows: LabelledRows;
  labels: string[];
  /** The data file, for errors. */
  file: string;
  options: TrainOptions & { seed: number; earlyStopping: boolean };
  classWeights?: number[];
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
  /** How the kind fits (default: its entry in MODEL_RUNTIMES); the tuning bench passes a variant. */
  runtime?: ModelRuntime;
}

export interface CalibratedFit {
  /** The model, its probabilities at the fitted temperature. */
  classifier: Classifier;
  backend: string;
  fit: FitFacts;
  calibration: Calibration;
  validation: ValidationFacts;
  /** Rows the shipped model was fitted on. */
  trainRows: number;
}

function pick(rows: LabelledRows, indices: readonly number[]): LabelledRows {
  return { texts: indices.map((i) => rows.texts[i]), y: indices.map((i) => rows.y[i]) };
}

/** log p of `classifier` on `texts`: the scores a temperature is fitted on (see calibration.ts). */
async function scoresOf(classifier: Classifier, texts: readonly string[], signal: AbortSignal): Promise<Float64Array> {
  return logProbabilities(await predictPackedInBatches(classifier, texts, signal));
}

/** The median of whole numbers, the lower one of the middle two for an even count. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export async function fitCalibrated(input: CalibratedFitInput): Promise<CalibratedFit> {
  const { plan } = input;
  if (plan.strategy === 'cross-fit') return crossFit(input, plan.folds);
  const runtime = input.runtime ?? MODEL_RUNTIMES[input.kind];
  const base: Omit<RuntimeTrainInput, 'train'> = {
    labels: input.labels,
    options: input.options,
    classWeights: input.classWeights,
    onProgress: input.onProgress,
    signal: input.signal,
  };
  if (plan.strategy === 'none') {
    const { classifier, backend, fit } = await runtime.train({ ...base, train: input.rows });
    return { classifier, backend, fit, calibration: UNCALIBRATED, validation: { strategy: 'none', rows: 0 }, trainRows: input.rows.y.length };
  }
  // The rows an export of this run holds out too (runRows.ts).
  const split = holdoutOf(input.rows.y, input.labels, plan.fraction, input.options.seed, input.file);
  const validation = pick(input.rows, split.validation);
  const fitted = await runtime.train({ ...base, train: pick(input.rows, split.fit), validation });
  return calibratedOnHoldout(fitted, validation, split.fit.length, input.signal);
}

/**
 * A model fitted beside a validation holdout, calibrated on it: the temperature fitted on its scores of the
 * held-out rows. The model is disposed of if that fails (or is cancelled).
 */
export async function calibratedOnHoldout(
  fitted: Pick<CalibratedFit, 'classifier' | 'backend' | 'fit'>,
  validation: LabelledRows,
  trainRows: number,
  signal: AbortSignal,
): Promise<CalibratedFit> {
  const { classifier, backend, fit } = fitted;
  try {
    signal.throwIfAborted();
    const temperature = fitTemperature(await scoresOf(classifier, validation.texts, signal), classifier.labels.length, validation.y);
    return {
      classifier: withCalibration(classifier, temperature),
      backend,
      fit,
      calibration: { temperature, fittedOn: 'holdout', rows: validation.y.length },
      validation: { strategy: 'holdout', rows: validation.y.length },
      trainRows,
    };
  } catch (e) {
    classifier.dispose?.();
    throw e;
  }
}

/**
 * K folds, each fitted with early stopping on its held-out rows at a constant learning rate; the temperature
 * fitted on all out-of-fold scores; then one fit on every row for the folds' median best epoch.
 */
async function crossFit(input: CalibratedFitInput, folds: number): Promise<CalibratedFit> {
  const { rows, labels, signal } = input;
  const runtime = input.runtime ?? MODEL_RUNTIMES[input.kind];
  const k = labels.length;
  const outOfFold = new Float64Array(rows.y.length * k);
  const bestEpochs: number[] = [];
  const assignment = stratifiedFolds(rows.y, k, folds, input.options.seed + 1);
  for (let f = 0; f < folds; f++) {
    const held = assignment[f];
    const heldSet = new Set(held);
    const trainIndices = rows.y.map((_, i) => i).filter((i) => !heldSet.has(i));
    const validation = pick(rows, held);
    const { classifier, fit } = await runtime.train({
      train: pick(rows, trainIndices),
      validation,
      labels,
      options: input.options,
      constantRate: true,
      classWeights: input.classWeights,
      onProgress: (p) => input.onProgress({ ...p, fold: f + 1, folds }),
      signal,
    });
    try {
      signal.throwIfAborted();
      const scores = await scoresOf(classifier, validation.texts, signal);
      held.forEach((row, i) => outOfFold.set(scores.subarray(i * k, (i + 1) * k), row * k));
    } finally {
      classifier.dispose?.();
    }
    bestEpochs.push(fit.bestEpoch);
  }
  const temperature = fitTemperature(outOfFold, k, rows.y);
  const epochs = median(bestEpochs);
  const { classifier, backend } = await runtime.train({
    train: rows,
    labels,
    options: { ...input.options, epochs, earlyStopping: false },
    constantRate: true,
    classWeights: input.classWeights,
    onProgress: (p) => input.onProgress({ ...p, refit: true, folds }),
    signal,
  });
  return {
    classifier: withCalibration(classifier, temperature),
    backend,
    fit: { epochsRun: epochs, bestEpoch: epochs, stopReason: 'cross-fit', foldBestEpochs: bestEpochs },
    calibration: { temperature, fittedOn: 'cross-fit', rows: rows.y.length },
    validation: { strategy: 'cross-fit', rows: rows.y.length, folds },
    trainRows: rows.y.length,
  };
}
