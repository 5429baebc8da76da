// The dependency-free half of the line selection (src/core/lineSelection.ts): the types, the per-line text rules and
// the edit checks the sentiment glue runs on every keystroke. No markdown-it, no csv-parse: the extension
// host imports this file directly and reaches the parsing half (selectLines, reselectMarkdownAround,
// reselectCsvAround, csvLineText, the CSV text column) through dist/parsers.js, loaded on first use
// (src/core/parsersLoader.ts).

export type LineKind = 'markdown' | 'plaintext' | 'csv';

export interface ScorableLine {
  /** Zero-based line the result belongs to (a multi-line CSV record: its last line). */
  line: number;
  /** First line the text comes from (differs from `line` only for a multi-line CSV cell). */
  firstLine: number;
  /** What the model sees: trimmed, markers stripped, at most `maxLength` characters. */
  text: string;
}

export interface SelectOptions {
  /** Longer texts are cut to their first `maxLength` characters (never inside a surrogate pair). */
  maxLength: number;
  /** CSV only: the column to score; by default the one csvColumns.ts chooses (a text-like name, else the longest). */
  textColumn?: string;
  /** CSV only: the separator to prefer (a .tsv file's tab); the one the first rows show wins (csvDialect.ts). */
  delimiter?: string;
}

export interface LineSelection {
  /** The scored lines in document order. */
  items: ScorableLine[];
  /** CSV only: the column scored, the header's line, and what an edit needs to re-select around it (reselectCsvAround). */
  csv?: CsvStructure;
  /** Markdown only: what an edit needs to re-select just the blocks around it (reselectMarkdownAround). */
  markdown?: MarkdownStructure;
}

export interface CsvStructure {
  /** The column scored. */
  column: number;
  /** The header's line (-1 without a header: the first row names no text column). */
  headerLine: number;
  /** The separator the file's first rows show (csvDialect.ts). */
  delimiter: string;
  /** First line of the table: 1 after Excel's "sep=" line, else 0. */
  tableStart: number;
  /** Last line the separator, the column and the header were decided on (Infinity: the whole document): an edit up to it has them decided again. */
  decidedThrough: number;
  /** First lines of the records that begin a line, ascending: where a re-selection can stop. */
  starts: number[];
}

/** A re-selection of the records around an edit (see reselectCsvAround). */
export interface CsvPatch {
  /** First line re-selected (new coordinates), a record's start. */
  from: number;
  /** First line from which the old selection holds again, shifted by the edit's line delta. */
  until: number;
  /** The scored lines of [from, until). */
  items: ScorableLine[];
  /** The record starts in [from, until). */
  starts: number[];
  /** The head's header line and decidedThrough made again, when the edit was within what they read (new coordinates). */
  head?: { headerLine: number; decidedThrough: number };
}

export interface MarkdownStructure {
  /** Start lines of the top-level blocks, ascending. */
  starts: number[];
  /** Last line of the front matter, or -1. */
  frontMatterEnd: number;
}

/** VS Code counts \r\n, \r and \n as line ends; so do we, so line numbers match the editor's. */
export function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/** Cuts `text` to at most `max` UTF-16 units without leaving half a surrogate pair at the end. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** A line worth scoring has at least one letter or digit: `---`, `| --- |` or `***` say nothing. */
export function hasWords(text: string): boolean {
  return HAS_WORD.test(text);
}

/** The scored lines of a plain-text document (every line with words). */
export function selectPlainLines(source: string, options: SelectOptions): ScorableLine[] {
  const out: ScorableLine[] = [];
  const lines = splitLines(source);
  for (let i = 0; i < lines.length; i++) {
    const text = plainText(lines[i], options.maxLength);
    if (text !== undefined) out.push({ line: i, firstLine: i, text });
  }
  return out;
}

/** The scored text of one plain-text line, or undefined when it is not scored. */
export function plainText(line: string, maxLength: number): string | undefined {
  const text = line.trim();
  return hasWords(text) ? truncate(text, maxLength) : undefined;
}

// ---------------------------------------------------------------------------------------------- Markdown

/** Leading block markers (indent, blockquote `>`, list bullets and numbers) that are not prose. */
const BLOCK_PREFIX = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*/;

/** The prose of a Markdown line: without its quote and list markers. */
export function markdownText(line: string, maxLength: number): string | undefined {
  const rest = line.slice(BLOCK_PREFIX.exec(line)![0].length).trim();
  return hasWords(rest) ? truncate(rest, maxLength) : undefined;
}

/** A re-selection of the lines around an edit (see reselectMarkdownAround). */
export interface MarkdownPatch {
  /** First line re-selected (new coordinates). */
  from: number;
  /** First line from which the old selection holds again, shifted by the edit's line delta. */
  until: number;
  /** The scored lines of [from, until). */
  items: ScorableLine[];
  /** The top-level block starts in [from, until). */
  starts: number[];
}

/** Index of the closing line of a YAML (`---` … `---`/`...`) or TOML (`+++`) front matter block, or -1. */
export function frontMatterEndLine(lines: readonly string[]): number {
  const open = lines[0]?.trimEnd();
  if (open !== '---' && open !== '+++') return -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (line === open || (open === '---' && line === '...')) return i;
  }
  return -1;
}

/**
 * True when replacing line `before` by `after` (same line, no line added or removed) cannot change the
 * block structure of the document around it, so the previous decision about which lines are scored still
 * holds and only this line's text needs scoring again. Conservative: when unsure, false.
 */
export function editKeepsStructure(kind: LineKind, before: string, after: string): boolean {
  switch (kind) {
    case 'plaintext':
      return true;
    case 'csv':
      return !before.includes('"') && !after.includes('"');
    case 'markdown':
      return inertMarkdown(before) && inertMarkdown(after) && BLOCK_PREFIX.exec(before)![0] === BLOCK_PREFIX.exec(after)![0];
  }
}

/** Characters that can open or close a block, make a heading, a rule, a table or a setext underline. */
const STRUCTURAL_START = /^[#=\-_*+~`$|<>\\]/;
const STRUCTURAL_ANYWHERE = /```|~~~|\$\$|\\\[|\\\]|\\begin|\\end|\|/;

function inertMarkdown(line: string): boolean {
  const rest = line.slice(BLOCK_PREFIX.exec(line)![0].length);
  return hasWords(rest) && !STRUCTURAL_START.test(rest) && !STRUCTURAL_ANYWHERE.test(line);
}
