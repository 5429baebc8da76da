// Which rows of the data a run trains on, validates on and tests on. One place, because two need it: the
// training (core/train.ts, its validation through core/calibratedFit.ts) and the export of a run to Keras or
// fastText (core/keras/export.ts), which must hold out exactly the rows the run held out. (Whether a run holds
// validation rows out at all, or cross-fits, is core/validation.ts's plan; a cross-fit run's model is fitted
// on every training row, and its record has no validationSplit.)
import { DataError, type LabelledData } from './csv';
import { findTooSmallClass, stratifiedSplit } from './split';

function tooFewRowsError(data: LabelledData, what: string, fraction: number): DataError | undefined {
  const small = findTooSmallClass(data.y, data.labels.length);
  if (!small) return undefined;
  const label = data.labels[small.classIndex];
  return new DataError(
    'too-few-rows',
    data.file,
    `The label "${label}" has only ${small.count} row${small.count === 1 ? '' : 's'} (first on line ${data.firstLines[small.classIndex]}): a ${Math.round(fraction * 100)}% ${what} split needs at least 2 rows of every label. Add rows or pass a separate test file.`,
    data.firstLines[small.classIndex] || undefined,
  );
}

/** The stratified test split of `data` (row indices, ascending); a DataError when a label has fewer than 2 rows. */
export function testSplit(data: LabelledData, testSize: number, seed: number): { train: number[]; test: number[] } {
  const err = tooFewRowsError(data, 'test', testSize);
  if (err) throw err;
  return stratifiedSplit(data.y, data.labels.length, testSize, seed);
}

/**
 * The training rows `trainRows` of `data` cut into the rows the model fits and the rows it is validated on
 * (a stratified split with seed + 1, so it never repeats the test split's draw). No validation rows when
 * `validationSplit` is 0.
 */
export function validationSplitOf(data: LabelledData, trainRows: readonly number[], validationSplit: number, seed: number): { fit: number[]; validation: number[] } {
  if (!(validationSplit > 0)) return { fit: [...trainRows], validation: [] };
  const v = holdoutOf(trainRows.map((i) => data.y[i]), data.labels, validationSplit, seed, data.file);
  return { fit: v.fit.map((i) => trainRows[i]), validation: v.validation.map((i) => trainRows[i]) };
}

/**
 * The validation holdout of training rows labelled `trainY` (indices into them): a stratified split with
 * seed + 1. A DataError naming the label when one has fewer than 2 training rows.
 */
export function holdoutOf(trainY: readonly number[], labels: readonly string[], validationSplit: number, seed: number, file: string): { fit: number[]; validation: number[] } {
  const small = findTooSmallClass(trainY, labels.length);
  if (small) {
    throw new DataError('too-few-rows', file, `The label "${labels[small.classIndex]}" has too few training rows (${small.count}) for a validation split: at least 2 of every label are needed.`);
  }
  const v = stratifiedSplit(trainY, labels.length, validationSplit, seed + 1);
  return { fit: v.train, validation: v.test };
}
