// How a CSV file separates its fields, read from its head: Excel's "sep=X" first line when there is one, else
// the separator (comma, semicolon, tab or pipe) that splits the header and the first rows into the same number
// of fields (at least two). Rows are split by csv-parse itself, so quoted separators and line breaks count as
// text. One decision for training (csv.ts), the column picker (csvPeek.ts) and the CSV editor (lines.ts).
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { coreText, type CoreText } from './coreText';

/** The separators looked for, in the order a tie goes (the comma first: what "CSV" means). */
export const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** Records (the header included) the separator is judged on. */
export const SNIFF_RECORDS = 50;

/** The head of a file handed to sniffDialect: enough for SNIFF_RECORDS ordinary rows, quick on a huge one. */
export const SNIFF_BYTES = 1 << 16;

export interface CsvDialect {
  delimiter: string;
  /** Excel's first line naming the separator ("sep=;" and its line end), which is not part of the table. */
  sepLine?: string;
}

/** Excel writes `sep=;` as the first line of a file it should open with that separator. */
const SEP_LINE = /^sep=([^\r\n])[ \t]*(?:\r\n|\n|\r|$)/i;

/** The separator a file's name asks for when separators tie: a .tsv file's tab (any case of the extension). */
export function preferredDelimiter(file: string): string | undefined {
  return path.extname(file).toLowerCase() === '.tsv' ? '\t' : undefined;
}

/** A separator named for a message: `","`, or the word for a tab. */
export function delimiterName(delimiter: string): string | CoreText {
  return delimiter === '\t' ? coreText('tabSeparator') : JSON.stringify(delimiter);
}

/**
 * The dialect of a file whose text starts with `head` (the whole text when `complete`). `preferred` (a .tsv
 * file's tab) goes first when separators tie.
 */
export function sniffDialect(head: string, options: { preferred?: string; complete?: boolean } = {}): CsvDialect {
  const sep = SEP_LINE.exec(head);
  if (sep) return { delimiter: sep[1], sepLine: sep[0] };
  const order = [...new Set([options.preferred ?? DELIMITERS[0], ...DELIMITERS])];
  let best = { delimiter: order[0], share: 0 };
  for (const delimiter of order) {
    // A separator the head never holds splits every record into one field: it cannot win, and parsing the
    // head again to say so was a tenth of a small training's reading.
    if (!head.includes(delimiter)) continue;
    const counts = fieldCounts(head, delimiter, options.complete ?? false);
    const width = counts[0];
    if (width === undefined || width < 2) continue;
    // The header decides the columns: the share of rows that agree with it.
    const share = counts.filter((n) => n === width).length / counts.length;
    if (share > best.share) best = { delimiter, share };
  }
  return { delimiter: best.delimiter };
}

/** Fields per record of `head` split on `delimiter`, the first SNIFF_RECORDS records, none cut by the head's end. */
function fieldCounts(head: string, delimiter: string, complete: boolean): number[] {
  const counts: number[] = [];
  let cut = !complete;
  try {
    parse(head, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      to: SNIFF_RECORDS + 1,
      // Counted here, not kept: a record returned as null is dropped.
      on_record: (record: string[]) => {
        counts.push(record.length);
        return null;
      },
    });
  } catch {
    // A quote still open where the head ends: the records before it are whole, the open one never came.
    cut = false;
  }
  if (counts.length > SNIFF_RECORDS || (cut && counts.length > 1)) counts.pop();
  return counts;
}
