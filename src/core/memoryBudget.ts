// How much memory a training run may take, and what it would need: checked before a file is read, so an input
// too large for the engine is refused with a clear error instead of exhausting memory midway (in the editor,
// the worker's heap limit ends the worker, not the extension host, but only after minutes of work). The
// estimates are per model kind, from the size of the data files, measured (see TRAINING_MEMORY).
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as v8 from 'node:v8';
import { resourceLimits } from 'node:worker_threads';
import type { ModelKind } from './modelKind';
import { coreText } from './coreText';
import { DataError } from './dataError';

const MB = 1 << 20;

export interface MemoryNeed {
  /** On V8's JavaScript heap (strings, arrays): bounded by its heap limit. */
  heap: number;
  /** In all, typed arrays and TensorFlow.js's WebAssembly memory included: bounded by the machine. */
  total: number;
}

/**
 * Memory per byte of training data, and a fixed part. Measured on 30 MB (fast) and 5 MB (lstm, maxLength 100)
 * CSVs of English and of Chinese, sampling process.memoryUsage() every 20 ms: fast peaks at 2.0× the file on
 * the heap and 6.9× (English) to 13.7× (Chinese: character 1–3-grams) in all; lstm at 15–20× on the heap (a
 * token list per text), 43× in all with TensorFlow.js's ~150 MB. The factors below round those up; cnn holds
 * what lstm holds. Checked again on the default path of today (a 10% validation holdout, early stopping
 * keeping the best epoch's weights, the temperature fitted on held-out scores): the smallest worker heap
 * limit the fast factor lets through trains 9 MB and 31 MB files, English and Chinese, to the end (the
 * engine's worker test holds it to that). A fixed heap part, measured the same way on spliced reviews with
 * the guard off: 8 MB of data trains in every run under a 36 MB limit but fails one run in four at 34 MB
 * (V8 gives up near its limit, not at it), 24 MB trains at 68 MB: 2.5× the data and 12 MB beyond what the
 * worker holds when it starts. Cross-fitting (small data only, validation.ts) fits one fold at a time, each
 * smaller than the file.
 */
export const TRAINING_MEMORY: Readonly<Record<ModelKind, { heapPerByte: number; heapFixed: number; totalPerByte: number; totalFixed: number }>> = {
  fast: { heapPerByte: 2.5, heapFixed: 12 * MB, totalPerByte: 14, totalFixed: 64 * MB },
  lstm: { heapPerByte: 24, heapFixed: 12 * MB, totalPerByte: 30, totalFixed: 200 * MB },
  cnn: { heapPerByte: 24, heapFixed: 12 * MB, totalPerByte: 30, totalFixed: 200 * MB },
};

export function trainingMemoryNeed(kind: ModelKind, dataBytes: number): MemoryNeed {
  const m = TRAINING_MEMORY[kind];
  return { heap: m.heapPerByte * dataBytes + m.heapFixed, total: m.totalPerByte * dataBytes + m.totalFixed };
}

