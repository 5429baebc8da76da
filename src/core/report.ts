// The classification report, defined exactly as scikit-learn's `classification_report(y_true, y_pred,
// target_names=…, zero_division=0)`: per-class precision, recall, F1 and support over the labels that occur
// in y_true or y_pred; accuracy; macro and support-weighted averages; and the text table it prints.
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  labels: string[];
  perClass: ClassMetrics[];
  accuracy: number;
  macro: Omit<ClassMetrics, 'label'>;
  weighted: Omit<ClassMetrics, 'label'>;
  /** confusion[i][j]: rows of true label i predicted as label j. */
  confusion: number[][];
}

/** Builds the report. `yTrue`/`yPred` index into `labels`; the confusion matrix covers every label. */
export function classificationReport(labels: readonly string[], yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Report {
  if (yTrue.length !== yPred.length) throw new RangeError(`yTrue has ${yTrue.length} rows, yPred ${yPred.length}`);
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) confusion[yTrue[i]][yPred[i]]++;

  const perClass: ClassMetrics[] = [];
  let correct = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    correct += tp;
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, row) => s + row[c], 0);
    if (support === 0 && predicted === 0) continue; // sklearn reports only labels present in y_true ∪ y_pred
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.push({ label: labels[c], precision, recall, f1, support });
  }
  const total = yTrue.length;
  const mean = (key: 'precision' | 'recall' | 'f1', weighted: boolean): number => {
    if (perClass.length === 0) return 0;
    if (!weighted) return perClass.reduce((s, m) => s + m[key], 0) / perClass.length;
    return total === 0 ? 0 : perClass.reduce((s, m) => s + m[key] * m.support, 0) / total;
  };
  return {
    labels: [...labels],
    perClass,
    accuracy: total === 0 ? 0 : correct / total,
    macro: { precision: mean('precision', false), recall: mean('recall', false), f1: mean('f1', false), support: total },
    weighted: { precision: mean('precision', true), recall: mean('recall', true), f1: mean('f1', true), support: total },
    confusion,
  };
}

/**
 * `x` with `digits` decimals as Python's `format(x, '.2f')` writes it: the exact binary value rounded,
 * exact ties to even (0.125 → "0.12", where `toFixed` gives "0.13").
 */
export function formatFixed(x: number, digits: number): string {
  const exact = x.toFixed(Math.min(100, digits + 30));
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + digits);
  if (/^50*$/.test(rest)) {
    const truncated = exact.slice(0, dot + 1 + digits);
    const lastDigit = Number(truncated[truncated.length - 1]);
    if (lastDigit % 2 === 0) return digits === 0 ? truncated.slice(0, -1) : truncated;
  }
  return x.toFixed(digits);
}

/** Width in characters as Python's len() counts them (code points). */
function width(s: string): number {
  return Array.from(s).length;
}

function padLeft(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - width(s))) + s;
}

/** The report as scikit-learn prints it. */
export function formatReport(report: Report, digits = 2): string {
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const w = report.perClass.reduce((most, m) => Math.max(most, width(m.label)), Math.max(width('weighted avg'), digits));
  const num = (x: number): string => ' ' + padLeft(formatFixed(x, digits), 9);
  const int = (n: number): string => ' ' + padLeft(String(n), 9);
  let out = padLeft('', w) + ' ' + headers.map((h) => ' ' + padLeft(h, 9)).join('') + '\n\n';
  for (const m of report.perClass) out += padLeft(m.label, w) + ' ' + num(m.precision) + num(m.recall) + num(m.f1) + int(m.support) + '\n';
  out += '\n';
  const total = report.macro.support;
  out += padLeft('accuracy', w) + ' ' + ' ' + padLeft('', 9) + ' ' + padLeft('', 9) + num(report.accuracy) + int(total) + '\n';
  for (const [name, avg] of [['macro avg', report.macro], ['weighted avg', report.weighted]] as const) {
    out += padLeft(name, w) + ' ' + num(avg.precision) + num(avg.recall) + num(avg.f1) + int(avg.support) + '\n';
  }
  return out;
}

/** The confusion matrix as a table: rows are true labels, columns predicted ones. */
export function formatConfusion(report: Report): string {
  const labels = report.labels;
  const cells = report.confusion.map((row) => row.map(String));
  // Folded, not spread: a spread of every cell overflows the call stack on a thousand classes.
  const widest = (texts: Iterable<string>, least: number): number => {
    let w = least;
    for (const t of texts) w = Math.max(w, width(t));
    return w;
  };
  const colW = widest([...labels, ...cells.flat()], 4);
  const rowW = widest(labels, width('true \\ predicted'));
  let out = padLeft('true \\ predicted', rowW) + labels.map((l) => '  ' + padLeft(l, colW)).join('') + '\n';
  labels.forEach((l, i) => {
    out += padLeft(l, rowW) + cells[i].map((c) => '  ' + padLeft(c, colW)).join('') + '\n';
  });
  return out;
}
