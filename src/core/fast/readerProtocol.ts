// Typed messages between a streamed training and its reader thread (fast/readerThread.ts ↔ fast/featureReaderThread.ts).
import type { CoreText } from '../coreText';
import type { DataErrorCode } from '../dataError';
import type { ReadCsvOptions, StreamedCsv } from '../csv';
import type { FeatureOptions } from './features';

/** What streamLabelledCsv takes that can cross a thread (no signal, no callbacks). */
export type ReaderCsvOptions = Omit<ReadCsvOptions, 'onProgress' | 'signal'>;

/** workerData: the count of batches sent and not yet taken (the reader waits while it is at the limit). */
export interface ReaderSetup {
  inFlight: Int32Array;
  maxInFlight: number;
}

/** A streamed training's split (streamSplit.ts), which the reader applies by row index as the first pass does. */
export interface ReaderSplit {
  seed: number;
  testSize: number;
  validationFraction: number;
}

/** A first pass to read: each row sent by its kind (RowKind), a training row featurised with `features`. */
export interface ReadRequest {
  file: string;
  options: ReaderCsvOptions;
  features: FeatureOptions;
  split: ReaderSplit;
}

/** A test row is sent as its label and line only, a validation candidate with its text, a training row as its features and length. */
export const enum RowKind {
  Test = 0,
  Candidate = 1,
  Training = 2,
}

export type ReaderMessage =
  /**
   * Rows in the file's order: their kinds, labels as first seen (StreamedCsv.fromSeen maps them) and lengths
   * in characters; the candidates' texts; the training rows' feature ids, row r's ending at ends[r].
   */
  | { type: 'rows'; kinds: Uint8Array; seen: Int32Array; chars: Int32Array; texts: string[]; ids: Uint32Array; ends: Int32Array }
  | { type: 'progress'; rowsRead: number; readFraction?: number }
  | { type: 'done'; data: StreamedCsv }
  | { type: 'dataError'; code: DataErrorCode; file: string; text: CoreText; line?: number }
  | { type: 'failed'; message: string };
