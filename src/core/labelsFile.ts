// The labels file: corrections the user made while reading ("this line is negative"), one `text,label` row
// each, in a CSV the user chose. Created with the model's column names; every correction is appended —
// existing rows are never rewritten — under the file's lock, as one write, after checking the file as it is
// on disk now (its header, whether it ends with a line break), so a file edited, emptied or deleted since
// the last correction is handled rather than corrupted. csv-stringify quotes, csv-parse reads.
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as lockfile from 'proper-lockfile';
import { coreText } from './coreText';
import { DataError } from './dataError';

export interface LabelColumns {
  textColumn: string;
  labelColumn: string;
}

/** Longest header line read to find the columns: a header is a line of names. */
const HEADER_BYTES = 64 * 1024;

const LOCK_OPTIONS = { realpath: false, stale: 10_000, retries: { retries: 100, factor: 1.2, minTimeout: 10, maxTimeout: 200, randomize: true } };

/** The first record (the header) of `file`, or undefined when the file is missing or empty. */
async function readHeader(file: string): Promise<{ header: string[] | undefined; endsWithNewline: boolean; eol: string }> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { header: undefined, endsWithNewline: true, eol: '\n' };
    throw e;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return { header: undefined, endsWithNewline: true, eol: '\n' };
    const head = Buffer.alloc(Math.min(size, HEADER_BYTES));
    await handle.read(head, 0, head.length, 0);
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    const firstLine = text.split(/\r?\n/)[0];
    const [header] = parse(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][];
    // Rows end as the file's own do: a reader takes its record delimiter from the first line.
    const eol = text.startsWith(`${firstLine}\r\n`) ? '\r\n' : '\n';
    return { header: header?.map((h) => h.trim()), endsWithNewline: last[0] === 0x0a, eol };
  } finally {
    await handle.close();
  }
}

/**
 * Appends one correction to the labels file `file`, creating it (with `columns` as its header) when it is
 * missing or empty. Other columns of an existing file get empty cells. A DataError when the file's header
 * has not both columns (it was changed on disk, or is another CSV).
 */
export async function appendCorrection(file: string, correction: { text: string; label: string }, columns: LabelColumns): Promise<void> {
  if (correction.text.trim() === '' || correction.label.trim() === '') throw new RangeError('a correction needs a text and a label');
  file = path.resolve(file);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  // The lock is a sibling folder (.NAME.lock); the file itself may not exist yet.
  const release = await lockfile.lock(file, { ...LOCK_OPTIONS, lockfilePath: path.join(path.dirname(file), `.${path.basename(file)}.lock`), onCompromised: () => undefined });
  try {
    const { header, endsWithNewline, eol } = await readHeader(file);
    if (!header) {
      // New (or emptied): the header and the row in one write; 'w' only replaces an empty file.
      await fsp.writeFile(file, stringify([[columns.textColumn, columns.labelColumn], [correction.text, correction.label]]));
      return;
    }
    const textAt = header.indexOf(columns.textColumn);
    const labelAt = header.indexOf(columns.labelColumn);
    if (textAt < 0 || labelAt < 0) {
      const missing = textAt < 0 ? columns.textColumn : columns.labelColumn;
      throw new DataError('missing-column', file, coreText('labelsFileMissingColumn', header.join(', '), missing, columns.textColumn, columns.labelColumn), 1);
    }
    const row = header.map(() => '');
    row[textAt] = correction.text;
    row[labelAt] = correction.label;
    // One write of the whole row (and the line break a hand-edited file may lack): O_APPEND, never a rewrite.
    await fsp.appendFile(file, (endsWithNewline ? '' : eol) + stringify([row], { record_delimiter: eol === '\r\n' ? 'windows' : 'unix' }));
  } finally {
    await release();
  }
}

/** Rows of the labels file with both a text and a label (0 when it is missing or lacks the columns); a DataError when it is not a regular file. */
export async function countCorrections(file: string, columns: LabelColumns): Promise<number> {
  const stat = await fsp.stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!stat) return 0;
  // A FIFO would be waited on for good.
  if (!stat.isFile()) throw new DataError('not-a-file', file, coreText('fileNotRegular', file));
  // Streamed and counted as parsed, nothing kept: the count runs on the extension host, and a labels file the user
  // chose may be a large CSV — its memory stays a chunk's, and the thread is given back between chunks.
  let columnsAt: [number, number] | undefined;
  let header = true;
  let count = 0;
  const counter = parseStream({
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[]) => {
      if (header) {
        header = false;
        const names = record.map((h) => h.trim());
        const at: [number, number] = [names.indexOf(columns.textColumn), names.indexOf(columns.labelColumn)];
        if (at[0] >= 0 && at[1] >= 0) columnsAt = at;
      } else if (columnsAt && (record[columnsAt[0]] ?? '').trim() !== '' && (record[columnsAt[1]] ?? '').trim() !== '') {
        count++;
      }
      return null;
    },
  });
  await pipeline(createReadStream(file), counter.resume());
  return count;
}

/**
 * The CSV record `record` (one record's text, possibly several lines) with its cell in column `column` set
 * to `label`, written back by csv-stringify (a field quoted only where needed); undefined when the text is
 * not one record with that column.
 */
export function withLabelCell(record: string, column: number, label: string): string | undefined {
  let records: string[][];
  try {
    records = parse(record, { relax_quotes: true, relax_column_count: true }) as string[][];
  } catch {
    return undefined;
  }
  if (records.length !== 1 || column < 0 || column >= records[0].length) return undefined;
  const fields = [...records[0]];
  fields[column] = label;
  return stringify([fields], { record_delimiter: record.includes('\r\n') ? '\r\n' : '\n' }).replace(/\r?\n$/, '');
}

/** The columns of a CSV header line (csv-parse), or undefined when it is not one. */
export function headerColumns(line: string): string[] | undefined {
  try {
    const [header] = parse(line.replace(/^\uFEFF/, ''), { relax_quotes: true, relax_column_count: true }) as string[][];
    return header?.map((h) => h.trim());
  } catch {
    return undefined;
  }
}
