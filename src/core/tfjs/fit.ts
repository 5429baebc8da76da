// The training loop for the TensorFlow.js models: adam on (class-weighted) categorical cross-entropy over
// length-bucketed batches, early stopping on validation loss with the best weights restored, seeded
// throughout. Written out rather than LayersModel.fit so that batches can differ in length, dropout sees
// `training`, and a cancel lands between two batches.
import type { LayersModel, Tensor, Tensor1D } from '@tensorflow/tfjs';
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

export interface FitSummary {
  epochsRun: number;
  /** The epoch whose weights the model ends with (the best one under early stopping). */
  bestEpoch: number;
  /** Training samples per second over the whole fit, for benchmarks and the log. */
  samplesPerSecond: number;
}

const EPSILON = 1e-7;
const PROGRESS_INTERVAL_MS = 100;

/** The error a cancelled fit throws: name AbortError, code 'cancelled' (what the engine reports). */
export class CancelledError extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('Training was cancelled.');
    this.name = 'AbortError';
  }
}

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
  const useEarlyStopping = options.earlyStopping && validation !== undefined && validation.y.length > 0;
  let best: { loss: number; epoch: number; weights: Float32Array[] } | undefined;
  let sinceBest = 0;
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
        // Let the worker's message loop run (a cancel arrives as a message), then honour it.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (hooks.signal.aborted) throw new CancelledError();
        const rows = batches[b];
        const step = trainStep(tf, model, arch, optimizer, train, rows, weights);
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
      if (validation && validation.y.length > 0) {
        const v = evaluate(tf, model, arch, validation, batchSize);
        end.valLoss = v.loss;
        end.valAccuracy = v.accuracy;
      }
      hooks.onProgress(end);
      if (useEarlyStopping) {
        if (!best || end.valLoss! < best.loss) {
          best = { loss: end.valLoss!, epoch, weights: model.weights.map((w) => (w.read().dataSync() as Float32Array).slice()) };
          sinceBest = 0;
        } else if (++sinceBest >= options.patience) {
          break;
        }
      }
    }
    if (best && best.epoch !== epochsRun) {
      const snapshot = best.weights;
      tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(snapshot[i], w.shape as number[]))));
    }
    const seconds = (performance.now() - started) / 1000;
    return { epochsRun, bestEpoch: best?.epoch ?? epochsRun, samplesPerSecond: samples / seconds };
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

/** Unweighted loss and accuracy over `data`, without dropout. */
export function evaluate(tf: TF, model: LayersModel, arch: Architecture, data: SequenceData, batchSize: number): { loss: number; accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  for (const rows of lengthSortedChunks(data.seqs.map((s) => s.length), Math.max(batchSize, 64))) {
    const length = batchLength(arch, data.seqs[rows[rows.length - 1]].length);
    tf.tidy(() => {
      const ids = tf.tensor2d(padRows(data.seqs, rows, length), [rows.length, length], 'int32');
      const y = tf.tensor1d(rows.map((r) => data.y[r]), 'int32');
      const probs = forward(model, ids, false);
      lossSum += crossEntropy(tf, probs, y, arch.classes, null).dataSync()[0] * rows.length;
      correct += tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), y), 'int32')).dataSync()[0];
    });
  }
  return { loss: lossSum / data.y.length, accuracy: correct / data.y.length };
}
