// The training side of the reader thread (fast/featureReaderThread.ts): a streamed training's first pass read
// and featurised on the second core while this thread builds the dictionary and writes the spill from the
// rows already read, in the file's order, so the model is the one-thread pass's, byte for byte. The reader's
// errors are the one-thread reader's: a DataError comes back as the same DataError; anything else (a crash,
// a thread that cannot start) is a ReaderFailure, after which the caller runs the pass on this thread. A
// cancel terminates the thread at once, even while it waits for room.
import { Worker } from 'node:worker_threads';
import { DataError, type ReadCsvOptions, type StreamedCsv } from '../csv';
import { bundleFile } from '../requireBundle';
import type { FeatureOptions } from './features';
import { RowKind, type ReadRequest, type ReaderCsvOptions, type ReaderMessage, type ReaderSetup, type ReaderSplit } from './readerProtocol';

/** Batches the reader may run ahead of this thread (BATCH_ROWS rows each): its memory stays bounded whatever the file's size. */
const MAX_IN_FLIGHT = 4;

/** The reader failed other than on the data (crashed, or could not start). */
class ReaderFailure extends Error {}

/** Whether `e` is the reader thread failing other than on the data: the pass is then to be run on this thread. */
export function isReaderFailure(e: unknown): boolean {
  return e instanceof ReaderFailure;
}

type RowsMessage = Extract<ReaderMessage, { type: 'rows' }>;

interface Job {
  onRows: (m: RowsMessage) => void;
  onProgress?: (rowsRead: number, readFraction?: number) => void;
  resolve: (data: StreamedCsv) => void;
  reject: (e: Error) => void;
}

/** One reader thread, one read at a time; terminated by `close`, a cancel or a failure. */
export class ReaderThread {
  private readonly worker: Worker;
  private readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private job: Job | undefined;
  private closing: Promise<void> | undefined;

  constructor() {
    const setup: ReaderSetup = { inFlight: this.inFlight, maxInFlight: MAX_IN_FLIGHT };
    // dist/featureReader.js beside the bundle this runs in; the compiled module under out/ (requireBundle.ts's rule).
    this.worker = new Worker(bundleFile(__dirname, 'featureReader.js', 'featureReaderThread.js'), { workerData: setup });
    this.worker.on('message', (m: ReaderMessage) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(new ReaderFailure(e.message)));
    this.worker.on('exit', (code) => this.fail(new ReaderFailure(`the reader thread exited (${code})`)));
  }

  private onMessage(m: ReaderMessage): void {
    const job = this.job;
    if (!job) return;
    switch (m.type) {
      case 'rows':
        try {
          job.onRows(m);
        } catch (e) {
          this.settle(job);
          void this.close();
          job.reject(e as Error);
        } finally {
          Atomics.sub(this.inFlight, 0, 1);
          Atomics.notify(this.inFlight, 0);
        }
        return;
      case 'progress':
        return job.onProgress?.(m.rowsRead, m.readFraction);
      case 'done':
        this.settle(job);
        return job.resolve(m.data);
      case 'dataError':
        this.settle(job);
        return job.reject(new DataError(m.code, m.file, m.text, m.line));
      case 'failed':
        return this.fail(new ReaderFailure(m.message));
    }
  }

  private settle(job: Job): void {
    if (this.job === job) this.job = undefined;
  }

  private fail(e: Error): void {
    const job = this.job;
    this.job = undefined;
    void this.close();
    job?.reject(e);
  }

  /** Reads `file`, handing each batch of rows to `onRows` as it comes; cancelled by `signal`. */
  read(
    request: ReadRequest,
    signal: AbortSignal,
    onRows: Job['onRows'],
    onProgress?: Job['onProgress'],
  ): Promise<StreamedCsv> {
    return new Promise<StreamedCsv>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      if (this.closing || this.job) return reject(new ReaderFailure('the reader thread is closed or busy'));
      const onAbort = (): void => {
        this.job = undefined;
        void this.close();
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done =
        <T>(f: (v: T) => void) =>
        (v: T): void => {
          signal.removeEventListener('abort', onAbort);
          f(v);
        };
      this.job = { onRows, onProgress, resolve: done(resolve), reject: done(reject) };
      this.worker.postMessage(request);
    });
  }

  /** Stops the thread (at once, even mid-read); resolves once it has exited, however often it is called. */
  close(): Promise<void> {
    this.closing ??= this.worker.terminate().then(() => undefined);
    return this.closing;
  }
}

/** What a streamed training's first pass does with each row the reader sends (see streamedTraining.ts). */
export interface FirstPassSink {
  /** A validation candidate (row: its index among the kept rows), offered to the split. */
  offer: (row: number, text: string, seen: number) => void;
  /** A training row as its features ids[from..from + count), its text `chars` characters long. */
  onFeatures: (ids: Uint32Array, from: number, count: number, chars: number, seen: number) => void;
}

/** The options without what cannot cross to the thread (its callbacks and signal stay on this side). */
function crossable(options: ReadCsvOptions): ReaderCsvOptions {
  const { onProgress: _onProgress, signal: _signal, ...rest } = options;
  return rest;
}

/**
 * A streamed training's first pass (streamLabelledCsv's result) on the reader thread: the test rows skipped,
 * the candidates handed on with their texts and the training rows featurised there, in the file's order. A
 * ReaderFailure leaves the sink half fed: the caller starts the whole pass again on this thread.
 */
export function firstPassOnReader(
  reader: ReaderThread,
  file: string,
  options: ReadCsvOptions & { signal: AbortSignal },
  split: ReaderSplit,
  features: FeatureOptions,
  sink: FirstPassSink,
): Promise<StreamedCsv> {
  let row = 0;
  const onRows = (m: RowsMessage): void => {
    let candidate = 0;
    let from = 0;
    for (let r = 0; r < m.kinds.length; r++, row++) {
      const kind = m.kinds[r];
      if (kind === RowKind.Candidate) sink.offer(row, m.texts[candidate++], m.seen[r]);
      else if (kind === RowKind.Training) sink.onFeatures(m.ids, from, m.ends[r] - from, m.chars[r], m.seen[r]);
      from = m.ends[r];
    }
  };
  return reader.read({ file, options: crossable(options), features, split }, options.signal, onRows, options.onProgress);
}
