// The fast model's training on a file it does not hold (core/train.ts takes this path when memoryBudget.ts
// says so): the CSV streamed with csv.ts's reader, once for the labels, the split and the dictionary, once per
// epoch — unless the spills take its place: the first pass's dictionary rows for the first epoch, that epoch's
// featurised rows for the others (fast/rowSpill.ts) —, and once to score the test rows. Held: the dictionary and the model (bounded by the run's memory
// budget), the validation rows (bounded, streamSplit.ts), the shuffle buffer (fast/stream.ts), the test rows'
// labels and predictions, and a bounded pool of them for testRows.json. Every pass checks the file is the
// one the first pass read (its SHA-256): rows decided by their index must be the same rows.
import { calibrationReport } from './calibration';
import { calibratedOnHoldout, type CalibratedFit } from './calibratedFit';
import { coreText } from './coreText';
import { DataError, streamLabelledCsv, type ReadCsvOptions, type StreamedCsv } from './csv';
import { DictionaryBuilder } from './fast/dictionary';
import { RowSpill } from './fast/rowSpill';
import { trainFastStreamed, type FirstEpoch } from './fast/stream';
import { fastOptions, minDocFreqFor } from './fast/train';
import { fastOptionsFor } from './modelRuntimes';
import { classificationReport } from './report';
import { StreamSplit } from './streamSplit';
import { firstPassOnReader, isReaderFailure, type ReaderThread } from './fast/readerThread';
import * as path from 'node:path';
import { boundedTestRows, MAX_TEST_ROWS_BYTES, type TestRow, type TestRows } from './testRows';
import type { Classifier } from './classifier';
import type { Evaluation, TrainOptions, TrainProgress } from './trainTypes';

export interface StreamedTrainingInput {
  options: TrainOptions & { seed: number; earlyStopping: boolean };
  /** 0 with a separate test file. */
  testSize: number;
  /** The share of training rows validated on (0: none). */
  validationSplit: number;
  /** Rows the dictionary may hold (from the memory budget, memoryBudget.ts). */
  maxFeatureRows: number;
  /** The training file's size as the caller found it (0 for a pipe): sizes the first pass's spill. */
  trainingBytes: number;
  /** Class weights from the training rows' label counts (train.ts's rule). */
  classWeightsFor: (counts: readonly number[]) => number[] | undefined;
  /** Reads the first pass on this reader thread (featurising there), else on this thread; closed after it. */
  reader?: ReaderThread;
  /** Called once the first pass has read the file, before any epoch: checks on its labels, a test file read. */
  afterFirstPass?: (data: StreamedCsv) => Promise<void>;
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
}

export interface StreamedTraining {
  /** What the first pass read (labels, columns, counts, hash). */
  data: StreamedCsv;
  fitted: CalibratedFit;
  /** Scores the test rows of the split in one more pass (none with a separate test file). */
  scoreTestRows: (classifier: Classifier) => Promise<Evaluation & { rows: TestRows; count: number }>;
}

/** The file's rows, each with its index among the kept rows, read as the first pass read them. */
async function pass(
  file: string,
  read: ReadCsvOptions,
  expected: { sha256: string } | undefined,
  visit: (row: number, text: string, y: number, line: number) => void,
): Promise<StreamedCsv> {
  let row = 0;
  const data = await streamLabelledCsv(file, read, (text, y, line) => visit(row++, text, y, line));
  if (expected && data.sha256 !== expected.sha256) throw new DataError('changed', file, coreText('fileChangedWhileTraining'));
  return data;
}

export async function trainStreamed(input: StreamedTrainingInput): Promise<StreamedTraining> {
  try {
    return await trainWithSpill(input);
  } catch (e) {
    // A reader thread that failed other than on the data: the whole run again on this thread.
    if (!input.reader || !isReaderFailure(e) || input.signal.aborted) throw e;
    return trainWithSpill({ ...input, reader: undefined });
  }
}

