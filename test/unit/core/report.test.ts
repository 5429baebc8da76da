import * as assert from 'node:assert/strict';
import { classificationReport, formatConfusion, formatFixed, formatReport } from '../../../src/core/report';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('classificationReport (scikit-learn semantics)', () => {
  // Hand-computed: y_true = a a b b b c c, y_pred = a b b b a a b — class c is never predicted.
  const labels = ['a', 'b', 'c'];
  const yTrue = [0, 0, 1, 1, 1, 2, 2];
  const yPred = [0, 1, 1, 1, 0, 0, 1];
  const r = classificationReport(labels, yTrue, yPred);

  it('computes per-class precision, recall, F1 and support', () => {
    assert.deepEqual(r.perClass.map((m) => m.label), ['a', 'b', 'c']);
    close(r.perClass[0].precision, 1 / 3);
    close(r.perClass[0].recall, 1 / 2);
    close(r.perClass[0].f1, 0.4);
    close(r.perClass[1].precision, 1 / 2);
    close(r.perClass[1].recall, 2 / 3);
    close(r.perClass[1].f1, 4 / 7);
    assert.deepEqual(r.perClass.map((m) => m.support), [2, 3, 2]);
  });

  it('gives a never-predicted class precision 0 (zero_division=0), recall 0 and F1 0', () => {
    assert.equal(r.perClass[2].precision, 0);
    assert.equal(r.perClass[2].recall, 0);
    assert.equal(r.perClass[2].f1, 0);
  });

  it('computes accuracy, macro and support-weighted averages', () => {
    close(r.accuracy, 3 / 7);
    close(r.macro.precision, 5 / 18);
    close(r.macro.recall, 7 / 18);
    close(r.macro.f1, (0.4 + 4 / 7) / 3);
    close(r.weighted.precision, 13 / 42);
    close(r.weighted.recall, 3 / 7);
    close(r.weighted.f1, (2 * 0.4 + 3 * (4 / 7)) / 7);
    assert.equal(r.macro.support, 7);
    assert.equal(r.weighted.support, 7);
  });

  it('builds the confusion matrix with true labels as rows', () => {
    assert.deepEqual(r.confusion, [
      [1, 1, 0],
      [1, 2, 0],
      [1, 1, 0],
    ]);
  });

  it('leaves out of the averages a label absent from both y_true and y_pred, as sklearn does', () => {
    const r2 = classificationReport(['x', 'y', 'z'], [0, 0, 1], [0, 1, 1]);
    assert.deepEqual(r2.perClass.map((m) => m.label), ['x', 'y']);
    close(r2.macro.recall, (1 / 2 + 1) / 2);
    assert.deepEqual(r2.confusion[2], [0, 0, 0]);
  });

  it('prints the table exactly as sklearn does', () => {
    assert.equal(
      formatReport(r),
      [
        '              precision    recall  f1-score   support',
        '',
        '           a       0.33      0.50      0.40         2',
        '           b       0.50      0.67      0.57         3',
        '           c       0.00      0.00      0.00         2',
        '',
        '    accuracy                           0.43         7',
        '   macro avg       0.28      0.39      0.32         7',
        'weighted avg       0.31      0.43      0.36         7',
        '',
      ].join('\n'),
    );
  });

  it('widens the name column for long labels, counting Chinese characters as Python does', () => {
    // 13 characters (26 UTF-16 units would be wrong, 39 UTF-8 bytes too): the column is 13 wide.
    const text = formatReport(classificationReport(['非常满意的正面评价非常满意', 'neg'], [0, 1], [0, 1]));
    assert.match(text, /^ {15}precision/);
    assert.match(text, /\n非常满意的正面评价非常满意 {7}1\.00/);
    assert.match(text, /\n {10}neg {7}1\.00/);
  });

  it('rounds exact ties to even like Python format()', () => {
    assert.equal(formatFixed(0.125, 2), '0.12');
    assert.equal(formatFixed(0.375, 2), '0.38');
    assert.equal(formatFixed(0.625, 2), '0.62');
    assert.equal(formatFixed(2 / 3, 2), '0.67');
    assert.equal(formatFixed(0.285, 2), (0.285).toFixed(2)); // not an exact tie in binary
  });

  it('prints the confusion matrix', () => {
    assert.equal(formatConfusion(r).split('\n')[2].trim().split(/\s+/).join(' '), 'b 1 2 0');
  });
});
