// The sentiment state of one document: its lines, which of them are scored (core/lineSelection), and the result
// of each scored line. A scored line is an entry object that carries its result and moves with its line, so
// an edit above it costs a few additions, not a rebuilt map; results are also kept by the exact text the
// model saw, so an edit re-scores only the lines whose text changed. No `vscode` here: the controller feeds
// text and edits in, the benchmark drives the same class in plain Node.
import type { Prediction } from '../predictions';
import type { LruCache } from '../lru';
import { LabelTally, type LabelCount } from './sentimentText';
import {
  editKeepsStructure,
  markdownText,
  plainText,
  selectPlainLines,
  splitLines,
  type CsvStructure,
  type LineKind,
  type LineSelection,
  type MarkdownStructure,
  type ScorableLine,
  type SelectOptions,
} from '../lineRules';
// markdown-it and csv-parse (selectLines, reselectMarkdownAround, csvLineText) come from dist/parsers.js,
// loaded by the first Markdown or CSV selection: a plain-text document never loads them.
import { loadParsers } from '../parsersLoader';

/** Text → prediction for the active model, shared by every document; cleared when the model changes. */
export type ResultCache = LruCache<string, Prediction>;

/** A scored line and its result so far. */
export interface ScoredEntry extends ScorableLine {
  readonly prediction?: Prediction;
}

export interface ScoredLine {
  item: ScoredEntry;
  prediction: Prediction | undefined;
}

interface Entry {
  line: number;
  firstLine: number;
  text: string;
  prediction?: Prediction;
}

/**
 * Lines replaced since the last selection, in the current line numbers: [from, end) is new text, every line
 * from `end` on is an old line moved by `delta`.
 */
interface EditedRegion {
  from: number;
  end: number;
  delta: number;
  /** The old and new lines of the edits, for reselectMarkdownAround's safety checks. */
  touched: string[];
}

/** Past this many touched lines an edit is simply re-selected in full. */
const MAX_TOUCHED = 5_000;

/** Lines read from the editor, or entries made, per step of reselectInSteps: a few milliseconds each. */
const ENTRIES_PER_STEP = 5_000;

/** The whole document's results counted for the status bar at one minimum confidence (see summary). */
interface Tally {
  labels: readonly string[];
  minConfidence: number;
  shown: Map<string, number>;
  uncertain: number;
}

export class DocumentSentiment {
  private lines: string[] = [];
  /** The scored lines in document order. */
  private items: Entry[] = [];
  /** Entries still without a result: a keystroke must not cost a walk over 100,000 lines to find them. */
  private pending = new Set<Entry>();
  private csv: CsvStructure | undefined;
  private markdown: MarkdownStructure | undefined;
  private region: EditedRegion | undefined;
  /** Kept up to date entry by entry once asked for: a keystroke must not cost a count over a million lines. */
  private tally: Tally | undefined;
  /** Bumped on every change of lines or results, so a caller can tell whether a plan is stale. */
  revision = 0;

  constructor(
    readonly kind: LineKind,
    private readonly options: SelectOptions,
    private readonly cache: ResultCache,
  ) {}

  get lineCount(): number {
    return this.lines.length;
  }

  lineLength(line: number): number {
    return this.lines[line]?.length ?? 0;
  }

  /** The scored lines in document order, with their results so far. */
  get scorable(): readonly ScoredEntry[] {
    return this.items;
  }

  /** The scored lines whose text overlaps lines [first, last], in document order. */
  scorableBetween(first: number, last: number): readonly ScoredEntry[] {
    const start = this.insertionIndex(first);
    let stop = start;
    while (stop < this.items.length && this.items[stop].firstLine <= last) stop++;
    return this.items.slice(start, stop);
  }

  /** How many lines are still without a result. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Re-reads the whole text: new line selection, results kept for every text seen before. */
  reselect(source: string): void {
    const selection: LineSelection =
      this.kind === 'plaintext' ? { items: selectPlainLines(source, this.options) } : loadParsers().selectLines(source, this.kind, this.options);
    drain(this.adopt(splitLines(source), selection));
  }

