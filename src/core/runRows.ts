// Which rows of the data a run trains on, validates on and tests on. One place, because two need it: the
// training (core/train.ts) and the export of a run to Keras or fastText (core/keras/export.ts), which must
// hold out exactly the rows the run held out.
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
  const trainY = trainRows.map((i) => data.y[i]);
  const small = findTooSmallClass(trainY, data.labels.length);
  if (small) {
    throw new DataError('too-few-rows', data.file, `The label "${data.labels[small.classIndex]}" has too few training rows (${small.count}) for a validation split: at least 2 of every label are needed.`);
  }
  const v = stratifiedSplit(trainY, data.labels.length, validationSplit, seed + 1);
  return { fit: v.train.map((i) => trainRows[i]), validation: v.test.map((i) => trainRows[i]) };
}
