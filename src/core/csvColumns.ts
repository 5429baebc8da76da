// Which column of a CSV holds the texts, and which the labels: one chooser for training (csv.ts), the
// training picker's guess (csvPeek.ts) and the sentiment decorations of a CSV editor (lineSelection.ts), so all three
// agree on the same file. No parser here: callers hand in parsed rows.
import { coreText } from './coreText';
import { DataError } from './dataError';

/** Header names taken as the text column, in order of preference (compared trimmed and case-insensitively). */
export const TEXT_COLUMN_NAMES: readonly string[] = [
  'text',
  'review',
  'review_text',
  'sentence',
  'content',
  'comment',
  'body',
  'message',
  'tweet',
  'document',
  'x',
  '文本',
  '评论',
  '内容',
  '句子',
  '评价',
];

/** Header names taken as the label column, in order of preference. */
export const LABEL_COLUMN_NAMES: readonly string[] = ['label', 'labels', 'sentiment', 'class', 'category', 'target', 'polarity', 'y', '标签', '情感', '类别', '极性', '分类'];

/** Rows looked at to choose a column from the data (the first ones). */
export const COLUMN_SAMPLE_ROWS = 1000;

/** A label column has at most this many distinct values in the sample. */
export const MAX_LABELS = 50;

const normal = (name: string): string => name.trim().toLowerCase();

/** The column called `name`: exactly, else trimmed and case-insensitively; -1 when there is none. */
export function columnNamed(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  return exact >= 0 ? exact : header.findIndex((h) => normal(h) === normal(name));
}

/** The column with the most preferred of `names`, other than `exclude`; -1 when none has one. */
function conventionalColumn(header: readonly string[], names: readonly string[], exclude: number): number {
  for (const name of names) {
    const column = header.findIndex((h, i) => i !== exclude && normal(h) === name);
    if (column >= 0) return column;
  }
  return -1;
}

/** The column whose values are longest in all over the sample (a missing cell counts as empty; ties: the first), other than `exclude`. */
function longestColumn(rows: readonly (readonly string[])[], width: number, exclude: number): number {
  const sample = rows.slice(0, COLUMN_SAMPLE_ROWS);
  let column = -1;
  let longest = -1;
  for (let c = 0; c < width; c++) {
    if (c === exclude) continue;
    const total = sample.reduce((sum, r) => sum + (r[c]?.length ?? 0), 0);
    if (total > longest) {
      longest = total;
      column = c;
    }
  }
  return column;
}

/**
 * The text column: the header's conventional text name ('text', 'review', '评论', …), else the column with the
 * longest values in the first rows, never `exclude` (the label column). `byName` says which rule decided:
 * a file whose first row names no text column may have no header at all (the editor then scores that row too).
 * -1 only when there is no other column.
 */
export function chooseTextColumn(header: readonly string[], rows: readonly (readonly string[])[], exclude = -1): { column: number; byName: boolean } {
  const named = conventionalColumn(header, TEXT_COLUMN_NAMES, exclude);
  if (named >= 0) return { column: named, byName: true };
  const width = Math.max(header.length, ...rows.slice(0, COLUMN_SAMPLE_ROWS).map((r) => r.length));
  return { column: longestColumn(rows, width, exclude), byName: false };
}

/** The label column from the data: the fewest distinct values, at least 2 and at most MAX_LABELS, none of `exclude`; -1 when none fits. */
export function labelColumnFromValues(width: number, rows: readonly (readonly string[])[], ...exclude: number[]): number {
  const sample = rows.slice(0, COLUMN_SAMPLE_ROWS);
  let label = -1;
  let best = Infinity;
  for (let c = 0; c < width; c++) {
    if (exclude.includes(c)) continue;
    const distinct = new Set(sample.map((r) => (r[c] ?? '').trim())).size;
    if (distinct >= 2 && distinct <= MAX_LABELS && distinct < best) {
      best = distinct;
      label = c;
    }
  }
  return label;
}

/**
 * The text and label columns of a labelled CSV with a header: a name given by the caller (see columnNamed),
 * else a conventional name, else the data — the label is the column with the fewest distinct values
 * (2 to MAX_LABELS), the text the remaining one chooseTextColumn picks. A DataError when they cannot be told.
 */
export function chooseColumns(
  file: string,
  header: readonly string[],
  sample: readonly (readonly string[])[],
  wanted: { textColumn?: string; labelColumn?: string },
): { text: number; label: number } {
  const found = header.map((h) => JSON.stringify(h)).join(', ');
  const byName = (name: string, what: 'noTextColumnNamed' | 'noLabelColumnNamed'): number => {
    const i = columnNamed(header, name);
    if (i < 0) throw new DataError('missing-column', file, coreText(what, name, found), 1);
    return i;
  };
  if (header.length < 2) {
    throw new DataError('missing-column', file, coreText('needsTwoColumns', found), 1);
  }
  let label = wanted.labelColumn !== undefined ? byName(wanted.labelColumn, 'noLabelColumnNamed') : -1;
  let text = wanted.textColumn !== undefined ? byName(wanted.textColumn, 'noTextColumnNamed') : -1;
  if (label < 0) label = conventionalColumn(header, LABEL_COLUMN_NAMES, text);
  if (text < 0) text = conventionalColumn(header, TEXT_COLUMN_NAMES, label);
  if (label < 0) {
    label = labelColumnFromValues(header.length, sample, text);
    if (label < 0) {
      throw new DataError('missing-column', file, coreText('labelColumnUnknown', MAX_LABELS, found), 1);
    }
  }
  if (text < 0) text = chooseTextColumn(header, sample, label).column;
  if (text === label) throw new DataError('missing-column', file, coreText('sameColumn', header[text], found), 1);
  return { text, label };
}

/** A header cell shown in a message: at most this many characters. */
const SHOWN_CELL = 60;

/**
 * When the first row of a file is data rather than a header — its label-column cell is one of the labels of
 * the rows below and neither chosen column has a conventional name — the two cells that say so (the text one
 * shortened); undefined when it reads as a header. Columns the caller named make it a header by definition.
 */
export function headerLooksLikeData(
  header: readonly string[],
  sample: readonly (readonly string[])[],
  columns: { text: number; label: number },
  wanted: { textColumn?: string; labelColumn?: string },
): { label: string; text: string } | undefined {
  if (wanted.textColumn !== undefined || wanted.labelColumn !== undefined) return undefined;
  const label = header[columns.label];
  const text = header[columns.text];
  if (TEXT_COLUMN_NAMES.includes(normal(text)) || LABEL_COLUMN_NAMES.includes(normal(label))) return undefined;
  if (!sample.some((r) => (r[columns.label] ?? '').trim() === label)) return undefined;
  return { label, text: text.length > SHOWN_CELL ? `${text.slice(0, SHOWN_CELL)}…` : text };
}

/** A row that repeats the header (files joined one after the other each bring theirs): not a row of data. */
export function repeatsHeader(fields: readonly string[], header: readonly string[]): boolean {
  return fields.length === header.length && fields.every((f, i) => f.trim() === header[i]);
}