  /**
   * reselect for a CSV document, a step at a time: the lines are read through `lineAt`, selected and given
   * their known results, each step a few milliseconds, and the new selection replaces the old one only after
   * the last step (until then this document answers as before). The caller steps the generator, letting the
   * event loop run in between, and drops it when the text changes meanwhile.
   */
  *reselectInSteps(lineCount: number, lineAt: (line: number) => string): Generator<void, void> {
    const lines: string[] = [];
    for (let line = 0; line < lineCount; line++) {
      lines.push(lineAt(line));
      if (line % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    }
    const selection = yield* loadParsers().csvSelectionSteps(lines, this.options);
    yield* this.adopt(lines, selection);
  }

  /** A new selection of `lines` in place of the old one, results kept for every text seen before; in steps. */
  private *adopt(lines: string[], selection: LineSelection): Generator<void, void> {
    const known = new Map<string, Prediction>();
    for (let i = 0; i < this.items.length; i++) {
      const entry = this.items[i];
      if (entry.prediction) known.set(entry.text, entry.prediction);
      if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    }
    const pending = new Set<Entry>();
    const items: Entry[] = [];
    for (const item of selection.items) {
      const prediction = known.get(item.text) ?? this.cache.get(item.text);
      const entry: Entry = { line: item.line, firstLine: item.firstLine, text: item.text, prediction };
      if (!prediction) pending.add(entry);
      items.push(entry);
      if (items.length % ENTRIES_PER_STEP === 0) yield;
    }
    // In one go: the document is never half old, half new.
    this.lines = lines;
    this.csv = selection.csv;
    this.markdown = selection.markdown;
    this.region = undefined;
    this.pending = pending;
    this.tally = undefined;
    this.items = items;
    this.revision++;
  }

  /**
   * The fast path for a keystroke: line `line` now reads `text`, no line was added or removed. Returns
   * false, changing nothing, when the edit may change which lines are scored; the caller then notes the
   * edit (noteEdit) or reselects.
   */
  patchLine(line: number, text: string): boolean {
    if (this.region) return false; // the entries are behind a pending region edit
    const before = this.lines[line];
    if (before === undefined || !editKeepsStructure(this.kind, before, text)) return false;
    const index = this.indexAt(line);
    const item = index >= 0 ? this.items[index] : undefined;
    let scored: string | undefined;
    switch (this.kind) {
      case 'plaintext':
        scored = plainText(text, this.options.maxLength);
        break;
      case 'markdown':
        // A line skipped for its block (code, math, heading…) stays skipped after an edit that keeps the blocks.
        scored = item ? markdownText(text, this.options.maxLength) : undefined;
        break;
      case 'csv':
        // Within the head, the separator and the column are decided again (reselectCsvAround).
        if (!this.csv || !item || item.firstLine !== item.line || line <= this.csv.decidedThrough) return false;
        scored = loadParsers().csvLineText(text, this.csv.column, { ...this.options, delimiter: this.csv.delimiter });
        break;
    }
    this.lines[line] = text;
    if (item?.text === scored) return true;
    if (item) this.forget(item);
    if (scored === undefined) {
      this.items.splice(index, 1);
    } else {
      const next = this.entry({ line, firstLine: line, text: scored });
      if (item) this.items[index] = next;
      else this.items.splice(this.insertionIndex(line), 0, next);
    }
    this.revision++;
    return true;
  }

  /** True while edits wait for reselectEdited (the scored lines are not up to date). */
  get hasEdits(): boolean {
    return this.region !== undefined;
  }

  /**
   * Records an edit that replaced lines [from, from + removed) by `texts` (Enter, a paste, a deleted line).
   * Cheap: the line selection is brought up to date later, by reselectEdited.
   */
  noteEdit(from: number, removed: number, texts: readonly string[]): void {
    const old = this.lines.slice(from, from + removed);
    this.lines =
      texts.length + removed < 1_000
        ? (this.lines.splice(from, removed, ...texts), this.lines)
        : this.lines.slice(0, from).concat(texts, this.lines.slice(from + removed));
    const k = texts.length;
    const d = k - removed;
    const r = this.region;
    const big = old.length + k + (r?.touched.length ?? 0) > MAX_TOUCHED;
    if (!r) {
      this.region = { from: big ? 0 : from, end: from + k, delta: d, touched: big ? [] : [...old, ...texts] };
      return;
    }
    const end = r.end <= from ? r.end : Math.max(r.end + d, from + k);
    r.from = big ? 0 : Math.min(r.from, from);
    r.end = Math.max(end, from + k);
    r.delta += d;
    if (!big) r.touched.push(...old, ...texts);
  }

  /**
   * Brings the line selection up to date with the edits noted since, re-reading only the blocks around
   * them. False when that is not safe (the caller then calls reselect with the whole text).
   */
  reselectEdited(): boolean {
    const r = this.region;
    if (!r) return true;
    this.region = undefined;
    // from 0: an edit too large to patch (nothing touched recorded), or of the first line — Markdown's front
    // matter; a CSV's header is decided again by reselectCsvAround.
    if (r.from === 0 && (this.kind !== 'csv' || r.touched.length === 0)) return false;
    switch (this.kind) {
      case 'csv': {
        if (!this.csv) return false;
        const patch = loadParsers().reselectCsvAround(this.lines, this.csv, r, this.options);
        if (!patch) return false;
        spliceShifted(this.csv.starts, patch.from, patch.until, r.delta, patch.starts);
        if (patch.head) Object.assign(this.csv, patch.head);
        this.replaceItems(patch.from, patch.until, r.delta, patch.items);
        return true;
      }
      case 'plaintext': {
        const fresh: ScorableLine[] = [];
        for (let line = r.from; line < r.end; line++) {
          const text = plainText(this.lines[line], this.options.maxLength);
          if (text !== undefined) fresh.push({ line, firstLine: line, text });
        }
        this.replaceItems(r.from, r.end, r.delta, fresh);
        return true;
      }
      case 'markdown': {
        if (!this.markdown) return false;
        const patch = loadParsers().reselectMarkdownAround(this.lines, this.markdown, r, this.options);
        if (!patch) return false;
        spliceShifted(this.markdown.starts, patch.from, patch.until, r.delta, patch.starts);
        this.replaceItems(patch.from, patch.until, r.delta, patch.items);
        return true;
      }
    }
  }

  /** The scored line whose result belongs to `line`, or whose text spans it (multi-line CSV cells). */
  at(line: number): ScoredLine | undefined {
    const candidate = this.items[this.insertionIndex(line)];
    if (!candidate || candidate.firstLine > line) return undefined;
    return { item: candidate, prediction: candidate.prediction };
  }

  /** Lines still without a result, in document order. */
  unscored(wanted?: (item: ScorableLine) => boolean): ScorableLine[] {
    if (this.pending.size === 0) return [];
    const out = [...this.pending].filter((entry) => !wanted || wanted(entry));
    return out.sort((a, b) => a.line - b.line);
  }

  /** Gives every item whose text is in the cache its result; returns the others. */
  takeCached(items: readonly ScorableLine[]): ScorableLine[] {
    const missing: ScorableLine[] = [];
    const found: ScorableLine[] = [];
    const predictions: Prediction[] = [];
    for (const item of items) {
      const prediction = this.cache.get(item.text);
      if (prediction) {
        found.push(item);
        predictions.push(prediction);
      } else missing.push(item);
    }
    if (found.length > 0) this.accept(found, predictions);
    return missing;
  }

  /** Stores results computed for `items`; an item edited or removed meanwhile only feeds the cache. */
  accept(items: readonly ScorableLine[], predictions: readonly Prediction[]): void {
    let changed = false;
    items.forEach((item, i) => {
      const prediction = predictions[i];
      if (!prediction) return;
      this.cache.set(item.text, prediction);
      // Items are the entries themselves: one still pending is still in the document, wherever it moved.
      const entry = item as Entry;
      if (this.pending.delete(entry)) {
        entry.prediction = prediction;
        this.count(prediction, 1);
        changed = true;
      }
    });
    if (changed) this.revision++;
  }

  /** Forgets every result (the model changed); the line selection stays. */
  clearResults(): void {
    for (const entry of this.items) {
      entry.prediction = undefined;
      this.pending.add(entry);
    }
    this.tally = undefined;
    this.revision++;
  }

  /**
   * The status bar's counts over the whole document: per label the lines shown with it (the model's labels
   * first), and the scored lines below `minConfidence`. Counted once, then kept up to date as lines and
   * results change.
   */
  summary(labels: readonly string[], minConfidence: number): { counts: LabelCount[]; uncertain: number } {
    const t = this.tally;
    if (!t || t.minConfidence !== minConfidence || t.labels.length !== labels.length || t.labels.some((l, i) => l !== labels[i])) {
      this.tally = { labels: [...labels], minConfidence, shown: new Map(), uncertain: 0 };
      for (const entry of this.items) this.count(entry.prediction, 1);
    }
    const { shown, uncertain } = this.tally!;
    const counts = new LabelTally(labels);
    for (const [label, n] of shown) counts.add(label, n);
    return { counts: counts.counts(), uncertain };
  }

  /** A new entry for `item`, with a known or cached result, else pending. */
  private entry(item: ScorableLine, known?: Map<string, Prediction>): Entry {
    const prediction = known?.get(item.text) ?? this.cache.get(item.text);
    const entry: Entry = { line: item.line, firstLine: item.firstLine, text: item.text, prediction };
    if (!prediction) this.pending.add(entry);
    this.count(prediction, 1);
    return entry;
  }

  /** An entry leaves the document (its line was edited or removed). */
  private forget(entry: Entry): void {
    this.pending.delete(entry);
    this.count(entry.prediction, -1);
  }

  /** Adds (`sign` 1) or takes away (-1) a result from the kept status-bar counts. */
  private count(prediction: Prediction | undefined, sign: 1 | -1): void {
    const t = this.tally;
    if (!t || !prediction) return;
    if (prediction.confidence < t.minConfidence) t.uncertain += sign;
    else {
      const n = (t.shown.get(prediction.label) ?? 0) + sign;
      if (n === 0) t.shown.delete(prediction.label);
      else t.shown.set(prediction.label, n);
    }
  }

  /** Entries of lines [from, until) become `fresh`; the entries after move by `delta`. */
  private replaceItems(from: number, until: number, delta: number, fresh: readonly ScorableLine[]): void {
    const start = this.insertionIndex(from);
    let stop = start;
    const known = new Map<string, Prediction>();
    for (; stop < this.items.length && this.items[stop].line < until - delta; stop++) {
      const old = this.items[stop];
      if (old.prediction) known.set(old.text, old.prediction);
      this.forget(old);
    }
    const entries = fresh.map((item) => this.entry(item, known));
    if (delta !== 0) {
      for (let i = stop; i < this.items.length; i++) {
        this.items[i].line += delta;
        this.items[i].firstLine += delta;
      }
    }
    if (entries.length + stop - start < 1_000) this.items.splice(start, stop - start, ...entries);
    else this.items = this.items.slice(0, start).concat(entries, this.items.slice(stop));
    this.revision++;
  }

  /** Index of the first entry whose line is >= `line`. */
  private insertionIndex(line: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the entry whose result belongs to `line`, or -1. */
  private indexAt(line: number): number {
    const i = this.insertionIndex(line);
    return this.items[i]?.line === line ? i : -1;
  }
}

/** Replaces the values of `sorted` in [from, until - delta) by `fresh` and moves those after by `delta`, in place. */
function spliceShifted(sorted: number[], from: number, until: number, delta: number, fresh: readonly number[]): void {
  const a = lowerBound(sorted, from);
  const b = Math.max(a, lowerBound(sorted, until - delta));
  if (delta !== 0) for (let i = b; i < sorted.length; i++) sorted[i] += delta;
  sorted.splice(a, b - a, ...fresh);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Runs a stepped job to its end at once. */
function drain(steps: Generator<void, void>): void {
  while (!steps.next().done);
}
