// The labelled rows a CSV yields: rows with an empty text or label skipped and counted, labels numbered as
// they come (or mapped onto an existing model's list, where an unknown one is an error), and at the end put
// in their saved order.
import { coreText } from './coreText';
import { DataError } from './dataError';

/** Distinct labels a training file may have unless told otherwise: more means the label column is an id or a text. */
export const DEFAULT_MAX_CLASSES = 100;

/**
 * Label order saved with a model: numeric labels ('0', '1', '10') in numeric order, any others in
 * code-point order — the order scikit-learn's `np.unique` gives — so the same data always yields the same
 * class indices whatever the row order.
 */
export function sortLabels(labels: Iterable<string>): string[] {
  const list = [...new Set(labels)];
  const numeric = list.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface CollectedLabels {
  /** Label names; `y` indexes into them. */
  labels: string[];
  y: number[];
  /** Line where each label first appears (same order as `labels`; 0 if it never does). */
  firstLines: number[];
  /** The index a row was handed on with (its label's order of first appearance) → its index into `labels`. */
  fromSeen: number[];
}

/** A kept row handed on instead of kept: its text, its label's index (see CollectedLabels.fromSeen) and its line. */
export type RowSink = (text: string, seenIndex: number, line: number) => void;

export class LabelCollector {
  readonly texts: string[] = [];
  /** The line each kept row starts on (same order as `texts`): where the dashboard opens a test row. */
  readonly lines: number[] = [];
  skippedEmptyText = 0;
  skippedEmptyLabel = 0;
  private readonly y: number[] = [];
  /** Labels in order of first appearance (without a fixed list), with the line each first appears on. */
  private readonly seen = new Map<string, { index: number; line: number }>();
  private readonly fixed: Map<string, number> | undefined;

  /**
   * `fixedLabels`: an existing model's labels (evaluate), onto which every row's label must map. Without
   * them, the label that would make `maxClasses` + 1 classes is refused at once, before anything per class
   * grows with it: `tooMany` builds that error (it knows the columns).
   */
  /** Rows kept (or handed on). */
  kept = 0;

  /**
   * `onRow`: each kept row is handed to it and not held (a file streamed once per epoch): `texts`, `lines`
   * and `y` stay empty.
   */
  constructor(
    private readonly file: string,
    private readonly fixedLabels?: readonly string[],
    private readonly maxClasses = DEFAULT_MAX_CLASSES,
    private readonly tooMany: (label: string, line: number) => DataError = (label, line) =>
      new DataError('too-many-classes', file, coreText('tooManyLabels', line, label, maxClasses), line),
    private readonly onRow?: RowSink,
  ) {
    this.fixed = fixedLabels ? new Map(fixedLabels.map((l, i) => [l, i])) : undefined;
  }

  /** One data row's text and label cells, from line `line`. */
  add(text: string, labelCell: string, line: number): void {
    const label = labelCell.trim();
    if (label === '') {
      this.skippedEmptyLabel++;
      return;
    }
    if (text.trim() === '') {
      this.skippedEmptyText++;
      return;
    }
    let k: number;
    if (this.fixed) {
      const fixed = this.fixed.get(label);
      if (fixed === undefined) {
        throw new DataError('unknown-label', this.file, coreText('unknownLabel', line, label, [...this.fixed.keys()].join(', ')), line);
      }
      k = fixed;
    } else {
      let entry = this.seen.get(label);
      if (!entry) {
        if (this.seen.size >= this.maxClasses) throw this.tooMany(label, line);
        entry = { index: this.seen.size, line };
        this.seen.set(label, entry);
      }
      k = entry.index;
    }
    this.kept++;
    if (this.onRow) return this.onRow(text, k, line);
    this.y.push(k);
    this.texts.push(text);
    this.lines.push(line);
  }

  /** The labels in their saved order and the rows' indices into them; `column` names the label column in errors. */
  finish(column: string): CollectedLabels {
    if (this.fixedLabels) return { labels: [...this.fixedLabels], y: this.y, firstLines: this.fixedLabels.map(() => 0), fromSeen: this.fixedLabels.map((_, i) => i) };
    const labels = sortLabels(this.seen.keys());
    if (labels.length < 2) {
      throw new DataError('single-class', this.file, coreText('singleClass', labels[0], column));
    }
    const fromSeen = new Array<number>(labels.length);
    labels.forEach((l, i) => (fromSeen[this.seen.get(l)!.index] = i));
    return { labels, y: this.y.map((k) => fromSeen[k]), firstLines: labels.map((l) => this.seen.get(l)!.line), fromSeen };
  }
}

/** Groups of labels that differ only by letter case ("POSITIVE", "positive"): separate classes, probably by mistake. */
export function labelsDifferingByCase(labels: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const label of labels) {
    const key = label.toLowerCase();
    const group = groups.get(key);
    if (group) group.push(label);
    else groups.set(key, [label]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
