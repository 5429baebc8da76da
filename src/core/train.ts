// One training run, the same for the worker and the CLI: read the CSV → split (or read the test file) →
// class weights → fit (the kind's runtime, modelRuntimes.ts; its numbers checked and resolved first by the
// registry, modelKinds.ts) → evaluate on the held-out rows → save the bundle atomically. Progress goes to `onProgress`; `signal` cancels at the
// next slice/batch and leaves nothing on disk.
import * as path from 'node:path';
import type { Classifier } from './classifier';
import { DEFAULT_MODEL_KIND, MODEL_KINDS, isModelKind } from './modelKind';
import { appliesTo, recordedOptions, resolveModelOptions } from './modelKinds';
import { MODEL_RUNTIMES } from './modelRuntimes';
import type { Report } from './report';
import type { TrainOptions, TrainProgress, TrainResult } from './trainTypes';
import { DataError, readLabelledCsv, type LabelledData } from './csv';
import { DEFAULT_SEED, DEFAULT_TEST_SIZE } from './split';
import { testSplit, validationSplitOf } from './runRows';
import { classificationReport } from './report';
import { checkBundleTarget, saveBundle, type BundleMeta } from './bundle';

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
  if (mode === 'auto' && Math.max(...present) < IMBALANCE_RATIO * Math.min(...present)) return undefined;
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
    `The model has ${expected} outputs, one per class, but column "${data.labelColumn}" has ${k} labels (${data.labels.join(', ')}). Give its output layer ${k} units, or train on a label column with ${expected} labels.`,
  );
}

/** Predicted class indices for `texts`, in batches so a long test file neither blocks nor balloons. */
export async function predictIndices(classifier: Classifier, texts: readonly string[], signal?: AbortSignal): Promise<number[]> {
  const index = new Map(classifier.labels.map((l, i) => [l, i]));
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 10_000) {
    signal?.throwIfAborted();
    for (const p of await classifier.predict(texts.slice(i, i + 10_000))) out.push(index.get(p.label)!);
  }
  return out;
}

export async function evaluateClassifier(classifier: Classifier, data: { texts: readonly string[]; y: readonly number[] }, signal?: AbortSignal): Promise<Report> {
  const pred = await predictIndices(classifier, data.texts, signal);
  return classificationReport(classifier.labels, data.y, pred);
}

/**
 * The labelled rows of `file` for evaluating a saved model, mapped onto its labels. Columns: the ones named
 * in `columns`; else the model's own, and detection when the file names them differently.
 */
export function readEvaluationData(
  file: string,
  meta: Pick<BundleMeta, 'labels' | 'data'>,
  columns: { textColumn?: string; labelColumn?: string } = {},
): Promise<LabelledData> {
  const named = columns.textColumn !== undefined || columns.labelColumn !== undefined;
  const read = (useModelColumns: boolean): Promise<LabelledData> =>
    readLabelledCsv(file, {
      labels: meta.labels,
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

  progress({ phase: 'reading', rowsRead: 0 });
  const data = await readLabelledCsv(options.data, {
    textColumn: options.textColumn,
    labelColumn: options.labelColumn,
    signal,
    onProgress: (rowsRead) => progress({ phase: 'reading', rowsRead }),
  });

  if (options.outputClasses !== undefined && options.outputClasses !== data.labels.length) throw classCountError(data, options.outputClasses);

  let trainRows: number[];
  let test: { texts: string[]; y: number[]; file?: string; sha256?: string };
  if (options.test) {
    const t = await readLabelledCsv(options.test, { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: data.labels, signal });
    trainRows = data.y.map((_, i) => i);
    test = { texts: t.texts, y: t.y, file: t.file, sha256: t.sha256 };
  } else {
    const split = testSplit(data, testSize, seed);
    trainRows = split.train;
    test = { texts: pick(data.texts, split.test), y: pick(data.y, split.test) };
  }

  const earlyStopping = options.earlyStopping ?? false;
  const validationSplit = options.validationSplit ?? (earlyStopping ? 0.1 : 0);
  const rows = validationSplitOf(data, trainRows, validationSplit, seed);
  const fitRows = rows.fit;
  const validation = validationSplit > 0 ? { texts: pick(data.texts, rows.validation), y: pick(data.y, rows.validation) } : undefined;
  const train = { texts: pick(data.texts, fitRows), y: pick(data.y, fitRows) };
  const classWeights = classWeightsFor(train.y, data.labels.length, options.classWeights ?? 'auto');
  signal.throwIfAborted();

  // What the bundle records: the options this kind uses (the editor also sends e.g. its batch size for fast), resolved.
  const given = Object.fromEntries(Object.entries(options).filter(([key]) => appliesTo(key as keyof TrainOptions, kind)));
  const resolved: Record<string, unknown> = {
    ...given,
    model: kind,
    seed,
    testSize,
    validationSplit,
    earlyStopping,
    classWeights: options.classWeights ?? 'auto',
    ...recordedOptions(kind, settings, options),
  };
  const { classifier, backend } = await MODEL_RUNTIMES[kind].train({
    train,
    validation,
    labels: data.labels,
    options: { ...options, model: kind, seed, earlyStopping, validationSplit },
    classWeights,
    onProgress: progress,
    signal,
  });
  const trainSeconds = (performance.now() - started) / 1000;

  try {
    signal.throwIfAborted();
    progress({ phase: 'evaluating' });
    const report = await evaluateClassifier(classifier, test, signal);
    signal.throwIfAborted();
    progress({ phase: 'saving' });
    const out = path.resolve(options.out);
    // What both the bundle and the result report.
    const outcome = {
      trainRows: train.texts.length,
      testRows: test.texts.length,
      skippedRows: data.skippedEmptyText + data.skippedEmptyLabel,
      trainSeconds,
      report,
    };
    await saveBundle(out, classifier, {
      backend,
      data: {
        file: path.basename(data.file),
        path: path.resolve(data.file),
        sha256: data.sha256,
        textColumn: data.textColumn,
        labelColumn: data.labelColumn,
        ...(test.file ? { test: { file: path.basename(test.file), sha256: test.sha256! } } : {}),
      },
      training: { ...resolved, out },
      ...outcome,
    });
    return { model: kind, backend, ...outcome, out };
  } finally {
    classifier.dispose?.();
  }
}
