// Reads a labelled CSV (text + label columns) with csv-parse, streaming, and turns every way a file can be
// wrong into one DataError naming the file, the line and the problem. Only the two chosen columns are kept.
// The parts: the bytes (csvBytes.ts: encoding, line ends), the separator (csvDialect.ts), the records (here:
// csv-parse, line numbers, the header, ragged rows, repeated headers), the columns (csvColumns.ts), the
// labels (csvLabels.ts). What it read differently from the plain case is said in `warnings`.
import { createHash } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import { utf8LfChunks } from './csvBytes';
import { COLUMN_SAMPLE_ROWS, chooseColumns, headerLooksLikeData, labelColumnFromValues, repeatsHeader } from './csvColumns';
import { SNIFF_BYTES, delimiterName, preferredDelimiter, sniffDialect, type CsvDialect } from './csvDialect';
import { DEFAULT_MAX_CLASSES, LabelCollector, type RowSink } from './csvLabels';
import { coreText, type CoreText } from './coreText';
import { DataError } from './dataError';

export { DataError, type DataErrorCode } from './dataError';

export interface ReadCsvOptions {
  /** Column names; when absent they are detected (see csvColumns.ts chooseColumns). */
  textColumn?: string;
  labelColumn?: string;
  /**
   * The label list of an existing model (evaluate): rows are mapped onto it, and a label outside it is an
   * error. Without it the labels are those of the file, in csvLabels.ts sortLabels order, and at least two are required.
   */
  labels?: readonly string[];
  /** Without `labels`: the most distinct labels accepted (default DEFAULT_MAX_CLASSES); one more is a DataError. */
  maxClasses?: number;
  /** The file's encoding (a WHATWG label: 'gb18030', 'utf-16le', …); a byte-order mark overrides it. Default UTF-8. */
  encoding?: string;
  /** Every 5,000 rows: the rows read, and the share of the file's bytes read (when its size is known). */
  onProgress?: (rowsRead: number, fractionRead?: number) => void;
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
  /** The line each kept row starts on (same order as `texts`). */
  lines: number[];
  /** Line where each label first appears (same order as `labels`; 0 if it never does). */
  firstLines: number[];
  /** Data rows read (header excluded), kept or not. */
  rowsRead: number;
  /** Rows dropped because their text (or label) was empty. */
  skippedEmptyText: number;
  skippedEmptyLabel: number;
  /** The field separator found (csvDialect.ts). */
  delimiter: string;
  /** What was read otherwise than a plain file would be (an Excel "sep=" line, repeated header rows). */
  warnings: CoreText[];
}

/** Line breaks inside the fields of a record (all \n by then, see csvBytes.ts). */
function lineBreaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

function raggedRowText(line: number, fields: number, headerFields: number, delimiter: string): CoreText {
  if (fields > headerFields) {
    return delimiter === ',' ? coreText('raggedRowMore', line, fields, headerFields) : coreText('raggedRowMoreSeparator', line, fields, headerFields, delimiterName(delimiter));
  }
  return fields === 1 ? coreText('raggedRowOne', line, headerFields) : coreText('raggedRowFewer', line, fields, headerFields);
}

/**
 * The data rows after the header, handed on once the columns are known: at once when both are named, else
 * after the first COLUMN_SAMPLE_ROWS rows (or at the end of a shorter file), from which they are detected.
 */
class ColumnRows {
  columns: { text: number; label: number } | undefined;
  private sample: { fields: string[]; line: number }[] | undefined = [];

  constructor(
    private readonly file: string,
    private readonly header: string[],
    private readonly headerLine: number,
    private readonly wanted: ReadCsvOptions,
    private readonly onRow: (fields: string[], line: number, columns: { text: number; label: number }) => void,
  ) {
    if (wanted.textColumn !== undefined && wanted.labelColumn !== undefined) this.choose([]);
  }

  add(fields: string[], line: number): void {
    if (!this.sample) return this.onRow(fields, line, this.columns!);
    this.sample.push({ fields, line });
    if (this.sample.length >= COLUMN_SAMPLE_ROWS) this.flush();
  }

  /** Chooses the columns from the rows held, if not yet done, and hands those rows on. */
  flush(): void {
    if (!this.sample) return;
    const rows = this.sample;
    this.choose(rows.map((r) => r.fields));
    for (const r of rows) this.onRow(r.fields, r.line, this.columns!);
  }

  private choose(sample: string[][]): void {
    this.columns = chooseColumns(this.file, this.header, sample, this.wanted);
    const looks = headerLooksLikeData(this.header, sample, this.columns, this.wanted);
    if (looks) {
      throw new DataError('no-header', this.file, coreText('noHeader', this.headerLine, looks.label, looks.text), this.headerLine);
    }
    this.sample = undefined;
  }
}

