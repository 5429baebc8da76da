// Which lines of a document carry prose worth scoring, and the text the model sees for each.
// Markdown structure comes from markdown-it's block parser (code, fences — Mermaid included —, headings,
// HTML blocks, rules), plus two things it does not know: front matter and $$ / \[ / \begin math blocks.
// CSV records come from csv-parse. Nothing here imports `vscode`; the sentiment glue feeds it text.
// The types and the per-line rules live in lineRules.ts (no parser needed, so the extension host imports them
// directly); this file adds the parsing and re-exports them, so it is the whole line selection in one import.
// The extension host loads it through dist/parsers.js on first use (parsersBundle.ts, parsersLoader.ts).
import MarkdownIt from 'markdown-it';
import { parse as parseCsv } from 'csv-parse/sync';
import { COLUMN_SAMPLE_ROWS, chooseTextColumn, columnNamed } from './csvColumns';
import { SNIFF_BYTES, SNIFF_RECORDS, sniffDialect } from './csvDialect';
import {
  frontMatterEndLine,
  hasWords,
  markdownText,
  selectPlainLines,
  splitLines,
  truncate,
  type CsvPatch,
  type CsvStructure,
  type LineKind,
  type LineSelection,
  type MarkdownPatch,
  type MarkdownStructure,
  type ScorableLine,
  type SelectOptions,
} from './lineRules';

export * from './lineRules';

/** The lines of `source` that should be scored. */
export function selectLines(source: string, kind: LineKind, options: SelectOptions): LineSelection {
  switch (kind) {
    case 'markdown':
      return selectMarkdown(source, options);
    case 'csv':
      return selectCsv(source, options);
    case 'plaintext':
      return { items: selectPlainLines(source, options) };
  }
}

// ---------------------------------------------------------------------------------------------- Markdown

/** Block token types whose lines are never prose. */
const SKIPPED_BLOCKS = new Set(['fence', 'code_block', 'math_block', 'heading_open', 'hr', 'html_block']);

type Parser = InstanceType<typeof MarkdownIt>;

let markdownParser: Parser | undefined;

