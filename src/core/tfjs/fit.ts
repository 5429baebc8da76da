// The training loop for the TensorFlow.js models: adam on (class-weighted) categorical cross-entropy over
// length-bucketed batches, early stopping on the calibrated validation loss (core/earlyStopping.ts, shared
// with the fast model) with the best weights restored, seeded throughout. Written out rather than LayersModel.fit so that batches can differ in length, dropout sees
// `training`, and a cancel lands between two batches.
import type { LayersModel, Tensor, Tensor1D } from '@tensorflow/tfjs';
import { logProbabilities } from '../calibration';
import { assertTrainingFinite } from '../divergence';
import { EarlyStopping, type FitOutcome } from '../earlyStopping';
import { cancelPoint } from '../timeSlices';
import type { TrainProgress } from '../trainTypes';
import type { TF } from './tf';
import { bucketedBatches, lengthSortedChunks, padRows } from './batches';
import { batchLength, forward, type Architecture } from './networks';
import { Random } from './random';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  earlyStopping: boolean;
  patience: number;
  seed: number;
  /** Per-class loss weights, in label order. */
  classWeights?: number[];
}

export interface SequenceData {
  /** Token ids per row, already truncated to maxLength. */
  seqs: number[][];
  y: number[];
}

export interface FitHooks {
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
}

export interface FitSummary extends FitOutcome {
  /** Training samples per second over the whole fit, for benchmarks and the log. */
  samplesPerSecond: number;
}

const EPSILON = 1e-7;
const PROGRESS_INTERVAL_MS = 100;

/** Mean (or class-weighted) categorical cross-entropy of softmax outputs, as Keras computes it. */
function crossEntropy(tf: TF, probs: Tensor, y: Tensor1D, classes: number, weights: Tensor1D | null): Tensor {
  const picked = tf.sum(tf.mul(probs, tf.oneHot(y, classes)), 1);
  const losses = tf.neg(tf.log(tf.clipByValue(picked, EPSILON, 1 - EPSILON)));
  if (!weights) return tf.mean(losses);
  return tf.div(tf.sum(tf.mul(losses, tf.gather(weights, y))), y.shape[0]);
}

export async function fit(
  tf: TF,
  model: LayersModel,
  arch: Architecture,
  train: SequenceData,
  validation: SequenceData | undefined,
  options: FitOptions,
  hooks: FitHooks,
): Promise<FitSummary> {
  const { epochs, batchSize } = options;
  const random = new Random(options.seed ^ 0x5eed5eed);
  const optimizer = tf.train.adam(options.learningRate);
  const weights = options.classWeights ? tf.tensor1d(options.classWeights) : null;
  const lengths = train.seqs.map((s) => s.length);
  const validationRows = validation && validation.y.length > 0 ? validation : undefined;
  const stopping = new EarlyStopping({ patience: options.patience, enabled: options.earlyStopping });
  let best: Float32Array[] | undefined;
  let epochsRun = 0;
  let samples = 0;
  const started = performance.now();
  let lastProgress = 0;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const batches = bucketedBatches(lengths, batchSize, random);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batches.length; b++) {
        await cancelPoint(hooks.signal);
        const rows = batches[b];
        const step = trainStep(tf, model, arch, optimizer, train, rows, weights);
        assertTrainingFinite(epoch, options.learningRate, step.loss);
        lossSum += step.loss * rows.length;
        correct += step.correct;
        seen += rows.length;
        samples += rows.length;
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_INTERVAL_MS || b === batches.length - 1) {
          lastProgress = now;
          hooks.onProgress({ phase: 'training', epoch, epochs, batch: b + 1, batches: batches.length, loss: lossSum / seen, accuracy: correct / seen });
        }
      }
      epochsRun = epoch;
      const end: TrainProgress = { phase: 'training', epoch, epochs, batch: batches.length, batches: batches.length, loss: lossSum / seen, accuracy: correct / seen, epochEnd: true };
      let stop = false;
      if (validationRows) {
        const v = await predictRows(tf, model, arch, validationRows, batchSize, hooks.signal);
        const verdict = stopping.observe(epoch, logProbabilities(v.probabilities), arch.classes, validationRows.y);
        end.valLoss = verdict.loss;
        end.valAccuracy = v.accuracy;
        if (verdict.improved) best = model.weights.map((w) => (w.read().dataSync() as Float32Array).slice());
        stop = verdict.stop;
      }
      hooks.onProgress(end);
      if (stop) break;
    }
    if (stopping.restores(epochsRun) && best) {
      const snapshot = best;
      tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(snapshot[i], w.shape as number[]))));
    }
    assertTrainingFinite(epochsRun, options.learningRate, 0, ...model.weights.map((w) => w.read().dataSync() as Float32Array));
    const seconds = (performance.now() - started) / 1000;
    return { ...stopping.outcome(epochsRun), samplesPerSecond: samples / seconds };
  } finally {
    weights?.dispose();
    optimizer.dispose();
  }
}

function trainStep(
  tf: TF,
  model: LayersModel,
  arch: Architecture,
  optimizer: ReturnType<TF['train']['adam']>,
  data: SequenceData,
  rows: number[],
  weights: Tensor1D | null,
): { loss: number; correct: number } {
  const longest = rows.reduce((m, r) => Math.max(m, data.seqs[r].length), 0);
  const length = batchLength(arch, longest);
  return tf.tidy(() => {
    const ids = tf.tensor2d(padRows(data.seqs, rows, length), [rows.length, length], 'int32');
    const y = tf.tensor1d(rows.map((r) => data.y[r]), 'int32');
    let correct: Tensor | undefined;
    const cost = optimizer.minimize(() => {
      const probs = forward(model, ids, true);
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), y), 'int32')));
      return crossEntropy(tf, probs, y, arch.classes, weights) as never;
    }, true)!;
    const result = { loss: cost.dataSync()[0], correct: correct!.dataSync()[0] };
    correct!.dispose(); // kept past minimize's own scope, so no tidy frees it
    return result;
  });
}

/** Class probabilities of every row of `data` (packed rows × classes, in its order) and the accuracy, without dropout. */
export async function predictRows(
  tf: TF,
  model: LayersModel,
  arch: Architecture,
  data: SequenceData,
  batchSize: number,
  signal: AbortSignal,
): Promise<{ probabilities: Float32Array; accuracy: number }> {
  const k = arch.classes;
  const probabilities = new Float32Array(data.y.length * k);
  let correct = 0;
  for (const rows of lengthSortedChunks(data.seqs.map((s) => s.length), Math.max(batchSize, 64))) {
    // The validation rows of a large file take seconds to score: a cancel is heard between chunks.
    await cancelPoint(signal);
    const length = batchLength(arch, data.seqs[rows[rows.length - 1]].length);
    const values = tf.tidy(() => forward(model, tf.tensor2d(padRows(data.seqs, rows, length), [rows.length, length], 'int32'), false).dataSync() as Float32Array);
    rows.forEach((r, i) => {
      probabilities.set(values.subarray(i * k, (i + 1) * k), r * k);
      let top = 0;
      for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + top]) top = c;
      if (top === data.y[r]) correct++;
    });
  }
  return { probabilities, accuracy: correct / Math.max(1, data.y.length) };
}
