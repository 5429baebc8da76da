// Reads a labelled CSV (text + label columns) with csv-parse, streaming, and turns every way a file can be
// wrong into one DataError naming the file, the line and the problem. Only the two chosen columns are kept.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { createReadStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { CsvError } from 'csv-parse';

export type DataErrorCode =
  | 'not-found'
  | 'empty-file'
  | 'header-only'
  | 'missing-column'
  | 'ragged-row'
  | 'unterminated-quote'
  | 'csv-syntax'
  | 'binary-file'
  | 'invalid-utf8'
  | 'no-texts'
  | 'single-class'
  | 'too-few-rows'
  | 'unknown-label';

/** Bad input: what is wrong, in which file, at which line (1-based, when one line is to blame). */
export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

export interface ReadCsvOptions {
  /** Column names; when absent they are detected (see {@link chooseColumns}). */
  textColumn?: string;
  labelColumn?: string;
  /**
   * The label list of an existing model (evaluate): rows are mapped onto it, and a label outside it is an
   * error. Without it the labels are those of the file, in {@link sortLabels} order, and at least two are required.
   */
  labels?: readonly string[];
  onProgress?: (rowsRead: number) => void;
  signal?: AbortSignal;
}

export interface LabelledData {
  file: string;
  /** Hex SHA-256 of the file's bytes, computed while reading. */
  sha256: string;
  columns: string[];
  textColumn: string;
  labelColumn: string;
  /** Label names; `y` indexes into them. */
  labels: string[];
  texts: string[];
  y: number[];
  /** Line where each label first appears (same order as `labels`; 0 if it never does). */
  firstLines: number[];
  /** Data rows read (header excluded), kept or not. */
  rowsRead: number;
  /** Rows dropped because their text (or label) was empty. */
  skippedEmptyText: number;
  skippedEmptyLabel: number;
}

const LABEL_NAMES = ['label', 'labels', 'sentiment', 'class', 'category', 'target', 'polarity', 'y', '标签', '情感', '类别', '极性', '分类'];
const TEXT_NAMES = ['text', 'review', 'sentence', 'content', 'comment', 'body', 'message', 'tweet', 'document', 'x', '文本', '评论', '内容', '句子', '评价'];
/** Rows looked at to detect the columns when they are not named. */
const SAMPLE_ROWS = 1000;
/** A label column has at most this many distinct values in the sample. */
const MAX_LABELS = 50;

/**
 * Label order saved with a model: numeric labels ('0', '1', '10') in numeric order, any others in
 * code-point order — the order scikit-learn's `np.unique` gives — so the same data always yields the same
 * class indices whatever the row order.
 */
export function sortLabels(labels: Iterable<string>): string[] {
  const list = [...new Set(labels)];
  const numeric = list.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Picks the text and label columns: a name given by the caller (exact, then case-insensitive), else a
 * conventional name ('text', 'label', '评论', …), else the data: the label is the column with the fewest
 * distinct values (at least 2, at most 50), the text the remaining column with the longest average value.
 */
export function chooseColumns(
  file: string,
  header: readonly string[],
  sample: readonly (readonly string[])[],
  wanted: { textColumn?: string; labelColumn?: string },
): { text: number; label: number } {
  const found = `columns found: ${header.map((h) => JSON.stringify(h)).join(', ')}`;
  const byName = (name: string, what: string): number => {
    let i = header.indexOf(name);
    if (i < 0) i = header.findIndex((h) => h.trim().toLowerCase() === name.trim().toLowerCase());
    if (i < 0) throw new DataError('missing-column', file, `No ${what} column named "${name}" (${found}).`, 1);
    return i;
  };
  const conventional = (names: string[], exclude: number): number =>
    header.findIndex((h, i) => i !== exclude && names.includes(h.trim().toLowerCase()));

  if (header.length < 2) {
    throw new DataError('missing-column', file, `A labelled CSV needs a text column and a label column (${found}).`, 1);
  }
  let label = wanted.labelColumn !== undefined ? byName(wanted.labelColumn, 'label') : -1;
  let text = wanted.textColumn !== undefined ? byName(wanted.textColumn, 'text') : -1;
  if (label < 0) label = conventional(LABEL_NAMES, text);
  if (text < 0) text = conventional(TEXT_NAMES, label);
  if (label < 0) {
    let best = Infinity;
    header.forEach((_, i) => {
      if (i === text) return;
      const distinct = new Set(sample.map((r) => r[i].trim())).size;
      if (distinct >= 2 && distinct <= MAX_LABELS && distinct < best) {
        best = distinct;
        label = i;
      }
    });
    if (label < 0) {
      throw new DataError('missing-column', file, `Could not tell which column holds the labels: no column has between 2 and ${MAX_LABELS} distinct values; name it with --label (${found}).`, 1);
    }
  }
  if (text < 0) {
    let best = -1;
    header.forEach((_, i) => {
      if (i === label) return;
      const mean = sample.reduce((s, r) => s + r[i].length, 0) / Math.max(1, sample.length);
      if (mean > best) {
        best = mean;
        text = i;
      }
    });
  }
  if (text === label) throw new DataError('missing-column', file, `The text and label columns are both "${header[text]}" (${found}).`, 1);
  return { text, label };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete UTF-8 sequence at the very end of `bytes` (0–3), to carry into the next chunk. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

/** Line breaks (LF, CRLF or a lone CR) in bytes[0..end). */
function countNewlines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  if (bytes.indexOf(0x0d) >= 0) {
    for (let i = 0; i < end; i++) if (bytes[i] === 0x0d && i + 1 < bytes.length && bytes[i + 1] !== 0x0a) n++;
  }
  return n;
}

/**
 * CRLF and lone CR → LF. A CR at the very end of a chunk is held back (`pendingCR`): whether it was a CRLF
 * is known only from the next chunk's first byte.
 */
function toLf(bytes: Buffer, pendingCR: boolean): { bytes: Buffer; pendingCR: boolean } {
  if (!pendingCR && bytes.indexOf(0x0d) < 0) return { bytes, pendingCR: false };
  const out = Buffer.allocUnsafe(bytes.length + 1);
  let n = 0;
  let i = 0;
  if (pendingCR) {
    out[n++] = 0x0a;
    if (bytes[0] === 0x0a) i = 1;
  }
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x0d) {
      out[n++] = b;
    } else if (i + 1 === bytes.length) {
      return { bytes: out.subarray(0, n), pendingCR: true };
    } else {
      out[n++] = 0x0a;
      if (bytes[i + 1] === 0x0a) i++;
    }
  }
  return { bytes: out.subarray(0, n), pendingCR: false };
}