async function trainWithSpill(input: StreamedTrainingInput): Promise<StreamedTraining> {
  // The training rows' dictionary rows, for the first epoch (fast/stream.ts): it need not parse and featurise
  // the file again. Some 4 bytes per occurrence: planned at three times the file's size (1.35× on English
  // reviews, 3× on Chinese), abandoned past twice that, or when the dictionary prunes itself (which
  // renumbers its rows).
  const spill = RowSpill.create(3 * input.trainingBytes);
  try {
    return await trainSpillingRows(input, spill);
  } finally {
    spill?.dispose();
  }
}

async function trainSpillingRows(input: StreamedTrainingInput, spill: RowSpill | undefined): Promise<StreamedTraining> {
  const { options, signal, onProgress } = input;
  const fast = fastOptionsFor({ options });
  const o = fastOptions(fast);
  const split = new StreamSplit(options.seed, input.testSize, input.validationSplit);
  const dictionary = new DictionaryBuilder(o.features, input.maxFeatureRows);
  const seenCounts: number[] = [];
  let spilling = spill !== undefined;
  onProgress({ phase: 'reading', rowsRead: 0 });
  const first: ReadCsvOptions & { signal: AbortSignal } = {
    textColumn: options.textColumn,
    labelColumn: options.labelColumn,
    maxClasses: options.maxClasses,
    encoding: options.encoding,
    signal,
    onProgress: (rowsRead, readFraction) => onProgress({ phase: 'reading', rowsRead, readFraction }),
  };
  const toSpill = (seen: number) => (rows: Int32Array, count: number) => {
    if (spilling) spilling = spill!.write(rows, count, seen, 0);
  };
  const onTraining = (text: string, seen: number): void => {
    dictionary.add(text, toSpill(seen));
    seenCounts[seen] = (seenCounts[seen] ?? 0) + 1;
  };
  const onFeatures = (ids: Uint32Array, from: number, count: number, chars: number, seen: number): void => {
    dictionary.addFeatures(ids, from, count, chars, toSpill(seen));
    seenCounts[seen] = (seenCounts[seen] ?? 0) + 1;
  };
  const { reader } = input;
  const data = reader
    ? await firstPassOnReader(reader, options.data, first, { seed: options.seed, testSize: input.testSize, validationFraction: input.validationSplit }, o.features, {
        offer: (row, text, seen) => split.offer(row, text, seen, onTraining),
        onFeatures,
      })
    : await pass(options.data, first, undefined, (row, text, y) => {
        if (!split.isTest(row)) split.offer(row, text, y, onTraining);
      });
  // Its work is done: the epochs read the spill (or the file) on this thread.
  await reader?.close();
  signal.throwIfAborted();
  await input.afterFirstPass?.(data);
  const k = data.labels.length;
  const counts = new Array<number>(k).fill(0);
  seenCounts.forEach((c, seen) => (counts[data.fromSeen[seen]] = c));
  const held = split.freeze();
  const validation = { texts: held.texts, y: held.y.map((seen) => data.fromSeen[seen]) };
  const dict = dictionary.finish((occurrences) => minDocFreqFor(o, occurrences));
  // Later passes map labels onto the first pass's list: a row's class is the same in every pass.
  const again: ReadCsvOptions = { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: data.labels, encoding: options.encoding, signal };
  const model = await trainFastStreamed({
    dictionary: dict,
    pass: async (visit) => {
      await pass(options.data, again, data, (row, text, y) => {
        if (split.isTraining(row)) visit(text, y);
      });
    },
    firstEpoch: firstEpoch(spilling ? spill : undefined, dict.passRows, data.fromSeen),
    validation: validation.texts.length > 0 ? validation : undefined,
    labels: data.labels,
    options: fast,
    classWeights: input.classWeightsFor(counts),
    onProgress,
    signal,
  });
  const fitted = { classifier: model.model, backend: 'js', fit: model.fit };
  const result =
    validation.texts.length > 0
      ? await calibratedOnHoldout(fitted, validation, dict.docs, signal)
      : { ...fitted, calibration: { temperature: 1, fittedOn: 'none' as const, rows: 0 }, validation: { strategy: 'none' as const, rows: 0 }, trainRows: dict.docs };
  return {
    data,
    fitted: result,
    scoreTestRows: (classifier) => scoreTestRows(path.resolve(options.data), again, data, split, classifier),
  };
}