function parser(): Parser {
  if (!markdownParser) {
    // CommonMark without GFM tables: a table row is prose to us either way (its delimiter row has no words),
    // and the table rule makes the block parse about twice as slow.
    const md = new MarkdownIt('commonmark', { html: true });
    md.block.ruler.after('blockquote', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
    // Only the block structure matters here: inline parsing would be most of the cost and tell us nothing.
    md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
    markdownParser = md;
  }
  return markdownParser;
}

function selectMarkdown(source: string, options: SelectOptions): LineSelection {
  const lines = splitLines(source);
  const frontMatterEnd = frontMatterEndLine(lines);
  // Blank the front matter rather than cutting it, so markdown-it's line numbers stay the editor's.
  const body = frontMatterEnd < 0 ? lines : [...new Array<string>(frontMatterEnd + 1).fill(''), ...lines.slice(frontMatterEnd + 1)];
  const blocks = markdownBlocks(body, 0, body.length, frontMatterEnd < 0 ? source : undefined);
  return { items: proseLines(lines, 0, blocks.prose, options), markdown: { starts: blocks.starts, frontMatterEnd } };
}

/** The items of lines [from, from + prose.length) whose prose flag is set and that have words. */
function proseLines(lines: readonly string[], from: number, prose: Uint8Array, options: SelectOptions): ScorableLine[] {
  const out: ScorableLine[] = [];
  for (let i = 0; i < prose.length; i++) {
    if (!prose[i]) continue;
    const text = markdownText(lines[from + i], options.maxLength);
    if (text !== undefined) out.push({ line: from + i, firstLine: from + i, text });
  }
  return out;
}

interface MarkdownBlocks {
  /** 1 for each line of [from, to) inside a block that can be prose (not code, math, heading, HTML, rule). */
  prose: Uint8Array;
  /** Start lines of the top-level blocks, absolute. */
  starts: number[];
  /** A display-math opener met the end of the range without a closer: a longer range may read differently. */
  openMath: boolean;
}

/** The block structure of lines [from, to), parsed as a document of its own. */
function markdownBlocks(lines: readonly string[], from: number, to: number, source?: string): MarkdownBlocks {
  const env: MathEnv = {};
  const prose = new Uint8Array(to - from);
  const skipped = new Uint8Array(to - from);
  const starts: number[] = [];
  for (const token of parser().parse(source ?? lines.slice(from, to).join('\n'), env)) {
    if (!token.map) continue;
    const [a, b] = token.map;
    if (token.level === 0 && token.nesting >= 0) {
      starts.push(a + from);
      // Lines no top-level block covers are blank or link reference definitions: never prose.
      prose.fill(1, a, Math.min(b, prose.length));
    }
    if (SKIPPED_BLOCKS.has(token.type)) skipped.fill(1, a, Math.min(b, skipped.length));
  }
  for (let i = 0; i < prose.length; i++) if (skipped[i]) prose[i] = 0;
  return { prose, starts, openMath: env.openMath === true };
}

/** What the math rule tells the caller through markdown-it's env. */
interface MathEnv {
  openMath?: boolean;
  [key: string | symbol]: unknown;
}

const MATH_DELIMITER = /\$\$|\\\[|\\\]|\\begin|\\end/;

/**
 * Re-selects only the blocks an edit can have changed. `lines` is the new text; lines [editFrom, editEnd)
 * replaced the old ones, and every line from editEnd on is an old line moved by `delta`. The parse starts at
 * the last top-level block that began before the edit (a setext underline or a list item joins the block
 * above) and stops at the first block start after the edit that was also a block start before it: from
 * there on markdown-it reads the same lines from the same state, so the old selection holds. Undefined when
 * only a full re-selection is safe (front matter or display-math delimiters touched).
 */
export function reselectMarkdownAround(
  lines: readonly string[],
  before: MarkdownStructure,
  edit: { from: number; end: number; delta: number; touched: readonly string[] },
  options: SelectOptions,
): MarkdownPatch | undefined {
  // Front matter is read from line 0 on; a math opener looks ahead for its closer across blocks.
  if (edit.from <= before.frontMatterEnd + 1) return undefined;
  if (edit.touched.some((line) => MATH_DELIMITER.test(line))) return undefined;
  const old = before.starts;
  const lo = lowerBound(old, edit.from, 0);
  const from = lo > 0 ? old[lo - 1] : before.frontMatterEnd + 1;
  const wasStart = (line: number): boolean => old[lowerBound(old, line, lo)] === line;
  for (let to = Math.min(lines.length, edit.end + 256); ; to = Math.min(lines.length, from + 2 * (to - from))) {
    const blocks = markdownBlocks(lines, from, to);
    const atEnd = to === lines.length;
    if (blocks.openMath && !atEnd) continue;
    // The last block of a range that stops short of the end may be cut: it is no place to resynchronise.
    const trusted = atEnd ? blocks.starts : blocks.starts.slice(0, -1);
    let until = trusted.find((b) => b >= edit.end && wasStart(b - edit.delta));
    if (until === undefined && atEnd) until = lines.length;
    if (until !== undefined) {
      const prose = blocks.prose.subarray(0, until - from);
      return { from, until, items: proseLines(lines, from, prose, options), starts: blocks.starts.filter((b) => b < until!) };
    }
    if (atEnd) return undefined;
  }
}

/** The first index ≥ `from` of the ascending `sorted` whose value is ≥ `x` (sorted.length when none is). */
function lowerBound(sorted: readonly number[], x: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MATH_OPENERS: ReadonlyArray<{ open: RegExp; close: (m: RegExpExecArray) => RegExp }> = [
  { open: /^\$\$/, close: () => /\$\$\s*$/ },
  { open: /^\\\[/, close: () => /\\\]\s*$/ },
  { open: /^\\begin\{([^{}]+)\}/, close: (m) => new RegExp(`\\\\end\\{${m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}\\s*$`) },
];

/**
 * A markdown-it block rule for display math, so its lines are known as math: `$$ … $$` (one line or
 * several), `\[ … \]` and `\begin{env} … \end{env}`. An opener without a closer is left to the paragraph
 * rule: while the writer is still typing, the text below stays prose.
 */
function mathBlock(state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = state.src.slice(state.bMarks[startLine] + state.tShift[startLine], state.eMarks[startLine]);
  for (const { open, close } of MATH_OPENERS) {
    const m = open.exec(first);
    if (!m) continue;
    const closer = close(m);
    const afterOpen = first.slice(m[0].length);
    let last = -1;
    let reachedEnd = true;
    if (afterOpen.length > 0 && closer.test(afterOpen)) last = startLine;
    for (let line = startLine + 1; last < 0 && line < endLine; line++) {
      if (state.sCount[line] < state.blkIndent) {
        reachedEnd = false;
        break;
      }
      const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
      if (closer.test(text)) last = line;
    }
    if (last < 0) {
      if (reachedEnd) (state.env as MathEnv).openMath = true;
      return false;
    }
    if (silent) return true;
    const token = state.push('math_block', 'math', 0);
    token.block = true;
    token.map = [startLine, last + 1];
    state.line = last + 1;
    return true;
  }
  return false;
}

// --------------------------------------------------------------------------------------------------- CSV

/**
 * Lines a quoted field may span in the editor. A quote being typed opens a field that csv-parse would run to
 * the end of the document (hiding every later row, and making the next keystroke re-read all of them); a quote
 * that does not close within this many lines is taken as a stray quote instead: its record's first line is
 * skipped and reading goes on at the next line. A review spanning 200 lines is no review, and a keystroke
 * that opens a quote costs a re-read of 200 lines, not of the rest of the document.
 */
export const MAX_FIELD_LINES = 200;

/** Lines parsed past an edit at first when re-selecting around it. */
const CSV_WINDOW = 256;

interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

interface CsvRecord {
  record: string[];
  first: number;
  last: number;
  /** The record begins at the start of its first line (not after a record csv-parse skipped mid-line). */
  whole: boolean;
}

const CSV_OPTIONS = {
  bom: true,
  info: true,
  raw: true,
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  // A malformed record (a quote still being typed) must not hide every other row.
  skip_records_with_error: true,
} as const;

/** Line breaks in `text`. */
function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** Line breaks in a record's raw text, the one that ends it excepted. */
function innerBreaks(raw: string): number {
  return lineBreaks(raw.replace(/(\r\n|\r|\n)$/, ''));
}

/**
 * The records of lines [from, to) as csv-parse reads them, but for MAX_FIELD_LINES: a record spanning more
 * lines, or a quote still open at the end of the document (`atEnd`) or MAX_FIELD_LINES after its record's
 * start, makes that record's first line skipped and the reading start again at the next line. `open`: the
 * first line of a record still open where the range ends, undecided (the caller reads further).
 */
function csvRecords(lines: readonly string[], from: number, to: number, delimiter: string, atEnd: boolean): { records: CsvRecord[]; open?: number } {
  const records: CsvRecord[] = [];
  let p = from;
  while (p < to) {
    let openRaw: string | undefined;
    const rows = parseCsv(lines.slice(p, to).join('\n'), {
      ...CSV_OPTIONS,
      delimiter,
      on_skip: (e: { code?: string; raw?: string } | undefined) => {
        if (e?.code === 'CSV_QUOTE_NOT_CLOSED') openRaw = e.raw ?? '';
      },
    }) as unknown as CsvRow[];
    let restart: number | undefined;
    for (const { record, raw, info } of rows) {
      const last = p + info.lines - 1;
      // csv-parse's raw text of a record starts with the empty lines it skipped before it: not the record's.
      const text = raw.replace(/^(\r\n|\r|\n)+/, '');
      const breaks = innerBreaks(text);
      const first = last - breaks;
      if (breaks >= MAX_FIELD_LINES) {
        restart = first + 1;
        break;
      }
      let span = breaks;
      for (let l = first; l <= last; l++) span += lines[l].length;
      records.push({ record, first, last, whole: text.replace(/(\r\n|\r|\n)$/, '').length === span });
    }
    if (restart === undefined && openRaw !== undefined) {
      // The open record runs to the end of the range: every break in it is its own (an empty last line included).
      const open = to - 1 - lineBreaks(openRaw);
      if (!atEnd && to - open <= MAX_FIELD_LINES) return { records, open };
      restart = open + 1;
    }
    if (restart === undefined) break;
    p = restart;
  }
  return { records, open: undefined };
}

/** What the head of a CSV document decides: its separator, an Excel "sep=" line, its text column and header. */
interface CsvHead {
  delimiter: string;
  /** First line of the table (1 after a "sep=" line). */
  tableStart: number;
  column: number;
  headerLine: number;
  /** The last line these decisions read (Infinity: they read the whole document). */
  decidedThrough: number;
}

/**
 * The head's decisions: the separator from csvDialect.ts (on the first SNIFF_BYTES of the text), the column
 * from the header's names, or else from the first COLUMN_SAMPLE_ROWS rows. `decidedThrough`: the last line
 * they read, so an edit below it cannot change them.
 */
function csvHead(lines: readonly string[], options: SelectOptions): CsvHead {
  let headEnd = 0;
  for (let chars = 0; headEnd < lines.length && chars < SNIFF_BYTES; headEnd++) chars += lines[headEnd].length + 1;
  const complete = headEnd === lines.length;
  const dialect = sniffDialect(lines.slice(0, headEnd).join('\n'), { preferred: options.delimiter, complete });
  const tableStart = dialect.sepLine ? 1 : 0;
  let decidedThrough = complete ? Infinity : headEnd - 1;
  // The first `count` records (and one more), from enough lines for them with a multi-line cell here and there.
  const firstRecords = (count: number): CsvRecord[] => {
    const end = Math.min(lines.length, tableStart + 2 * count + 2);
    const atEnd = end === lines.length;
    decidedThrough = Math.max(decidedThrough, atEnd ? Infinity : end - 1);
    return csvRecords(lines, tableStart, end, dialect.delimiter, atEnd).records.slice(0, count + 1);
  };
  let sample = firstRecords(SNIFF_RECORDS + 1);
  let chosen = textColumnOf(
    sample.map((r) => r.record),
    options.textColumn,
  );
  // Not named by the header: the data decides, over the first COLUMN_SAMPLE_ROWS rows.
  if (!chosen.hasHeader) {
    sample = firstRecords(COLUMN_SAMPLE_ROWS + 1);
    chosen = textColumnOf(
      sample.map((r) => r.record),
      options.textColumn,
    );
  }
  const { column, hasHeader } = chosen;
  return { delimiter: dialect.delimiter, tableStart, column, headerLine: hasHeader ? sample[0].first : -1, decidedThrough };
}

/** The scored line of a record, if its text cell has words. */
function csvItem(r: CsvRecord, column: number, maxLength: number): ScorableLine | undefined {
  const cell = r.record[column];
  if (cell === undefined) return undefined;
  const text = cell.replace(/\s+/g, ' ').trim();
  return hasWords(text) ? { line: r.last, firstLine: r.first, text: truncate(text, maxLength) } : undefined;
}

function selectCsv(source: string, options: SelectOptions): LineSelection {
  const steps = csvSelectionSteps(splitLines(source), options, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Lines a CSV selection reads per step (csvSelectionSteps): a few milliseconds of csv-parse. */
export const CSV_STEP_LINES = 500;

/**
 * The selection of a CSV document's `lines`, a step at a time: the generator yields after every `stepLines`
 * lines it has read, so a caller can let the event loop run between steps (a million rows take seconds), and
 * returns the selection. Each step reads from a record's start, and a record whose quote is still open where
 * a step ends is read again by the next one, far enough to decide it: the records are those one reading of
 * the whole text gives.
 */
export function* csvSelectionSteps(lines: readonly string[], options: SelectOptions, stepLines = CSV_STEP_LINES): Generator<void, LineSelection> {
  const head = csvHead(lines, options);
  if (head.column < 0) return { items: [] };
  yield;
  const { headerLine } = head;
  const items: ScorableLine[] = [];
  const starts: number[] = [];
  for (let from = head.tableStart, to = Math.min(lines.length, from + stepLines); from < lines.length; ) {
    const { records, open } = csvRecords(lines, from, to, head.delimiter, to === lines.length);
    for (const r of records) {
      if (r.whole) starts.push(r.first);
      if (r.first === headerLine) continue;
      const item = csvItem(r, head.column, options.maxLength);
      if (item) items.push(item);
    }
    // A quote still open where the step ends: its record is read again, up to where it is decided.
    from = open ?? to;
    to = Math.min(lines.length, Math.max(from + stepLines, open === undefined ? 0 : open + MAX_FIELD_LINES + 1));
    if (from < lines.length) yield;
  }
  return { items, csv: { column: head.column, headerLine, delimiter: head.delimiter, tableStart: head.tableStart, decidedThrough: head.decidedThrough, starts } };
}

/**
 * Re-selects only the records an edit can have changed (as reselectMarkdownAround does for blocks). `lines` is
 * the new text; lines [edit.from, edit.end) replaced the old ones, and every line from edit.end on is an old
 * line moved by `delta`. The parse starts at the last record that began a line MAX_FIELD_LINES or more above
 * the edit — nothing before it depends on the edited lines, so the reading is in the same state there — and
 * stops at the first record after the edit that begins a line and began one before it: from there on the
 * same lines are read from the same state. An edit of the lines the head's decisions read has them made again:
 * undefined (a full re-selection) when the separator or the text column changes; a header row that becomes
 * data (or the other way round) is re-selected with the rows around the edit.
 */
export function reselectCsvAround(
  lines: readonly string[],
  before: CsvStructure,
  edit: { from: number; end: number; delta: number },
  options: SelectOptions,
): CsvPatch | undefined {
  let head: CsvPatch['head'];
  if (edit.from <= before.decidedThrough) {
    const now = csvHead(lines, options);
    if (now.delimiter !== before.delimiter || now.tableStart !== before.tableStart || now.column !== before.column) return undefined;
    head = { headerLine: now.headerLine, decidedThrough: now.decidedThrough };
  }
  const headerLine = head?.headerLine ?? before.headerLine;
  const headerMoved = headerLine !== before.headerLine;
  const old = before.starts;
  // A quote is taken as stray or not from the MAX_FIELD_LINES lines after it: the edit may decide again any
  // quote up to that far above it, so the parse starts at a record before those. A header that changed is
  // re-read from the table's start, through the old header's record wherever the edit moved it.
  const below = headerMoved ? -1 : lowerBound(old, edit.from - MAX_FIELD_LINES + 1, 0) - 1;
  const from = below >= 0 ? old[below] : before.tableStart;
  const oldHeader = before.headerLine < edit.from ? before.headerLine : before.headerLine >= edit.end - edit.delta ? before.headerLine + edit.delta : -1;
  const stopFrom = headerMoved ? Math.max(edit.end, oldHeader + 1) : edit.end;
  const wasStart = (line: number): boolean => old[lowerBound(old, line, 0)] === line;
  for (let to = Math.min(lines.length, stopFrom + CSV_WINDOW); ; ) {
    const atEnd = to === lines.length;
    const { records, open } = csvRecords(lines, from, to, before.delimiter, atEnd);
    const k = records.findIndex((r) => r.first >= stopFrom && r.whole && wasStart(r.first - edit.delta));
    if (k >= 0 || atEnd) {
      const taken = k >= 0 ? records.slice(0, k) : records;
      const items: ScorableLine[] = [];
      for (const r of taken) {
        if (r.first === headerLine) continue;
        const item = csvItem(r, before.column, options.maxLength);
        if (item) items.push(item);
      }
      const starts = taken.filter((r) => r.whole).map((r) => r.first);
      return { from, until: k >= 0 ? records[k].first : lines.length, items, starts, head };
    }
    // Read further: twice as far, and at least far enough to decide a quote still open.
    to = Math.min(lines.length, Math.max(from + 2 * (to - from), open === undefined ? 0 : open + MAX_FIELD_LINES + 1));
  }
}

/**
 * The column holding the texts: `preferred` when the first row names it, else the one csvColumns.ts chooses
 * (the training chooser). The first row is a header when it names the column; otherwise it is scored too.
 */
export function textColumnOf(records: readonly string[][], preferred?: string): { column: number; hasHeader: boolean } {
  const first = records[0] ?? [];
  const named = preferred === undefined ? -1 : columnNamed(first, preferred);
  if (named >= 0) return { column: named, hasHeader: true };
  const { column, byName } = chooseTextColumn(first, records);
  return { column, hasHeader: byName };
}

/** The cell of one single-line CSV record (for re-scoring a line edited in place), or undefined. */
export function csvLineText(line: string, column: number, options: SelectOptions): string | undefined {
  let records: string[][];
  try {
    records = parseCsv(line, { delimiter: options.delimiter ?? ',', relax_quotes: true, relax_column_count: true }) as string[][];
  } catch {
    return undefined;
  }
  if (records.length !== 1) return undefined;
  const text = records[0][column]?.replace(/\s+/g, ' ').trim();
  return text !== undefined && hasWords(text) ? truncate(text, options.maxLength) : undefined;
}
