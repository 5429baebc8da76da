// Which lines of a document carry prose worth scoring, and the text the model sees for each.
// Markdown structure comes from markdown-it's block parser (code, fences — Mermaid included —, headings,
// HTML blocks, rules), plus two things it does not know: front matter and $$ / \[ / \begin math blocks.
// CSV records come from csv-parse. Nothing here imports `vscode`; the sentiment glue feeds it text.
// The types and the per-line rules live in lineRules.ts (no parser needed, so the extension host imports them
// directly); this file adds the parsing and re-exports them, so it is the whole line selection in one import.
// The extension host loads it through dist/parsers.js on first use (parsersBundle.ts, parsersLoader.ts).
import MarkdownIt from 'markdown-it';
import { parse as parseCsv } from 'csv-parse/sync';
import { chooseTextColumn, columnNamed } from './csvColumns';
import {
  frontMatterEndLine,
  hasWords,
  markdownText,
  selectPlainLines,
  splitLines,
  truncate,
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

interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

function selectCsv(source: string, options: SelectOptions): LineSelection {
  const rows = parseCsv(source, {
    delimiter: options.delimiter ?? ',',
    bom: true,
    info: true,
    raw: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A quote still being typed must not hide every other row.
    skip_records_with_error: true,
  }) as unknown as CsvRow[];
  if (rows.length === 0) return { items: [] };
  const { column, hasHeader } = textColumnOf(rows.map((r) => r.record), options.textColumn);
  if (column < 0) return { items: [] };
  const out: ScorableLine[] = [];
  for (let r = hasHeader ? 1 : 0; r < rows.length; r++) {
    const { record, raw, info } = rows[r];
    const cell = record[column];
    if (cell === undefined) continue;
    const text = cell.replace(/\s+/g, ' ').trim();
    if (!hasWords(text)) continue;
    const last = info.lines - 1;
    const breaks = raw.replace(/(\r\n|\r|\n)$/, '').match(/\r\n|\r|\n/g)?.length ?? 0;
    out.push({ line: last, firstLine: last - breaks, text: truncate(text, options.maxLength) });
  }
  return { items: out, csv: { column, headerLine: hasHeader ? rows[0].info.lines - 1 : -1 } };
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
