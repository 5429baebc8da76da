import * as assert from 'node:assert/strict';
import { pairedBootstrap } from '../../../../bench/train/pairedBootstrap';
import { mulberry32 } from '../../../../src/core/split';

const LABELS = ['negative', 'positive'];

/** Packed probabilities of a model that gives `confidence` to the right class on the rows `right`, else to the wrong one. */
function model(y: number[], right: (i: number) => boolean, confidence: number): Float32Array {
  const p = new Float32Array(y.length * 2);
  y.forEach((label, i) => {
    const predicted = right(i) ? label : 1 - label;
    p[i * 2 + predicted] = confidence;
    p[i * 2 + 1 - predicted] = 1 - confidence;
  });
  return p;
}

describe('bench: paired bootstrap of two models on one test set', () => {
  const random = mulberry32(3);
  const y = Array.from({ length: 400 }, () => (random() < 0.5 ? 0 : 1));

  it('finds no difference between a model and itself', () => {
    const a = model(y, (i) => i % 5 !== 0, 0.9);
    const d = pairedBootstrap(a, a, LABELS, y, 200);
    assert.deepEqual(d.ece, { observed: 0, low: 0, high: 0 });
    assert.deepEqual(d.macroF1, { observed: 0, low: 0, high: 0 });
  });

  it('gives the observed differences and intervals that hold them, excluding 0 for a clear difference', () => {
    // a: right on 90% at confidence 0.9 (calibrated, ECE 0); b: right on 70% at confidence 0.99 (ECE 0.29).
    const a = model(y, (i) => i % 10 !== 0, 0.9);
    const b = model(y, (i) => i % 10 > 2, 0.99);
    const d = pairedBootstrap(a, b, LABELS, y, 500);
    assert.ok(Math.abs(d.ece.observed - (0 - 0.29)) < 1e-6, `ECE difference ${d.ece.observed}`);
    assert.ok(d.ece.low <= d.ece.observed && d.ece.observed <= d.ece.high);
    assert.ok(d.ece.high < 0, `ECE interval [${d.ece.low}, ${d.ece.high}] should exclude 0`);
    assert.ok(d.macroF1.observed > 0.15 && d.macroF1.low > 0, `macro-F1 ${JSON.stringify(d.macroF1)}`);
    // The same seed, the same resamples.
    assert.deepEqual(pairedBootstrap(a, b, LABELS, y, 500), d);
  });
});
