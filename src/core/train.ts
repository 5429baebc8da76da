// One training run, the same for the worker and the CLI: read the CSV → split off the test rows (or read the
// test file) → class weights → validate, fit and calibrate (calibratedFit.ts, as validation.ts plans it; the
// kind's numbers checked and resolved first by the registry, modelKinds.ts) → evaluate the calibrated model
// on the test rows, touched only here → save the bundle atomically. Progress goes to `onProgress`; `signal`
// cancels at the next slice/batch and leaves nothing on disk. The fast model on a large file takes another
// way to the same tail: streamed from disk (streamedTraining.ts), when memoryBudget.ts planTrainingPath says.
import * as os from 'node:os';
import * as path from 'node:path';
import { calibrationReport } from './calibration';
import { fitCalibrated, type CalibratedFit } from './calibratedFit';
import { predictPackedInBatches, type Classifier } from './classifier';
import { labelsDifferingByCase } from './csvLabels';
import { DEFAULT_MODEL_KIND, MODEL_KINDS, isModelKind, type ModelKind } from './modelKind';
import { appliesTo, recordedOptions, resolveModelOptions } from './modelKinds';
import type { Evaluation, TrainOptions, TrainProgress, TrainResult } from './trainTypes';
import { coreText, type CoreText } from './coreText';
import { DataError, readLabelledCsv, statInputFile, type LabelledData } from './csv';
import { DEFAULT_SEED, DEFAULT_TEST_SIZE } from './split';
import { testSplit } from './runRows';
import { classificationReport } from './report';
import { checkBundleTarget, saveBundle, type BundleMeta } from './bundle';
import { boundedTestRows, TEST_ROWS_FILE, type TestRows } from './testRows';
import { mergeCorrections } from './mergeCorrections';
import { planTrainingPath } from './memoryBudget';
import { trainStreamed } from './streamedTraining';
import { ReaderThread } from './fast/readerThread';
import { DEFAULT_VALIDATION_SPLIT, planValidation, type ValidationPlan } from './validation';

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  /**
   * A streamed training's first pass on a reader thread (true) or on this one (false), whatever the file's
   * size and the threads allowed: the tests hold both to the same model.
   */
  readerThread?: boolean;
}

/** Classes count as imbalanced (and get weights under 'auto') when the largest has 1.5× the rows of the smallest. */
export const IMBALANCE_RATIO = 1.5;

/**
 * Per-class loss weights n / (k · n_c) — scikit-learn's 'balanced' — or undefined when weighting is off, or
 * 'auto' and the classes are balanced enough.
 */
export function classWeightsFor(y: readonly number[], k: number, mode: 'auto' | 'on' | 'off' = 'auto'): number[] | undefined {
  const counts = new Array<number>(k).fill(0);
  for (const c of y) counts[c]++;
  return classWeightsOfCounts(counts, mode);
}

/** classWeightsFor from the rows per class (a streamed run counts them as they pass). */
export function classWeightsOfCounts(counts: readonly number[], mode: 'auto' | 'on' | 'off' = 'auto'): number[] | undefined {
  if (mode === 'off') return undefined;
  const rows = counts.reduce((a, b) => a + b, 0);
  const k = counts.length;
  const present = counts.filter((c) => c > 0);
  const largest = present.reduce((a, b) => Math.max(a, b), 0);
  const smallest = present.reduce((a, b) => Math.min(a, b), Infinity);
  if (mode === 'auto' && largest < IMBALANCE_RATIO * smallest) return undefined;
  return counts.map((c) => (c === 0 ? 1 : rows / (k * c)));
}

/**
 * Training files from this size on read their streamed first pass on a reader thread (fast/readerThread.ts)
 * when more than one thread is allowed. Measured with --stream on Chinese reviews (bench/RESULTS.md): 2.3 MB
 * 0.87-1.02 s with it against 0.74-0.84 s without, 9 MB level (1.49-1.64 s / 1.58-1.63 s), 28.6 MB 3.5 s
 * against 3.8-4.3 s; every file streamed by default (from 16 MB, memoryBudget.ts) is past it.
 */
export const READER_THREAD_MIN_BYTES = 8 * 2 ** 20;

/** Whether a streamed training reads on a reader thread: more than one thread allowed, a second core to run it, a file worth it. */
function useReaderThread(threads: number | undefined, bytes: number, forced: boolean | undefined): boolean {
  return forced ?? (threads !== 1 && os.availableParallelism() > 1 && bytes >= READER_THREAD_MIN_BYTES);
}

function pick<T>(items: readonly T[], rows: readonly number[]): T[] {
  return rows.map((i) => items[i]);
}

