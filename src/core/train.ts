// One training run, the same for the worker and the CLI: read the CSV → split off the test rows (or read the
// test file) → class weights → validate, fit and calibrate (calibratedFit.ts, as validation.ts plans it; the
// kind's numbers checked and resolved first by the registry, modelKinds.ts) → evaluate the calibrated model
// on the test rows, touched only here → save the bundle atomically. Progress goes to `onProgress`; `signal`
// cancels at the next slice/batch and leaves nothing on disk.
import * as path from 'node:path';
import { calibrationReport } from './calibration';
import { fitCalibrated } from './calibratedFit';
import { predictPackedInBatches, type Classifier } from './classifier';
import { labelsDifferingByCase } from './csvLabels';
import { DEFAULT_MODEL_KIND, MODEL_KINDS, isModelKind } from './modelKind';
import { appliesTo, recordedOptions, resolveModelOptions } from './modelKinds';
import type { Evaluation, TrainOptions, TrainProgress, TrainResult } from './trainTypes';
import { coreText } from './coreText';
import { DataError, readLabelledCsv, statInputFile, type LabelledData } from './csv';
import { DEFAULT_SEED, DEFAULT_TEST_SIZE } from './split';
import { testSplit } from './runRows';
import { classificationReport } from './report';
import { checkBundleTarget, saveBundle, type BundleMeta } from './bundle';
import { boundedTestRows, TEST_ROWS_FILE } from './testRows';
import { mergeCorrections } from './mergeCorrections';
import { checkTrainingMemory } from './memoryBudget';
import { planValidation } from './validation';

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

/** Classes count as imbalanced (and get weights under 'auto') when the largest has 1.5× the rows of the smallest. */
export const IMBALANCE_RATIO = 1.5;

/**
 * Per-class loss weights n / (k · n_c) — scikit-learn's 'balanced' — or undefined when weighting is off, or
 * 'auto' and the classes are balanced enough.
 */
export function classWeightsFor(y: readonly number[], k: number, mode: 'auto' | 'on' | 'off' = 'auto'): number[] | undefined {
  if (mode === 'off') return undefined;
  const counts = new Array<number>(k).fill(0);
  for (const c of y) counts[c]++;
  const present = counts.filter((c) => c > 0);
  const largest = present.reduce((a, b) => Math.max(a, b), 0);
  const smallest = present.reduce((a, b) => Math.min(a, b), Infinity);
  if (mode === 'auto' && largest < IMBALANCE_RATIO * smallest) return undefined;
  return counts.map((c) => (c === 0 ? 1 : y.length / (k * c)));
}

function pick<T>(items: readonly T[], rows: readonly number[]): T[] {
  return rows.map((i) => items[i]);
}

function classCountError(data: LabelledData, expected: number): DataError {
  const k = data.labels.length;
  return new DataError(
    'class-count',
    data.file,
    coreText('classCount', expected, data.labelColumn, k, data.labels.join(', ')),
  );
}

/** Each row's predicted label and its calibrated probability (the confidence), in the rows' order. */
export interface ScoredRows {
  predicted: number[];
  confidence: number[];
}

/** Scores `data` in batches (a long test file neither blocks nor balloons) and reports on it. */
export async function evaluateClassifier(
  classifier: Classifier,
  data: { texts: readonly string[]; y: readonly number[] },
  signal?: AbortSignal,
): Promise<Evaluation & { scored: ScoredRows }> {
  const k = classifier.labels.length;
  const probabilities = await predictPackedInBatches(classifier, data.texts, signal);
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let row = 0; row < probabilities.length; row += k) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[row + c] > probabilities[row + best]) best = c;
    predicted.push(best);
    confidence.push(probabilities[row + best]);
  }
  return {
    report: classificationReport(classifier.labels, data.y, predicted),
    reliability: calibrationReport(probabilities, k, data.y),
    scored: { predicted, confidence },
  };
}