/** `file`'s stat, or a DataError naming it when it is missing or not a file (a folder, say). */
export async function statInputFile(file: string): Promise<Stats> {
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat) throw new DataError('not-found', file, coreText('fileNotFound'));
  if (stat.isDirectory()) throw new DataError('not-a-file', file, coreText('folderNotFile'));
  if (!stat.isFile() && !stat.isFIFO() && !stat.isCharacterDevice()) throw new DataError('not-a-file', file, coreText('notAFile'));
  return stat;
}

/** How many lines a warning about repeated header rows lists by number. */
const LINES_LISTED = 3;

/** "Line 6 repeats", "Lines 6, 12 and 20 repeat", "Lines 6, 12, 20 and 4 more repeat". */
function repeatedHeaderWarning(lines: readonly number[], count: number, header: readonly string[]): CoreText {
  const names = header.join(', ');
  const more = count - lines.length;
  if (count === 1) return coreText('repeatedHeader', lines[0], names);
  if (more > 0) return coreText('repeatedHeadersMore', lines.join(', '), more, names);
  return coreText('repeatedHeaders', lines.slice(0, -1).join(', '), lines[lines.length - 1], names);
}

/**
 * The file's chunks (see csvBytes.ts) with its dialect, read from the first SNIFF_BYTES before any record is
 * parsed; an Excel "sep=" line is taken out of the chunks.
 */
