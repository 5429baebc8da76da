// The sentiment state of one document: its lines, which of them are scored (core/lines), and the result
// of each scored line. Results are keyed by the exact text the model saw, so an edit re-scores only the
// lines whose text changed, and a line moved by an edit above it keeps its result. No `vscode` here: the
// controller feeds text and edits in, the benchmark drives the same class in plain Node.
import type { Prediction } from '../engine/protocol';
import type { LruCache } from '../core/lru';
import {
  csvLineText,
  editKeepsStructure,
  markdownText,
  plainText,
  reselectMarkdownAround,
  selectLines,
  splitLines,
  type LineKind,
  type MarkdownStructure,
  type ScorableLine,
  type SelectOptions,
} from '../core/lines';

/** Text → prediction for the active model, shared by every document; cleared when the model changes. */
export type ResultCache = LruCache<string, Prediction>;

export interface ScoredLine {
  item: ScorableLine;
  prediction: Prediction | undefined;
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

export class DocumentSentiment {
  private lines: string[] = [];
  private items: ScorableLine[] = [];
  private itemAt = new Map<number, ScorableLine>();
  private results = new Map<number, Prediction>();
  /** Lines of items without a result: a keystroke must not cost a walk over 100,000 lines to find them. */
  private pending = new Set<number>();
  private csv: { column: number; headerLine: number } | undefined;
  private markdown: MarkdownStructure | undefined;
  private region: EditedRegion | undefined;
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

  /** The scored lines in document order. */
  get scorable(): readonly ScorableLine[] {
    return this.items;
  }

  /** Re-reads the whole text: new line selection, results kept for every text seen before. */
  reselect(source: string): void {
    const known = new Map<string, Prediction>();
    for (const [line, prediction] of this.results) {
      const item = this.itemAt.get(line);
      if (item) known.set(item.text, prediction);
    }
    const selection = selectLines(source, this.kind, this.options);
    this.lines = splitLines(source);
    this.items = selection.items;
    this.csv = selection.csv;
    this.markdown = selection.markdown;
    this.region = undefined;
    this.itemAt.clear();
    this.results.clear();
    this.pending.clear();
    for (const item of this.items) {
      this.itemAt.set(item.line, item);
      const prediction = known.get(item.text) ?? this.cache.get(item.text);
      if (prediction) this.results.set(item.line, prediction);
      else this.pending.add(item.line);
    }
    this.revision++;
  }

  /**
   * The fast path for a keystroke: line `line` now reads `text`, no line was added or removed. Returns
   * false, changing nothing, when the edit may change which lines are scored; the caller then reselects.
   */
  patchLine(line: number, text: string): boolean {
    if (this.region) return false; // the items are behind a pending region edit
    const before = this.lines[line];
    if (before === undefined || !editKeepsStructure(this.kind, before, text)) return false;
    const item = this.itemAt.get(line);
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
        if (!this.csv || !item || item.firstLine !== item.line || line <= this.csv.headerLine) return false;
        scored = csvLineText(text, this.csv.column, this.options);
        break;
    }
    this.lines[line] = text;
    if (item?.text === scored) return true;
    this.results.delete(line);
    this.pending.delete(line);
    if (scored === undefined) {
      this.itemAt.delete(line);
      this.items.splice(this.indexOf(line), 1);
    } else {
      const next: ScorableLine = { line, firstLine: line, text: scored };
      if (item) this.items[this.indexOf(line)] = next;
      else this.items.splice(this.insertionIndex(line), 0, next);
      this.itemAt.set(line, next);
      const cached = this.cache.get(scored);
      if (cached) this.results.set(line, cached);
      else this.pending.add(line);
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
    this.lines = texts.length + removed < 1_000 ? (this.lines.splice(from, removed, ...texts), this.lines) : this.lines.slice(0, from).concat(texts, this.lines.slice(from + removed));
    const k = texts.length;
    const d = k - removed;
    const r = this.region;
    if (!r) {
      this.region = { from, end: from + k, delta: d, touched: old.length + k <= MAX_TOUCHED ? [...old, ...texts] : [] };
      if (old.length + k > MAX_TOUCHED) this.region.from = 0; // too big to patch: a full re-selection
      return;
    }
    const end = r.end <= from ? r.end : Math.max(r.end + d, from + k);
    r.from = Math.min(r.from, from);
    r.end = Math.max(end, from + k);
    r.delta += d;
    if (r.touched.length + old.length + k <= MAX_TOUCHED) r.touched.push(...old, ...texts);
    else r.from = 0;
  }