/** The soft address-space limit of this process (`ulimit -v`), from /proc on Linux; undefined when none is set or known. */
export function addressSpaceLimit(limits = readProc('/proc/self/limits')): number | undefined {
  const m = /^Max address space\s+(\d+)/m.exec(limits ?? '');
  return m ? Number(m[1]) : undefined;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** What this process can still take: room on its V8 heap, and memory the machine (its cgroup, its address-space limit) has left. */
export function memoryAvailable(): MemoryNeed & { heapLimit: number } {
  const heap = v8.getHeapStatistics();
  // What lasting data can fill: in a worker, its old generation (the heap limit adds the young generation's
  // semi-spaces, 48 MB of it for a 48 MB old generation); on the main thread the young part is negligible.
  const heapLimit = resourceLimits.maxOldGenerationSizeMb ? resourceLimits.maxOldGenerationSizeMb * MB : heap.heap_size_limit;
  const constrained = process.constrainedMemory?.() ?? 0;
  const usedNow = process.memoryUsage.rss();
  const virtual = Number(/^VmSize:\s+(\d+) kB/m.exec(readProc('/proc/self/status') ?? '')?.[1] ?? 0) * 1024;
  const addressSpace = addressSpaceLimit();
  const total = Math.min(
    os.freemem(),
    // Without a cgroup limit Node reports 2^64.
    constrained > 0 && constrained < 2 ** 60 ? constrained - usedNow : Infinity,
    addressSpace !== undefined ? addressSpace - virtual : Infinity,
  );
  return { heap: Math.max(0, heapLimit - heap.used_heap_size), total: Math.max(0, total), heapLimit };
}

const size = (bytes: number): string => (bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(1)} GB` : `${Math.ceil(bytes / MB)} MB`);

/**
 * Throws a DataError ('too-large', naming the first file) when training `kind` on files of `dataBytes` in all
 * needs more memory than `available` offers.
 */
export function checkTrainingMemory(file: string, kind: ModelKind, dataBytes: number, available = memoryAvailable()): void {
  const need = trainingMemoryNeed(kind, dataBytes);
  // What to do instead: a sample, or (for a network) the fast model.
  const fast = kind === 'fast';
  if (need.heap > available.heap) {
    const text = coreText(fast ? 'tooLargeHeap' : 'tooLargeHeapNetwork', kind, size(dataBytes), size(need.heap), size(available.heap), size(available.heapLimit));
    throw new DataError('too-large', file, text);
  }
  if (need.total > available.total) {
    throw new DataError('too-large', file, coreText(fast ? 'tooLargeMemory' : 'tooLargeMemoryNetwork', kind, size(dataBytes), size(need.total), size(available.total)));
  }
}

/**
 * Data files from this size on train the fast model streamed (core/streamedTraining.ts) even when they would
 * fit in memory: the streamed path's memory is its fixed part and the model's, the in-memory path's about 3×
 * the file (bench/RESULTS.md, "train at scale"), so from here on streaming is the smaller; on smaller files
 * the in-memory path keeps its exact results and its stratified split.
 */
export const STREAM_FROM_BYTES = 16 * MB;

/**
 * What a streamed training holds besides its dictionary and model: on the heap the validation rows (at most
 * 4 M characters: 8 MB), the shuffle buffer's example objects, the parser's chunks and the test rows' labels
 * and pool; in all, that and the engine itself.
 */
export const STREAMING_MEMORY = { heap: 36 * MB, totalFixed: 128 * MB };

/** The memory budget of a training when none is given (neuralLens.training.maxMemoryMb, --max-memory-mb): a laptop's share. */
export const DEFAULT_TRAINING_BUDGET = 512 * MB;

/**
 * Bytes a dictionary row costs a streamed training at its peak, for `dim`-wide embeddings: the embedding and
 * early stopping's copy of it (8·dim), the dictionary's index (open addressing at most half full, its document
 * counts; 48), the collapsed table, the model's scoring table and its ids and weights (about 88 for up to
 * four classes).
 */
export function featureRowBytes(dim: number): number {
  return 8 * dim + 136;
}

export type TrainingPath = { path: 'in-memory' } | { path: 'streamed'; maxFeatureRows: number };

export interface TrainingPathRequest {
  kind: ModelKind;
  /** Whether this run can stream (the fast model, no corrections to merge into the file). */
  streamable: boolean;
  /** Force one path (tests, benches: --stream / --no-stream); absent: by the file's size and the memory. */
  stream?: boolean;
  /** The run's memory budget in bytes (absent: DEFAULT_TRAINING_BUDGET, or less when the machine has less). */
  budget?: number;
  /** The fast model's embedding width. */
  dim: number;
}

/**
 * How a training on `dataBytes` of files runs: in memory when it fits and the file is small, else streamed
 * when that can be, with as many dictionary rows as the budget pays for; a DataError ('too-large') when
 * neither fits (checkTrainingMemory's, or the streamed path's own).
 */
export function planTrainingPath(file: string, dataBytes: number, request: TrainingPathRequest, available = memoryAvailable()): TrainingPath {
  const { kind, streamable } = request;
  const need = trainingMemoryNeed(kind, dataBytes);
  const fits = need.heap <= available.heap && need.total <= available.total;
  const stream = streamable && (request.stream ?? (dataBytes >= STREAM_FROM_BYTES || !fits));
  if (!stream) {
    checkTrainingMemory(file, kind, dataBytes, available);
    return { path: 'in-memory' };
  }
  if (STREAMING_MEMORY.heap > available.heap) {
    throw new DataError('too-large', file, coreText('tooLargeHeap', kind, size(dataBytes), size(STREAMING_MEMORY.heap), size(available.heap), size(available.heapLimit)));
  }
  const budget = Math.min(request.budget ?? DEFAULT_TRAINING_BUDGET, available.total);
  const rows = Math.floor((budget - STREAMING_MEMORY.totalFixed) / featureRowBytes(request.dim));
  // A model of fewer rows than this would not be worth training: a small budget still gets them if the
  // machine has the memory, else what it takes is said.
  const least = STREAMING_MEMORY.totalFixed + MIN_FEATURE_ROWS * featureRowBytes(request.dim);
  if (rows < MIN_FEATURE_ROWS && available.total < least) {
    throw new DataError('too-large', file, coreText('tooLargeMemory', kind, size(dataBytes), size(least), size(available.total)));
  }
  return { path: 'streamed', maxFeatureRows: Math.max(rows, MIN_FEATURE_ROWS) };
}

/** The fewest dictionary rows a streamed training is run with. */
const MIN_FEATURE_ROWS = 100_000;