/**
 * The labelled rows of `file` for evaluating a saved model, mapped onto its labels. Columns: the ones named
 * in `columns`; else the model's own, and detection when the file names them differently.
 */
export function readEvaluationData(
  file: string,
  meta: Pick<BundleMeta, 'labels' | 'data'>,
  columns: { textColumn?: string; labelColumn?: string; encoding?: string } = {},
): Promise<LabelledData> {
  const named = columns.textColumn !== undefined || columns.labelColumn !== undefined;
  const read = (useModelColumns: boolean): Promise<LabelledData> =>
    readLabelledCsv(file, {
      labels: meta.labels,
      encoding: columns.encoding,
      textColumn: columns.textColumn ?? (useModelColumns ? meta.data.textColumn : undefined),
      labelColumn: columns.labelColumn ?? (useModelColumns ? meta.data.labelColumn : undefined),
    });
  return read(!named).catch((e: unknown) => {
    if (!named && e instanceof DataError && e.code === 'missing-column') return read(false);
    throw e;
  });
}

export async function runTraining(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = performance.now();
  const signal = hooks.signal ?? new AbortController().signal;
  const progress = (p: TrainProgress): void => hooks.onProgress?.(p);
  const kind = options.model ?? DEFAULT_MODEL_KIND;
  if (!isModelKind(kind)) throw new RangeError(`model must be one of ${MODEL_KINDS.join(', ')}, got "${String(kind)}"`);
  const seed = options.seed ?? DEFAULT_SEED;
  const testSize = options.testSize ?? DEFAULT_TEST_SIZE;
  // Checked before the file is read, so a bad number fails at once.
  const settings = resolveModelOptions(kind, options);
  // And so is an output that is not ours to replace (saveBundle checks again when it saves).
  await checkBundleTarget(options.out);
  // And so is the memory the data will need: a file too large for the engine is refused before it is read.
  let dataBytes = 0;
  for (const file of [options.data, options.test, options.corrections]) if (file) dataBytes += (await statInputFile(file)).size;
  checkTrainingMemory(options.data, kind, dataBytes);

  progress({ phase: 'reading', rowsRead: 0 });
  const data = await readLabelledCsv(options.data, {
    textColumn: options.textColumn,
    labelColumn: options.labelColumn,
    maxClasses: options.maxClasses,
    encoding: options.encoding,
    signal,
    onProgress: (rowsRead, readFraction) => progress({ phase: 'reading', rowsRead, readFraction }),
  });

  if (options.outputClasses !== undefined && options.outputClasses !== data.labels.length) throw classCountError(data, options.outputClasses);

  // The user's corrections, on the file's columns and labels (a label the model has no class for is refused).
  let correctionsFile: string | undefined;
  let sources: number[] | undefined;
  let correctionsRecord: Record<string, unknown> | undefined;
  if (options.corrections) {
    const c = await readLabelledCsv(options.corrections, { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: data.labels, signal });
    const merged = mergeCorrections(data, c);
    correctionsFile = path.resolve(c.file);
    Object.assign(data, { texts: merged.texts, y: merged.y, lines: merged.lines });
    sources = merged.sources;
    correctionsRecord = { sha256: c.sha256, rows: c.texts.length, replaced: merged.replaced, added: merged.added };
  }

  // What reading the files took that a plain file would not, then what the labels are worth a second look for.
  const warnings = data.warnings.map((w) => coreText('inFile', path.basename(data.file), w));
  let trainRows: number[];
  let test: { texts: string[]; y: number[]; lines: number[]; rows: number[]; files?: Array<string | undefined>; file?: string; sha256?: string };
  if (options.test) {
    const t = await readLabelledCsv(options.test, { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: data.labels, encoding: options.encoding, signal });
    warnings.push(...t.warnings.map((w) => coreText('inFile', path.basename(t.file), w)));
    trainRows = data.y.map((_, i) => i);
    test = { texts: t.texts, y: t.y, lines: t.lines, rows: t.texts.map((_, i) => i), file: t.file, sha256: t.sha256 };
  } else {
    const split = testSplit(data, testSize, seed);
    trainRows = split.train;
    test = { texts: pick(data.texts, split.test), y: pick(data.y, split.test), lines: pick(data.lines, split.test), rows: split.test };
    if (sources) test.files = split.test.map((i) => (sources[i] === 1 ? correctionsFile : undefined));
  }

  const earlyStopping = options.earlyStopping ?? true;
  const rows = { texts: pick(data.texts, trainRows), y: pick(data.y, trainRows) };
  const plan = planValidation(kind, rows.y, data.labels.length, options.validationSplit);
  const classWeights = classWeightsFor(rows.y, data.labels.length, options.classWeights ?? 'auto');
  warnings.push(
    ...labelsDifferingByCase(data.labels).map((group) => {
      const quoted = group.map((l) => `"${l}"`);
      return coreText('labelsDifferByCase', coreText('labelsAnd', quoted.slice(0, -1).join(', '), quoted[quoted.length - 1]), data.labelColumn);
    }),
  );
  signal.throwIfAborted();

  // What the bundle records: the options this kind uses (the editor also sends e.g. its batch size for fast), resolved.
  const given = Object.fromEntries(Object.entries(options).filter(([key]) => appliesTo(key as keyof TrainOptions, kind)));
  const resolved: Record<string, unknown> = {
    ...given,
    model: kind,
    seed,
    testSize,
    validation: plan.strategy,
    earlyStopping,
    classWeights: options.classWeights ?? 'auto',
    ...recordedOptions(kind, settings, options),
  };
  // The labels file by its absolute path, and what it held: the editor counts the corrections made since.
  if (correctionsFile) resolved.corrections = correctionsFile;
  if (correctionsRecord) resolved.correctionsApplied = correctionsRecord;
  if (plan.strategy === 'holdout') resolved.validationSplit = plan.fraction;
  else delete resolved.validationSplit;
  const fitted = await fitCalibrated({
    kind,
    plan,
    rows,
    labels: data.labels,
    file: data.file,
    options: { ...options, model: kind, seed, earlyStopping },
    classWeights,
    onProgress: progress,
    signal,
  });
  const { classifier, backend } = fitted;
  const trainSeconds = (performance.now() - started) / 1000;

  try {
    signal.throwIfAborted();
    progress({ phase: 'evaluating' });
    const { report, reliability, scored } = await evaluateClassifier(classifier, test, signal);
    signal.throwIfAborted();
    progress({ phase: 'saving' });
    const out = path.resolve(options.out);
    // What both the bundle and the result report.
    const outcome = {
      trainRows: fitted.trainRows,
      validationRows: fitted.validation.rows,
      testRows: test.texts.length,
      skippedRows: data.skippedEmptyText + data.skippedEmptyLabel,
      trainSeconds,
      report,
      validation: fitted.validation,
      fit: fitted.fit,
      calibration: fitted.calibration,
      reliability,
      warnings,
    };
    const testRows = boundedTestRows(
      path.resolve(test.file ?? data.file),
      data.labels,
      test.texts.map((text, i) => ({
        row: test.rows[i],
        line: test.lines[i],
        text,
        truth: test.y[i],
        predicted: scored.predicted[i],
        confidence: scored.confidence[i],
        ...(test.files?.[i] ? { file: test.files[i] } : {}),
      })),
    );
    await saveBundle(
      out,
      classifier,
      {
        backend,
        data: {
          file: path.basename(data.file),
          path: path.resolve(data.file),
          sha256: data.sha256,
          textColumn: data.textColumn,
          labelColumn: data.labelColumn,
          delimiter: data.delimiter,
          ...(test.file ? { test: { file: path.basename(test.file), sha256: test.sha256! } } : {}),
        },
        training: { ...resolved, out },
        ...outcome,
      },
      { [TEST_ROWS_FILE]: JSON.stringify(testRows) },
    );
    return { model: kind, backend, ...outcome, out };
  } finally {
    classifier.dispose?.();
  }
}