  /**
   * Brings the line selection up to date with the edits noted since, re-reading only the blocks around
   * them. False when that is not safe (the caller then calls reselect with the whole text).
   */
  reselectEdited(): boolean {
    const r = this.region;
    if (!r) return true;
    this.region = undefined;
    if (r.from === 0) return false;
    switch (this.kind) {
      case 'csv':
        return false;
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
        const patch = reselectMarkdownAround(this.lines, this.markdown, r, this.options);
        if (!patch) return false;
        const starts = this.markdown.starts;
        const cut = patch.until - r.delta;
        this.markdown = {
          frontMatterEnd: this.markdown.frontMatterEnd,
          starts: [...starts.filter((b) => b < patch.from), ...patch.starts, ...starts.filter((b) => b >= cut).map((b) => b + r.delta)],
        };
        this.replaceItems(patch.from, patch.until, r.delta, patch.items);
        return true;
      }
    }
  }

  /** Items of lines [from, until) become `fresh`; old items from `until - delta` on move by `delta`. */
  private replaceItems(from: number, until: number, delta: number, fresh: readonly ScorableLine[]): void {
    const known = new Map<string, Prediction>();
    const items: ScorableLine[] = [];
    const results = new Map<number, Prediction>();
    const pending = new Set<number>();
    const keep = (item: ScorableLine, prediction: Prediction | undefined): void => {
      items.push(item);
      if (prediction) results.set(item.line, prediction);
      else pending.add(item.line);
    };
    let i = 0;
    for (; i < this.items.length && this.items[i].line < from; i++) keep(this.items[i], this.results.get(this.items[i].line));
    for (; i < this.items.length && this.items[i].line < until - delta; i++) {
      const prediction = this.results.get(this.items[i].line);
      if (prediction) known.set(this.items[i].text, prediction);
    }
    for (const item of fresh) keep(item, known.get(item.text) ?? this.cache.get(item.text));
    for (; i < this.items.length; i++) {
      const item = this.items[i];
      const prediction = this.results.get(item.line);
      keep(delta === 0 ? item : { line: item.line + delta, firstLine: item.firstLine + delta, text: item.text }, prediction);
    }
    this.items = items;
    this.results = results;
    this.pending = pending;
    this.itemAt = new Map(items.map((item) => [item.line, item]));
    this.revision++;
  }

  /** The scored line whose result belongs to `line`, or whose text spans it (multi-line CSV cells). */
  at(line: number): ScoredLine | undefined {
    let item = this.itemAt.get(line);
    if (!item) {
      const i = this.insertionIndex(line);
      const candidate = this.items[i];
      if (candidate && candidate.firstLine <= line && line <= candidate.line) item = candidate;
    }
    return item ? { item, prediction: this.results.get(item.line) } : undefined;
  }

  /** Every scored line with its result so far (undefined while not scored yet). */
  *entries(wanted?: (item: ScorableLine) => boolean): IterableIterator<ScoredLine> {
    for (const item of this.items) {
      if (wanted && !wanted(item)) continue;
      yield { item, prediction: this.results.get(item.line) };
    }
  }

  /** Lines still without a result, in document order. */
  unscored(wanted?: (item: ScorableLine) => boolean): ScorableLine[] {
    if (this.pending.size === 0) return [];
    const out: ScorableLine[] = [];
    for (const line of [...this.pending].sort((a, b) => a - b)) {
      const item = this.itemAt.get(line)!;
      if (!wanted || wanted(item)) out.push(item);
    }
    return out;
  }

  /** How many lines are still without a result. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stores results computed for `items`; an item whose line changed meanwhile only feeds the cache. */
  accept(items: readonly ScorableLine[], predictions: readonly Prediction[]): void {
    let changed = false;
    items.forEach((item, i) => {
      const prediction = predictions[i];
      if (!prediction) return;
      this.cache.set(item.text, prediction);
      if (this.itemAt.get(item.line)?.text === item.text) {
        this.results.set(item.line, prediction);
        this.pending.delete(item.line);
        changed = true;
      }
    });
    if (changed) this.revision++;
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

  /** Forgets every result (the model changed); the line selection stays. */
  clearResults(): void {
    this.results.clear();
    for (const item of this.items) this.pending.add(item.line);
    this.revision++;
  }

  /** Index of the first item whose line is >= `line`. */
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

  private indexOf(line: number): number {
    const i = this.insertionIndex(line);
    if (this.items[i]?.line !== line) throw new Error(`no scored item at line ${line}`);
    return i;
  }
}
