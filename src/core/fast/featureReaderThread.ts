// The reader thread's entry (a bundle of its own, dist/featureReader.js: csv-parse and the featuriser only, so
// it starts in a few milliseconds): a streamed training's first pass read as streamLabelledCsv reads it (the
// same checks and errors), each training row featurised here (tokens and n-gram hashes: the pure half of
// featurising), the rows posted in batches of typed arrays. The training thread keeps the id table, the
// dictionary's decisions, the validation sample and the spill, in the file's order. It never runs more than
// `maxInFlight` batches ahead, so its memory is a few batches whatever the file's size.
import { parentPort, workerData } from 'node:worker_threads';
import { DataError, streamLabelledCsv } from '../csv';
import { StreamSplit } from '../streamSplit';
import { Featurizer } from './features';
import { RowKind, type ReaderMessage, type ReaderSetup, type ReadRequest } from './readerProtocol';

/** Rows per batch: a message costs little per row, and the training thread starts on the first ones early. */
const BATCH_ROWS = 512;

const port = parentPort!;
const { inFlight, maxInFlight } = workerData as ReaderSetup;

function post(message: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Waits (blocking this thread only: the parser is paused with it) while the training thread has `maxInFlight` batches to take. */
function waitForRoom(): void {
  for (;;) {
    const now = Atomics.load(inFlight, 0);
    if (now < maxInFlight) return;
    Atomics.wait(inFlight, 0, now, 100);
  }
}

async function read({ file, options, features, split }: ReadRequest): Promise<void> {
  const fz = new Featurizer(features);
  const rowSplit = new StreamSplit(split.seed, split.testSize, split.validationFraction);
  const kinds = new Uint8Array(BATCH_ROWS);
  const seen = new Int32Array(BATCH_ROWS);
  const chars = new Int32Array(BATCH_ROWS);
  const ends = new Int32Array(BATCH_ROWS);
  let ids = new Uint32Array(BATCH_ROWS * 256);
  let texts: string[] = [];
  let rows = 0;
  let at = 0;
  let row = 0;
  const flush = (): void => {
    if (rows === 0) return;
    waitForRoom();
    Atomics.add(inFlight, 0, 1);
    const m = { type: 'rows' as const, kinds: kinds.slice(0, rows), seen: seen.slice(0, rows), chars: chars.slice(0, rows), texts, ids: ids.slice(0, at), ends: ends.slice(0, rows) };
    post(m, [m.kinds.buffer, m.seen.buffer, m.chars.buffer, m.ids.buffer, m.ends.buffer]);
    texts = [];
    rows = 0;
    at = 0;
  };
  const data = await streamLabelledCsv(
    file,
    { ...options, onProgress: (rowsRead, readFraction) => post({ type: 'progress', rowsRead, readFraction }) },
    (text, seenIndex) => {
      const r = rows++;
      const kind = rowSplit.isTest(row) ? RowKind.Test : rowSplit.isCandidate(row) ? RowKind.Candidate : RowKind.Training;
      row++;
      kinds[r] = kind;
      seen[r] = seenIndex;
      chars[r] = text.length;
      if (kind === RowKind.Candidate) texts.push(text);
      else if (kind === RowKind.Training) {
        const count = fz.run(text);
        if (at + count > ids.length) {
          const more = new Uint32Array(Math.max(ids.length * 2, at + count));
          more.set(ids.subarray(0, at));
          ids = more;
        }
        ids.set(fz.ids.subarray(0, count), at);
        at += count;
      }
      ends[r] = at;
      if (rows === BATCH_ROWS) flush();
    },
  );
  flush();
  post({ type: 'done', data });
}

port.on('message', (request: ReadRequest) => {
  read(request).catch((e: unknown) => {
    if (e instanceof DataError) post({ type: 'dataError', code: e.code, file: e.file, text: e.text, line: e.line });
    else post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  });
});