/**
 * The first pass's spilled rows as the first epoch reads them: numbered as the dictionary's final rows, and
 * labelled by class (the first pass labelled them by the order it met the labels in).
 */
function firstEpoch(spill: RowSpill | undefined, passRows: Int32Array | undefined, fromSeen: readonly number[]): FirstEpoch | undefined {
  if (!spill || !passRows || !spill.finish()) return undefined;
  return {
    rowOf: (passRow) => passRows[passRow],
    replay: (visit, perChunk) => spill.replay((rows, count, seen, scale) => visit(rows, count, fromSeen[seen], scale), perChunk),
  };
}

/** Test texts scored per predictPacked call. */
const SCORING_CHUNK = 1_000;
/** Rows in the testRows.json pool before it is cut back to what the file keeps. */
const POOL_ROWS = 20_000;

/** The split's test rows scored as they stream past: the report, the reliability, and the rows testRows.json keeps. */
async function scoreTestRows(
  file: string,
  read: ReadCsvOptions,
  first: StreamedCsv,
  split: StreamSplit,
  classifier: Classifier,
): Promise<Evaluation & { rows: TestRows; count: number }> {
  const k = first.labels.length;
  const truth: number[] = [];
  const predicted: number[] = [];
  let probabilities = new Float32Array(1024 * k);
  let pool: TestRow[] = [];
  let chunk: { row: number; line: number; text: string; y: number }[] = [];
  let scoring = Promise.resolve();
  let failure: unknown;
  const cut = (): TestRow[] => boundedTestRows(file, first.labels, pool, MAX_TEST_ROWS_BYTES).rows;
  const score = async (rows: typeof chunk): Promise<void> => {
    const p = await classifier.predictPacked(rows.map((r) => r.text));
    const at = truth.length;
    if ((at + rows.length) * k > probabilities.length) {
      const grown = new Float32Array(Math.max(probabilities.length * 2, (at + rows.length) * k));
      grown.set(probabilities.subarray(0, at * k));
      probabilities = grown;
    }
    probabilities.set(p, at * k);
    rows.forEach((r, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
      truth.push(r.y);
      predicted.push(best);
      pool.push({ row: r.row, line: r.line, text: r.text, truth: r.y, predicted: best, confidence: p[i * k + best] });
    });
    if (pool.length > POOL_ROWS) pool = cut();
  };
  // Scoring is asynchronous and the rows arrive in the parser's events: each chunk is scored after the
  // events of the bytes it came from, so at most a chunk of texts waits.
  const flush = (): void => {
    const rows = chunk;
    chunk = [];
    scoring = scoring.then(() => (failure === undefined ? score(rows) : undefined)).catch((e: unknown) => void (failure ??= e));
  };
  await pass(file, read, first, (row, text, y, line) => {
    if (failure !== undefined) throw failure;
    if (!split.isTest(row)) return;
    chunk.push({ row, line, text, y });
    if (chunk.length === SCORING_CHUNK) flush();
  });
  flush();
  await scoring;
  if (failure !== undefined) throw failure;
  return {
    report: classificationReport(first.labels, truth, predicted),
    reliability: calibrationReport(probabilities.subarray(0, truth.length * k), k, truth),
    rows: boundedTestRows(file, first.labels, cut(), MAX_TEST_ROWS_BYTES, truth.length),
    count: truth.length,
  };
}
