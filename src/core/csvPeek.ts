// A quick look at the head of a CSV for the column pickers: the header, a few values of each column and the
// columns training would choose. It decodes (csvBytes.ts), finds the separator (csvDialect.ts), parses with
// csv-parse and decides with the engine's own chooseColumns (csvColumns.ts), so the guess offered in the picker
// is the engine's; it never judges the file (the engine's full read does that), except a head that cannot be
// decoded at all, which it hands back so the picker can say so before asking anything.
import { promises as fsp } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { utf8LfChunks } from './csvBytes';
import { chooseColumns, repeatsHeader } from './csvColumns';
import { DataError } from './dataError';
import { preferredDelimiter, sniffDialect } from './csvDialect';

export interface ColumnPeek {
  name: string;
  /** Up to `samplesPerColumn` distinct non-empty values, in file order. */
  samples: string[];
  /** Distinct values among the rows looked at. */
  distinct: number;
}

export interface CsvPeek {
  columns: ColumnPeek[];
  /** Data rows looked at. */
  rows: number;
  /** The engine's choice of columns on these rows, when it can make one. */
  guess?: { textColumn: string; labelColumn: string };
  /** Why nothing could be read (a binary file, text in another encoding): the error training would give. */
  unreadable?: DataError;
}

export interface PeekOptions {
  /** Data rows to read (the engine's detection samples COLUMN_SAMPLE_ROWS; the picker needs fewer to feel instant). */
  maxRows?: number;
  samplesPerColumn?: number;
  /** Bytes to read at most, whatever the row count (a file of one huge row stays quick). */
  maxBytes?: number;
  /** The file's encoding, as training will be told (see csvBytes.ts). */
  encoding?: string;
}

/** The decoded head of `file` (what decodes before a bad byte, if any), whether it is the whole file, and why decoding stopped. */
async function readHead(file: string, maxBytes: number, encoding: string | undefined): Promise<{ text: string; complete: boolean; error?: DataError }> {
  const chunks: Buffer[] = [];
  let error: DataError | undefined;
  try {
    for await (const chunk of utf8LfChunks(file, { maxBytes, encoding })) chunks.push(chunk);
  } catch (e) {
    // Unreadable, binary or badly encoded: what came before is all there is to show.
    if (e instanceof DataError) error = e;
  }
  const size = await fsp.stat(file).then((s) => s.size, () => Infinity);
  return { text: Buffer.concat(chunks).toString('utf8'), complete: size <= maxBytes, error };
}

/** Reads the head of `file`. An unreadable or malformed head gives what could be read (possibly no columns). */
export async function peekCsv(file: string, options: PeekOptions = {}): Promise<CsvPeek> {
  const maxRows = options.maxRows ?? 300;
  const perColumn = options.samplesPerColumn ?? 3;
  const head = await readHead(file, options.maxBytes ?? 1 << 20, options.encoding);
  const dialect = sniffDialect(head.text, { preferred: preferredDelimiter(file), complete: head.complete });
  const records: string[][] = [];
  try {
    parse(dialect.sepLine ? head.text.slice(dialect.sepLine.length) : head.text, {
      delimiter: dialect.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: maxRows + 1,
      on_record: (record: string[]) => {
        records.push(record);
        return null;
      },
    });
  } catch {
    // A truncated last record or a syntax error past the first rows: keep what was read.
  }
  const [header, ...rows] = records;
  if (!header) return head.error ? { columns: [], rows: 0, unreadable: head.error } : { columns: [], rows: 0 };
  const names = header.map((h) => h.trim());
  // A row repeating the header (files joined together) is skipped, as training skips it.
  const wellFormed = rows.filter((r) => r.length === names.length && !repeatsHeader(r, names));
  const columns = names.map((name, i) => {
    const seen = new Set<string>();
    const samples: string[] = [];
    for (const r of wellFormed) {
      const v = r[i].trim();
      if (v === '' || seen.has(v)) {
        seen.add(v);
        continue;
      }
      seen.add(v);
      if (samples.length < perColumn) samples.push(v);
    }
    seen.delete('');
    return { name, samples, distinct: seen.size };
  });
  let guess: CsvPeek['guess'];
  try {
    const chosen = chooseColumns(file, names, wellFormed, {});
    guess = { textColumn: names[chosen.text], labelColumn: names[chosen.label] };
  } catch {
    guess = undefined; // the picker then pre-selects nothing; the engine will say what is wrong
  }
  return { columns, rows: wellFormed.length, guess };
}