/** Line breaks inside the fields of a record (all \n by then, see the decoding loop). */
function lineBreaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Streams `file` and returns its texts and label indices, or throws one {@link DataError}. */
export async function readLabelledCsv(file: string, options: ReadCsvOptions = {}): Promise<LabelledData> {
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat || !stat.isFile()) throw new DataError('not-found', file, 'File not found.');
  if (stat.size === 0) throw new DataError('empty-file', file, 'The file is empty: a header row (for example "text,label") and labelled rows are needed.');

  const fixedLabels = options.labels ? new Map(options.labels.map((l, i) => [l, i])) : undefined;
  const hash = createHash('sha256');
  let header: string[] | undefined;
  let columns: { text: number; label: number } | undefined;
  let sample: { fields: string[]; line: number }[] | undefined = [];
  const texts: string[] = [];
  const rawLabels: string[] = [];
  const y: number[] = [];
  const labelIndex = new Map<string, number>();
  const labelFirstLine = new Map<string, number>();
  let rowsRead = 0;
  let skippedEmptyText = 0;
  let skippedEmptyLabel = 0;
  let lastRecordEnd = 0;
  let failure: Error | undefined;

  const keep = (fields: string[], line: number): void => {
    const { text: ti, label: li } = columns!;
    const text = fields[ti];
    const label = fields[li].trim();
    if (label === '') {
      skippedEmptyLabel++;
      return;
    }
    if (text.trim() === '') {
      skippedEmptyText++;
      return;
    }
    if (fixedLabels) {
      const k = fixedLabels.get(label);
      if (k === undefined) {
        throw new DataError('unknown-label', file, `Line ${line}: the label "${label}" is not one the model knows (${[...fixedLabels.keys()].join(', ')}).`, line);
      }
      y.push(k);
    } else {
      let k = labelIndex.get(label);
      if (k === undefined) {
        k = labelIndex.size;
        labelIndex.set(label, k);
        labelFirstLine.set(label, line);
      }
      y.push(k);
      rawLabels.push(label);
    }
    texts.push(text);
  };

  const onRecord = (fields: string[], line: number): void => {
    if (!header) {
      header = fields.map((h) => h.trim());
      if (options.textColumn !== undefined && options.labelColumn !== undefined) {
        columns = chooseColumns(file, header, [], options);
        sample = undefined;
      }
      return;
    }
    if (fields.length !== header.length) {
      throw new DataError('ragged-row', file, `Line ${line} has ${plural(fields.length, 'field')} but the header has ${header.length}${fields.length > header.length ? ' (an unquoted comma in the text? quote such fields with ")' : ''}.`, line);
    }
    rowsRead++;
    if (rowsRead % 5000 === 0) options.onProgress?.(rowsRead);
    if (sample) {
      sample.push({ fields, line });
      if (sample.length >= SAMPLE_ROWS) flushSample();
      return;
    }
    keep(fields, line);
  };

  const flushSample = (): void => {
    if (!sample || !header) return;
    columns = chooseColumns(file, header, sample.map((s) => s.fields), options);
    const rows = sample;
    sample = undefined;
    for (const r of rows) keep(r.fields, r.line);
  };

  const parser = parse({
    relax_column_count: true, // checked in onRecord, with a message that says what to do
    relax_quotes: true, // a bare " inside an unquoted field is kept as text, as spreadsheets write it
    record_delimiter: '\n',
  });
  // Line numbers are counted here rather than taken from csv-parse's per-record info object (which costs a
  // third of the parse): every line end is \n by now (see the decoding loop), so a record starts on the line
  // after the previous one ended, and blank lines arrive as records of one empty field.
  let nextLine = 1;
  parser.on('data', (fields: string[]) => {
    if (failure) return;
    const line = nextLine;
    const breaks = lineBreaksIn(fields);
    nextLine += 1 + breaks;
    lastRecordEnd = line + breaks;
    if (fields.length === 1 && fields[0] === '') return; // a blank line
    try {
      onRecord(fields, line);
    } catch (e) {
      failure = e as Error;
      parser.destroy(failure);
    }
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', () => resolve());
    parser.on('error', (e: Error) => {
      failure ??= e;
      resolve();
    });
  });

  let carry = new Uint8Array(0);
  let linesBefore = 0; // line breaks in the bytes already passed on
  let first = true;
  let pendingCR = false;
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  const abort = (): void => {
    failure ??= options.signal?.reason instanceof Error ? options.signal.reason : new Error('Cancelled');
    stream.destroy();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    if (options.signal?.aborted) abort();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (failure) break;
      hash.update(chunk);
      let bytes: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (first) {
        if (bytes.subarray(0, 8192).includes(0)) {
          throw new DataError('binary-file', file, 'This is a binary file, not a CSV text file (it contains NUL bytes). Export the sheet as CSV (UTF-8) first.');
        }
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        first = false;
      }
      // Chunks are cut at character boundaries (a split character waits for the next chunk), so each one can
      // be checked on its own and csv-parse never sees half a character.
      const tail = incompleteTail(bytes);
      carry = Uint8Array.from(bytes.subarray(bytes.length - tail));
      const body = bytes.subarray(0, bytes.length - tail);
      if (!isUtf8(body)) {
        const at = Math.max(0, firstInvalidUtf8(body));
        const line = linesBefore + countNewlines(body, at) + 1;
        throw new DataError('invalid-utf8', file, `Line ${line} is not valid UTF-8 (byte 0x${body[at].toString(16).padStart(2, '0')}). Save the file as UTF-8.`, line);
      }
      linesBefore += countNewlines(body, body.length);
      // Line ends become \n before csv-parse sees them: it counts a CRLF inside quotes as two lines (which
      // would shift every later line number) and it picks a single record delimiter per file.
      const normalized = toLf(body, pendingCR);
      pendingCR = normalized.pendingCR;
      if (!parser.write(normalized.bytes)) await Promise.race([once(parser, 'drain'), ended]);
    }
    if (!failure && carry.length) {
      const line = linesBefore + 1;
      throw new DataError('invalid-utf8', file, `Line ${line} is not valid UTF-8: the file ends in the middle of a character.`, line);
    }
    if (pendingCR) parser.write(Buffer.from('\n'));
    parser.end();
    await ended;
  } catch (e) {
    parser.destroy();
    options.signal?.throwIfAborted();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  options.signal?.throwIfAborted();
  if (failure) throw toDataError(failure, file, lastRecordEnd);
  if (!header) throw new DataError('empty-file', file, 'The file has no rows: a header row (for example "text,label") and labelled rows are needed.');
  if (rowsRead === 0) throw new DataError('header-only', file, `The file has a header (${header.join(', ')}) but no data rows.`, 1);
  flushSample();
  options.onProgress?.(rowsRead);
  if (texts.length === 0) {
    throw new DataError('no-texts', file, `All ${plural(rowsRead, 'row')} have an empty text or label in columns "${header[columns!.text]}" / "${header[columns!.label]}".`);
  }

  let labels: string[];
  let finalY = y;
  let firstLines: number[];
  if (options.labels) {
    labels = [...options.labels];
    firstLines = labels.map(() => 0);
  } else {
    labels = sortLabels(labelIndex.keys());
    if (labels.length < 2) {
      throw new DataError('single-class', file, `Every row has the label "${labels[0]}": a classifier needs at least two classes in column "${header[columns!.label]}".`);
    }
    const remap = new Map(labels.map((l, i) => [labelIndex.get(l)!, i]));
    finalY = y.map((k) => remap.get(k)!);
    firstLines = labels.map((l) => labelFirstLine.get(l) ?? 0);
  }
  return {
    file,
    sha256: hash.digest('hex'),
    columns: header,
    textColumn: header[columns!.text],
    labelColumn: header[columns!.label],
    labels,
    texts,
    y: finalY,
    firstLines,
    rowsRead,
    skippedEmptyText,
    skippedEmptyLabel,
  };
}

function toDataError(e: Error, file: string, lastRecordEnd: number): Error {
  if (e instanceof DataError) return e;
  const csv = e as Partial<CsvError> & { lines?: number };
  const line = typeof csv.lines === 'number' ? csv.lines : undefined;
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const start = lastRecordEnd + 1;
      return new DataError('unterminated-quote', file, `A quoted field starting on line ${start} is never closed: the file ends inside the quotes. Close the quote (") or double quotes inside the text ("").`, start);
    }
    case undefined:
      return e;
    default:
      return new DataError('csv-syntax', file, `Line ${line ?? '?'}: ${e.message.replace(/ at line \d+/, '')}`, line);
  }
}
