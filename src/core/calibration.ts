// Calibration: how far a model's confidences are from its accuracy, and temperature scaling, the one-scalar
// fix for it (Guo et al., 2017). Scores come packed as every model kind gives them, row-major rows × classes.
// Logits and log-probabilities are interchangeable here: softmax(log p) = p, so a model that only gives
// probabilities (lstm/cnn) is scaled as p_c^(1/T) / Σ_j p_j^(1/T), which is softmax(z / T) for its logits z.

/** Equal-width confidence bins of the reliability diagram and the ECE. */
export const CALIBRATION_BINS = 10;

/** Smallest probability taken as a log: a float32 probability underflows to 0 far below any real evidence. */
const MIN_PROBABILITY = 1e-30;

/** Temperatures searched, as ln T: from 1/50 (sharpen) to 50 (flatten) covers every model seen so far. */
const LOG_T_RANGE: readonly [number, number] = [Math.log(1 / 50), Math.log(50)];

export interface ReliabilityBin {
  /** The bin holds confidences in [lower, upper) (the last one includes 1). */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence (predicted class's probability) of its rows; 0 when empty. */
  confidence: number;
  /** Share of its rows predicted right; 0 when empty. */
  accuracy: number;
}

export interface CalibrationReport {
  /** Expected calibration error: Σ_bins (count / n) · |accuracy − confidence|. */
  ece: number;
  /** Mean negative log-likelihood of the true class. */
  nll: number;
  /** Multi-class Brier score: mean over rows of Σ_c (p_c − [y = c])², in [0, 2]. */
  brier: number;
  rows: number;
  bins: ReliabilityBin[];
}

/** Where a fitted temperature came from: a held-out share of the training rows, or out-of-fold scores of all of them. */
export type CalibrationSource = 'holdout' | 'cross-fit' | 'none';

/** What a bundle records (meta.json `calibration`); a bundle without it scores with T = 1. */
export interface Calibration {
  temperature: number;
  fittedOn: CalibrationSource;
  /** Rows the temperature was fitted on. */
  rows: number;
}

export const UNCALIBRATED: Calibration = { temperature: 1, fittedOn: 'none', rows: 0 };

/** log p of packed probabilities, the logits calibration works on (see the file comment). */
export function logProbabilities(probabilities: ArrayLike<number>): Float64Array {
  const out = new Float64Array(probabilities.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(Math.max(probabilities[i], MIN_PROBABILITY));
  return out;
}

/** softmax(logits / T) of every row, packed like the input, into `out` (which may be the input). */
export function softmaxWithTemperature<T extends Float32Array | Float64Array>(logits: ArrayLike<number>, classes: number, temperature: number, out: T): T {
  const inv = 1 / temperature;
  for (let row = 0; row < logits.length; row += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[row + c] - max) * inv);
      out[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[row + c] /= sum;
  }
  return out;
}

/** Packed probabilities at temperature T: p_c^(1/T), renormalised per row. T = 1 returns them unchanged. */
export function withTemperature(probabilities: Float32Array, classes: number, temperature: number): Float32Array {
  if (temperature === 1) return probabilities;
  return softmaxWithTemperature(logProbabilities(probabilities), classes, temperature, new Float32Array(probabilities.length));
}

/** Mean negative log-likelihood of the labels under softmax(logits / T). */
export function nllAt(logits: ArrayLike<number>, classes: number, y: ArrayLike<number>, temperature: number): number {
  const inv = 1 / temperature;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const row = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c] * inv);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c] * inv - max);
    total += max + Math.log(sum) - logits[row + y[i]] * inv;
  }
  return y.length === 0 ? 0 : total / y.length;
}

/**
 * The temperature T > 0 minimising the NLL of `y` under softmax(logits / T). The NLL is convex in 1/T, so
 * it is unimodal in ln T: a golden-section search over LOG_T_RANGE finds it to ~1e-6 in ln T. No rows: 1.
 */
export function fitTemperature(logits: ArrayLike<number>, classes: number, y: ArrayLike<number>): number {
  if (y.length === 0) return 1;
  if (logits.length !== y.length * classes) throw new RangeError(`${logits.length} scores for ${y.length} rows × ${classes} classes`);
  const f = (logT: number): number => nllAt(logits, classes, y, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [a, b] = LOG_T_RANGE;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-6) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** ECE, NLL, Brier and the reliability bins of packed `probabilities` (rows × classes) against `y`. */
export function calibrationReport(probabilities: ArrayLike<number>, classes: number, y: ArrayLike<number>): CalibrationReport {
  const n = y.length;
  if (probabilities.length !== n * classes) throw new RangeError(`${probabilities.length} probabilities for ${n} rows × ${classes} classes`);
  const count = new Array<number>(CALIBRATION_BINS).fill(0);
  const confidence = new Array<number>(CALIBRATION_BINS).fill(0);
  const correct = new Array<number>(CALIBRATION_BINS).fill(0);
  let nll = 0;
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[row + c];
      if (p > probabilities[row + best]) best = c;
      brier += (p - (c === y[i] ? 1 : 0)) ** 2;
    }
    nll -= Math.log(Math.max(probabilities[row + y[i]], MIN_PROBABILITY));
    const top = probabilities[row + best];
    const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(top * CALIBRATION_BINS));
    count[bin]++;
    confidence[bin] += top;
    if (best === y[i]) correct[bin]++;
  }
  let ece = 0;
  const bins: ReliabilityBin[] = count.map((k, b) => {
    if (k > 0) ece += Math.abs(correct[b] - confidence[b]) / n;
    return { lower: b / CALIBRATION_BINS, upper: (b + 1) / CALIBRATION_BINS, count: k, confidence: k ? confidence[b] / k : 0, accuracy: k ? correct[b] / k : 0 };
  });
  return { ece, nll: n ? nll / n : 0, brier: n ? brier / n : 0, rows: n, bins };
}
