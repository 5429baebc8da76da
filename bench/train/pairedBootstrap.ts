// How much of a difference between two models on one test set is the test set's noise: a paired bootstrap
// over its rows (both models scored on the same resampled rows), giving a percentile interval of the
// difference in ECE and in macro-F1. Run once, on the final bench's test scores; nothing is tuned on it.
import { calibrationReport } from '../../src/core/calibration';
import { classificationReport } from '../../src/core/report';
import { mulberry32 } from '../../src/core/split';

export interface Interval {
  /** The difference on the test rows as they are (a − b). */
  observed: number;
  /** The 2.5th and 97.5th percentiles of the difference over the resamples. */
  low: number;
  high: number;
}

export interface PairedDifference {
  ece: Interval;
  macroF1: Interval;
}

function predictedOf(probabilities: ArrayLike<number>, classes: number, rows: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    out.push(best);
  }
  return out;
}

/** The value at share `q` of sorted `values` (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** ECE and macro-F1 of model a minus model b (packed probabilities, rows × classes) on labels `y`, with 95% intervals. */
export function pairedBootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: readonly string[],
  y: readonly number[],
  resamples = 2000,
  seed = 7,
): PairedDifference {
  const k = labels.length;
  const n = y.length;
  const predA = predictedOf(a, k, n);
  const predB = predictedOf(b, k, n);
  const measure = (rows: readonly number[]): { ece: number; f1: number } => {
    const pick = (p: ArrayLike<number>): Float64Array => {
      const out = new Float64Array(rows.length * k);
      rows.forEach((r, i) => {
        for (let c = 0; c < k; c++) out[i * k + c] = p[r * k + c];
      });
      return out;
    };
    const ys = rows.map((r) => y[r]);
    const ece = calibrationReport(pick(a), k, ys).ece - calibrationReport(pick(b), k, ys).ece;
    const f1 =
      classificationReport(labels, ys, rows.map((r) => predA[r])).macro.f1 - classificationReport(labels, ys, rows.map((r) => predB[r])).macro.f1;
    return { ece, f1 };
  };
  const all = y.map((_, i) => i);
  const observed = measure(all);
  const random = mulberry32(seed);
  const eces: number[] = [];
  const f1s: number[] = [];
  for (let s = 0; s < resamples; s++) {
    const rows = all.map(() => Math.floor(random() * n));
    const d = measure(rows);
    eces.push(d.ece);
    f1s.push(d.f1);
  }
  eces.sort((p, q) => p - q);
  f1s.sort((p, q) => p - q);
  return {
    ece: { observed: observed.ece, low: quantile(eces, 0.025), high: quantile(eces, 0.975) },
    macroF1: { observed: observed.f1, low: quantile(f1s, 0.025), high: quantile(f1s, 0.975) },
  };
}
