import * as assert from 'node:assert/strict';
import { calibrationReport, fitTemperature, logProbabilities, nllAt, softmaxWithTemperature, withTemperature } from '../../../src/core/calibration';
import { mulberry32 } from '../../../src/core/split';

const close = (actual: number, expected: number, tolerance = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

/** n rows of k-class logits z ~ N(0, spread²) per class, and labels drawn from softmax(z): a calibrated model's view. */
function calibratedSample(n: number, k: number, spread: number, seed: number): { logits: Float64Array; y: number[] } {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const logits = new Float64Array(n * k);
  const y: number[] = [];
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) logits[i * k + c] = spread * normal();
    softmaxWithTemperature(logits.subarray(i * k, (i + 1) * k), k, 1, p);
    let u = random();
    let c = 0;
    while (c < k - 1 && u >= p[c]) u -= p[c++];
    y.push(c);
  }
  return { logits, y };
}

describe('calibration', () => {
  it('computes ECE, NLL and Brier of a hand-computed example', () => {
    // conf / right: 0.9 ✓ (bin 9), 0.8 ✗ (bin 8), 0.7 ✓ (bin 7), 0.65 ✗ (bin 6), 0.95 ✓ (bin 9).
    // ECE = 2/5·|1 − 0.925| + 1/5·0.8 + 1/5·0.3 + 1/5·0.65 = 0.03 + 0.16 + 0.06 + 0.13 = 0.38.
    const probs = [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.35, 0.65, 0.05, 0.95];
    const y = [0, 1, 1, 0, 1];
    const r = calibrationReport(probs, 2, y);
    close(r.ece, 0.38, 1e-12);
    close(r.nll, -(Math.log(0.9) + Math.log(0.2) + Math.log(0.7) + Math.log(0.35) + Math.log(0.95)) / 5);
    // Brier per row: 0.02, 1.28, 0.18, 0.845, 0.005.
    close(r.brier, 2.33 / 5, 1e-12);
    assert.equal(r.rows, 5);
    assert.deepEqual(
      r.bins.map((b) => b.count),
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 2],
    );
    close(r.bins[9].confidence, 0.925);
    assert.equal(r.bins[9].accuracy, 1);
    assert.equal(r.bins[8].accuracy, 0);
    assert.deepEqual([r.bins[0].lower, r.bins[9].upper], [0, 1]);
    // A confidence of exactly 1 falls in the last bin.
    assert.equal(calibrationReport([1, 0], 2, [0]).bins[9].count, 1);
    assert.throws(() => calibrationReport([0.5, 0.5], 2, [0, 1]), RangeError);
  });

  it('temperature scaling lowers the NLL of a synthetic overconfident model, and finds its factor', () => {
    const { logits, y } = calibratedSample(4000, 3, 1.5, 1);
    const overconfident = logits.map((z) => 4 * z);
    const t = fitTemperature(overconfident, 3, y);
    assert.ok(t > 3.4 && t < 4.6, `T = ${t} (the logits were multiplied by 4)`);
    const before = nllAt(overconfident, 3, y, 1);
    const after = nllAt(overconfident, 3, y, t);
    assert.ok(after < before * 0.75, `NLL ${before} → ${after}`);
    // The ECE of the scaled probabilities drops too.
    const p = (temperature: number): Float64Array => softmaxWithTemperature(overconfident, 3, temperature, new Float64Array(overconfident.length));
    const eceBefore = calibrationReport(p(1), 3, y).ece;
    const eceAfter = calibrationReport(p(t), 3, y).ece;
    assert.ok(eceAfter < eceBefore / 2, `ECE ${eceBefore} → ${eceAfter}`);
    // Underconfident the other way: T < 1.
    assert.ok(fitTemperature(logits.map((z) => z / 3), 3, y) < 0.45);
  });

  it('leaves a calibrated model at T ≈ 1', () => {
    const { logits, y } = calibratedSample(6000, 2, 2, 2);
    const t = fitTemperature(logits, 2, y);
    assert.ok(Math.abs(t - 1) < 0.1, `T = ${t}`);
    assert.equal(fitTemperature([], 2, []), 1);
  });

  it('scales probabilities as softmax(logits / T): p^(1/T), renormalised', () => {
    const logits = [2, 0, -1];
    const p = softmaxWithTemperature(logits, 3, 1, new Float32Array(3));
    const scaled = withTemperature(p, 3, 2);
    const expected = softmaxWithTemperature(logits, 3, 2, new Float64Array(3));
    for (let c = 0; c < 3; c++) close(scaled[c], expected[c], 1e-6);
    assert.equal(withTemperature(p, 3, 1), p, 'T = 1 is the identity');
    // log p are logits: the same temperature fits either.
    const { logits: z, y } = calibratedSample(1000, 2, 3, 3);
    const probs = softmaxWithTemperature(z.map((v) => 2 * v), 2, 1, new Float64Array(z.length));
    close(fitTemperature(logProbabilities(probs), 2, y), fitTemperature(z.map((v) => 2 * v), 2, y), 1e-4);
  });
});