async function withDialect(file: string, chunks: AsyncGenerator<Buffer>): Promise<{ dialect: CsvDialect; chunks: AsyncIterable<Buffer> }> {
  const head: Buffer[] = [];
  let size = 0;
  let complete = false;
  while (size < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      complete = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  let first = Buffer.concat(head);
  const dialect = sniffDialect(first.toString('utf8'), { preferred: preferredDelimiter(file), complete });
  if (dialect.sepLine) first = first.subarray(Buffer.byteLength(dialect.sepLine));
  async function* replay(): AsyncGenerator<Buffer> {
    if (first.length) yield first;
    if (!complete) yield* chunks;
  }
  return { dialect, chunks: replay() };
}

/** Streams `file` and returns its texts and label indices, or throws one {@link DataError}. */
export async function readLabelledCsv(file: string, options: ReadCsvOptions = {}): Promise<LabelledData> {
  const { fromSeen: _, kept: __, ...data } = await readCsv(file, options);
  return data;
}

/** What a streamed reading learnt about the file: everything but the rows, which went to the sink. */
export type StreamedCsv = Omit<LabelledData, 'texts' | 'y' | 'lines'> & {
  /** The label index each row was handed on with → its index into `labels` (the identity with `options.labels`). */
  fromSeen: number[];
  /** Rows handed on. */
  kept: number;
};

/**
 * Streams `file` as readLabelledCsv reads it (same dialect, encoding, columns and errors), handing each kept row
 * to `onRow` instead of holding it: the memory is the parser's, whatever the file's size.
 */
export async function streamLabelledCsv(file: string, options: ReadCsvOptions, onRow: RowSink): Promise<StreamedCsv> {
  const { texts: _, y: __, lines: ___, ...data } = await readCsv(file, options, onRow);
  return data;
}

async function readCsv(file: string, options: ReadCsvOptions, onRow?: RowSink): Promise<LabelledData & { fromSeen: number[]; kept: number }> {
  const stat = await statInputFile(file);
  if (stat.isFile() && stat.size === 0) throw new DataError('empty-file', file, coreText('emptyFile'));

  const hash = createHash('sha256');
  const warnings: CoreText[] = [];
  let header: string[] | undefined;
  let headerLine = 1;
  let rows: ColumnRows | undefined;
  // The first rows, kept to suggest another label column when this one has far too many values.
  const firstRows: string[][] = [];
  const maxClasses = options.maxClasses ?? DEFAULT_MAX_CLASSES;
  const tooManyClasses = (label: string, line: number): DataError => {
    const { text, label: column } = rows!.columns!;
    const other = labelColumnFromValues(header!.length, firstRows, text, column);
    const facts = [header![column], maxClasses, line, label] as const;
    return new DataError(
      'too-many-classes',
      file,
      other >= 0 ? coreText('tooManyClassesOther', ...facts, header![other]) : coreText('tooManyClasses', ...facts),
      line,
    );
  };
  const collected = new LabelCollector(file, options.labels, maxClasses, tooManyClasses, onRow);
  let rowsRead = 0;
  // For the progress: a regular file's size (a pipe has none).
  const fileBytes = stat.isFile() ? stat.size : 0;
  let bytesRead = 0;
  let lastRecordEnd = 0;
  let failure: Error | undefined;
  const repeatedHeaders: number[] = [];
  let repeatedHeaderCount = 0;

  const onRawChunk = (raw: Buffer): void => {
    hash.update(raw);
    bytesRead += raw.length;
  };
  const bytes = utf8LfChunks(file, { signal: options.signal, encoding: options.encoding, onRawChunk });
  let dialect: CsvDialect;
  let chunks: AsyncIterable<Buffer>;
  try {
    ({ dialect, chunks } = await withDialect(file, bytes));
  } catch (e) {
    options.signal?.throwIfAborted();
    throw e;
  }
  if (dialect.sepLine) warnings.push(coreText('sepLine', dialect.sepLine.trim(), delimiterName(dialect.delimiter)));

  const onRecord = (fields: string[], line: number): void => {
    if (!header) {
      header = fields.map((h) => h.trim());
      headerLine = line;
      rows = new ColumnRows(file, header, line, options, (row, at, columns) => collected.add(row[columns.text], row[columns.label], at));
      return;
    }
    if (fields.length !== header.length) {
      throw new DataError('ragged-row', file, raggedRowText(line, fields.length, header.length, dialect.delimiter), line);
    }
    if (repeatsHeader(fields, header)) {
      if (repeatedHeaders.length < LINES_LISTED) repeatedHeaders.push(line);
      repeatedHeaderCount++;
      return;
    }
    rowsRead++;
    if (firstRows.length < COLUMN_SAMPLE_ROWS) firstRows.push(fields);
    if (rowsRead % 5000 === 0) options.onProgress?.(rowsRead, fileBytes > 0 ? Math.min(1, bytesRead / fileBytes) : undefined);
    rows!.add(fields, line);
  };

  const parser = parse({
    delimiter: dialect.delimiter,
    relax_column_count: true, // checked in onRecord, with a message that says what to do
    relax_quotes: true, // a bare " inside an unquoted field is kept as text, as spreadsheets write it
    record_delimiter: '\n',
  });
  // Line numbers are counted here rather than taken from csv-parse's per-record info object (which costs a
  // third of the parse): every line end is \n by now (see csvBytes.ts), so a record starts on the line
  // after the previous one ended, and blank lines arrive as records of one empty field.
  let nextLine = dialect.sepLine ? 2 : 1;
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

  try {
    for await (const chunk of chunks) {
      if (failure) break;
      if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), ended]);
    }
    parser.end();
    await ended;
  } catch (e) {
    parser.destroy();
    options.signal?.throwIfAborted();
    throw e;
  }
  options.signal?.throwIfAborted();
  if (failure) throw toDataError(failure, file, lastRecordEnd);
  if (!header || !rows) throw new DataError('empty-file', file, coreText('noRows'));
  if (rowsRead === 0) throw new DataError('header-only', file, coreText('headerOnly', header.join(', ')), headerLine);
  rows.flush();
  options.onProgress?.(rowsRead, 1);
  if (repeatedHeaderCount > 0) warnings.push(repeatedHeaderWarning(repeatedHeaders, repeatedHeaderCount, header));
  const columns = rows.columns!;
  if (collected.kept === 0) {
    const [text, label] = [header[columns.text], header[columns.label]];
    throw new DataError('no-texts', file, rowsRead === 1 ? coreText('noTextsOne', text, label) : coreText('noTexts', rowsRead, text, label));
  }
  const { labels, y, firstLines, fromSeen } = collected.finish(header[columns.label]);
  return {
    file,
    sha256: hash.digest('hex'),
    columns: header,
    textColumn: header[columns.text],
    labelColumn: header[columns.label],
    labels,
    texts: collected.texts,
    y,
    lines: collected.lines,
    firstLines,
    rowsRead,
    skippedEmptyText: collected.skippedEmptyText,
    skippedEmptyLabel: collected.skippedEmptyLabel,
    delimiter: dialect.delimiter,
    warnings,
    fromSeen,
    kept: collected.kept,
  };
}

function toDataError(e: Error, file: string, lastRecordEnd: number): Error {
  if (e instanceof DataError) return e;
  const csv = e as Partial<CsvError> & { lines?: number };
  const line = typeof csv.lines === 'number' ? csv.lines : undefined;
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const start = lastRecordEnd + 1;
      return new DataError('unterminated-quote', file, coreText('unterminatedQuote', start), start);
    }
    case undefined:
      return e;
    default:
      return new DataError('csv-syntax', file, coreText('csvSyntax', line ?? '?', e.message.replace(/ at line \d+/, '')), line);
  }
}
