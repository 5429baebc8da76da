// A quick look at the head of a CSV for the column pickers: the header, a few values of each column and the
// columns training would choose. It parses with csv-parse and decides with the engine's own chooseColumns
// (csvColumns.ts), so the guess offered in the picker is the engine's; it never judges the file (the engine's
// full read does that).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { chooseColumns } from './csvColumns';

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
}

export interface PeekOptions {
  /** Data rows to read (the engine's detection samples COLUMN_SAMPLE_ROWS; the picker needs fewer to feel instant). */
  maxRows?: number;
  samplesPerColumn?: number;
  /** Bytes to read at most, whatever the row count (a file of one huge row stays quick). */
  maxBytes?: number;
}

/** Reads the head of `file`. An unreadable or malformed head gives what could be read (possibly no columns). */
export async function peekCsv(file: string, options: PeekOptions = {}): Promise<CsvPeek> {
  const maxRows = options.maxRows ?? 300;
  const perColumn = options.samplesPerColumn ?? 3;
  const records: string[][] = [];
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file, { end: (options.maxBytes ?? 1 << 20) - 1 });
    const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: maxRows + 1 });
    const finish = (): void => {
      stream.destroy();
      resolve();
    };
    parser.on('readable', () => {
      let r: string[] | null;
      while ((r = parser.read() as string[] | null) !== null) records.push(r);
    });
    parser.on('end', finish);
    // A truncated last record or a syntax error past the first rows: keep what was read.
    parser.on('error', finish);
    stream.on('error', finish);
    stream.pipe(parser);
  });
  const [header, ...rows] = records;
  if (!header) return { columns: [], rows: 0 };
  const names = header.map((h) => h.trim());
  const wellFormed = rows.filter((r) => r.length === names.length);
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
