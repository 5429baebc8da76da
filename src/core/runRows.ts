// Which rows of the data a run trains on, validates on and tests on. One place, because two need it: the
// training (core/train.ts, its validation through core/calibratedFit.ts) and the export of a run to Keras or
// fastText (core/keras/export.ts), which must hold out exactly the rows the run held out. (Whether a run holds
// validation rows out at all, or cross-fits, is core/validation.ts's plan; a cross-fit run's model is fitted
// on every training row, and its record has no validationSplit.)
import { coreText } from './coreText';
import { DataError, type LabelledData } from './csv';
import { findTooSmallClass, stratifiedSplit } from './split';

function tooFewTestRowsError(data: LabelledData, fraction: number): DataError | undefined {
  const small = findTooSmallClass(data.y, data.labels.length);
  if (!small) return undefined;
  const label = data.labels[small.classIndex];
  const firstLine = data.firstLines[small.classIndex];
  const percent = Math.round(fraction * 100);
  return new DataError(
    'too-few-rows',
    data.file,
    small.count === 1 ? coreText('tooFewTestRowsOne', label, firstLine, percent) : coreText('tooFewTestRows', label, small.count, firstLine, percent),
    firstLine || undefined,
  );
}

/** The stratified test split of `data` (row indices, ascending); a DataError when a label has fewer than 2 rows. */
export function testSplit(data: LabelledData, testSize: number, seed: number): { train: number[]; test: number[] } {
  const err = tooFewTestRowsError(data, testSize);
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
    throw new DataError('too-few-rows', file, coreText('tooFewValidationRows', labels[small.classIndex], small.count));
  }
  const v = stratifiedSplit(trainY, labels.length, validationSplit, seed + 1);
  return { fit: v.train, validation: v.test };
}