function classCountError(data: Pick<LabelledData, 'labels' | 'file' | 'labelColumn'>, expected: number): DataError {
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

/** The data's facts the bundle and the result record. */
type DataFacts = Pick<LabelledData, 'file' | 'sha256' | 'textColumn' | 'labelColumn' | 'delimiter' | 'labels' | 'skippedEmptyText' | 'skippedEmptyLabel'>;

/** The test rows scored: the report, the reliability, the rows testRows.json keeps, and the file they are lines of when not the data's. */
interface TestOutcome extends Evaluation {
  rows: TestRows;
  count: number;
  file?: string;
  sha256?: string;
}

/**
 * A separate test file, read (before training: a bad file fails at once) on the training file's columns and
 * labels; its warnings go to `warnings`. The function returned scores it, in memory.
 */
async function readTestFile(
  file: string,
  data: { textColumn: string; labelColumn: string; labels: string[] },
  encoding: string | undefined,
  signal: AbortSignal,
  warnings: CoreText[],
): Promise<(classifier: Classifier) => Promise<TestOutcome>> {
  const t = await readLabelledCsv(file, { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: data.labels, encoding, signal });
  warnings.push(...t.warnings.map((w) => coreText('inFile', path.basename(t.file), w)));
  return (classifier) => scoreTestFile(classifier, t, data.labels, signal);
}

async function scoreTestFile(classifier: Classifier, t: LabelledData, labels: string[], signal: AbortSignal): Promise<TestOutcome> {
  const { report, reliability, scored } = await evaluateClassifier(classifier, t, signal);
  const rows = boundedTestRows(
    path.resolve(t.file),
    labels,
    t.texts.map((text, i) => ({ row: i, line: t.lines[i], text, truth: t.y[i], predicted: scored.predicted[i], confidence: scored.confidence[i] })),
  );
  return { report, reliability, rows, count: t.texts.length, file: t.file, sha256: t.sha256 };
}

/** Warnings about labels that differ only by case. */
function labelCaseWarnings(labels: readonly string[], labelColumn: string): CoreText[] {
  return labelsDifferingByCase(labels).map((group) => {
    const quoted = group.map((l) => `"${l}"`);
    return coreText('labelsDifferByCase', coreText('labelsAnd', quoted.slice(0, -1).join(', '), quoted[quoted.length - 1]), labelColumn);
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
  // And so is the memory the data will need: a file too large for the engine is refused before it is read,
  // and the fast model streams one it should not hold.
  const trainingBytes = (await statInputFile(options.data)).size;
  let dataBytes = trainingBytes;
  for (const file of [options.test, options.corrections]) if (file) dataBytes += (await statInputFile(file)).size;
  const route = planTrainingPath(options.data, dataBytes, {
    kind,
    streamable: kind === 'fast' && !options.corrections,
    stream: options.stream,
    budget: options.maxMemoryMb !== undefined ? options.maxMemoryMb * 2 ** 20 : undefined,
    dim: (settings as { embeddingDim?: number }).embeddingDim ?? 0,
  });
  const earlyStopping = options.earlyStopping ?? true;
  const run = { ...options, model: kind, seed, earlyStopping };
  const context = { options: run, settings, testSize, started, signal, progress };
  if (route.path === 'streamed') {
    const validationSplit = options.validationSplit ?? DEFAULT_VALIDATION_SPLIT;
    const warnings: CoreText[] = [];
    let scoreTest: ((classifier: Classifier) => Promise<TestOutcome>) | undefined;
    const reader = useReaderThread(resolveModelOptions('fast', options).threads, trainingBytes, hooks.readerThread) ? new ReaderThread() : undefined;
    const streamed = await trainStreamed({
      reader,
      options: run,
      testSize: options.test ? 0 : testSize,
      validationSplit,
      maxFeatureRows: route.maxFeatureRows,
      trainingBytes,
      classWeightsFor: (counts) => classWeightsOfCounts(counts, options.classWeights ?? 'auto'),
      // As the in-memory path: the labels and a separate test file checked before any epoch.
      afterFirstPass: async (data) => {
        if (options.outputClasses !== undefined && options.outputClasses !== data.labels.length) throw classCountError(data, options.outputClasses);
        warnings.push(...data.warnings.map((w) => coreText('inFile', path.basename(data.file), w)));
        if (options.test) scoreTest = await readTestFile(options.test, data, options.encoding, signal, warnings);
      },
      onProgress: progress,
      signal,
    }).finally(() => reader?.close());
    const { data, fitted } = streamed;
    warnings.push(...labelCaseWarnings(data.labels, data.labelColumn));
    const plan: ValidationPlan = validationSplit > 0 ? { strategy: 'holdout', fraction: validationSplit } : { strategy: 'none' };
    return evaluateAndSave({ ...context, data, fitted, plan, warnings, streamed: true }, scoreTest ?? streamed.scoreTestRows);
  }

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
  let split: { test: number[] } = { test: [] };
  let scoreFile: ((classifier: Classifier) => Promise<TestOutcome>) | undefined;
  if (options.test) {
    scoreFile = await readTestFile(options.test, data, options.encoding, signal, warnings);
    trainRows = data.y.map((_, i) => i);
  } else {
    const s = testSplit(data, testSize, seed);
    trainRows = s.train;
    split = s;
  }

  const rows = { texts: pick(data.texts, trainRows), y: pick(data.y, trainRows) };
  const plan = planValidation(kind, rows.y, data.labels.length, options.validationSplit);
  const classWeights = classWeightsFor(rows.y, data.labels.length, options.classWeights ?? 'auto');
  warnings.push(...labelCaseWarnings(data.labels, data.labelColumn));
  signal.throwIfAborted();

  const fitted = await fitCalibrated({ kind, plan, rows, labels: data.labels, file: data.file, options: run, classWeights, onProgress: progress, signal });
  const record = { ...(correctionsFile ? { corrections: correctionsFile } : {}), ...(correctionsRecord ? { correctionsApplied: correctionsRecord } : {}) };
  return evaluateAndSave({ ...context, data, fitted, plan, warnings, record }, async (classifier) => {
    if (scoreFile) return scoreFile(classifier);
    const test = { texts: pick(data.texts, split.test), y: pick(data.y, split.test) };
    const { report, reliability, scored } = await evaluateClassifier(classifier, test, signal);
    const testRows = boundedTestRows(
      path.resolve(data.file),
      data.labels,
      split.test.map((row, i) => ({
        row,
        line: data.lines[row],
        text: test.texts[i],
        truth: test.y[i],
        predicted: scored.predicted[i],
        confidence: scored.confidence[i],
        ...(sources?.[row] === 1 ? { file: correctionsFile } : {}),
      })),
    );
    return { report, reliability, rows: testRows, count: test.texts.length };
  });
}

interface FittedRun {
  options: TrainOptions & { model: ModelKind; seed: number; earlyStopping: boolean };
  settings: ReturnType<typeof resolveModelOptions>;
  testSize: number;
  started: number;
  signal: AbortSignal;
  progress: (p: TrainProgress) => void;
  data: DataFacts;
  fitted: CalibratedFit;
  plan: ValidationPlan;
  warnings: CoreText[];
  /** What else the bundle's record of the run holds (the corrections merged in). */
  record?: Record<string, unknown>;
  /** Whether the file was streamed rather than held. */
  streamed?: boolean;
}

/** The tail both paths share: the test rows scored once, then the bundle saved with the run's record; the model disposed of in any case. */
async function evaluateAndSave(run: FittedRun, scoreTest: (classifier: Classifier) => Promise<TestOutcome>): Promise<TrainResult> {
  const { options, data, fitted, plan, signal, progress } = run;
  const kind = options.model;
  // What the bundle records: the options this kind uses (the editor also sends e.g. its batch size for fast), resolved.
  const given = Object.fromEntries(Object.entries(options).filter(([key]) => appliesTo(key as keyof TrainOptions, kind)));
  const resolved: Record<string, unknown> = {
    ...given,
    model: kind,
    seed: options.seed,
    testSize: run.testSize,
    validation: plan.strategy,
    earlyStopping: options.earlyStopping,
    classWeights: options.classWeights ?? 'auto',
    ...recordedOptions(kind, run.settings, options),
    ...run.record,
    ...(run.streamed ? { streamed: true } : {}),
  };
  if (plan.strategy === 'holdout') resolved.validationSplit = plan.fraction;
  else delete resolved.validationSplit;
  const { classifier, backend } = fitted;
  const trainSeconds = (performance.now() - run.started) / 1000;

  try {
    signal.throwIfAborted();
    progress({ phase: 'evaluating' });
    const test = await scoreTest(classifier);
    signal.throwIfAborted();
    progress({ phase: 'saving' });
    const out = path.resolve(options.out);
    // What both the bundle and the result report.
    const outcome = {
      trainRows: fitted.trainRows,
      validationRows: fitted.validation.rows,
      testRows: test.count,
      skippedRows: data.skippedEmptyText + data.skippedEmptyLabel,
      trainSeconds,
      report: test.report,
      validation: fitted.validation,
      fit: fitted.fit,
      calibration: fitted.calibration,
      reliability: test.reliability,
      warnings: run.warnings,
    };
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
      { [TEST_ROWS_FILE]: JSON.stringify(test.rows) },
    );
    return { model: kind, backend, ...outcome, out };
  } finally {
    classifier.dispose?.();
  }
}
