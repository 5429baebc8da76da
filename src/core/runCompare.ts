// Two or more runs side by side: their figures with the change from the first (the baseline, the oldest),
// their options with the differing ones marked, their curves, and — when both ends kept their test rows —
// the rows whose prediction flipped between the first and the last run (matched by text, so a retrain on
// more data still pairs them). Pure: the host builds it, the dashboard draws it.
import type { RunCurvePoint, RunRecord } from './runRecord';
import type { TestRows } from './testRows';

export interface ComparedRun {
  id: string;
  modelName: string;
  kind: string;
  createdAt: string;
  dataFile: string;
  curves: RunCurvePoint[];
}

export interface MetricRow {
  /** `accuracy`, `macro F1`, `F1 <label>`, … (figures are not translated: the report's own names). */
  name: string;
  /** null: the run has no such figure (null, not undefined: this crosses to the webview as JSON). */
  values: Array<number | null>;
  /** values[i] − values[0]; null for the baseline or a missing figure. */
  deltas: Array<number | null>;
  /** Which way is better, to colour a delta. */
  better: 'higher' | 'lower' | 'none';
}

export interface OptionRow {
  name: string;
  values: string[];
  differs: boolean;
}

export interface FlippedRow {
  text: string;
  /** The true label in the last run's data (a correction shows here). */
  truth: string;
  before: string;
  after: string;
}

export interface RunComparison {
  runs: ComparedRun[];
  metrics: MetricRow[];
  options: OptionRow[];
  /** Between the first and the last run; undefined when either kept no test rows. */
  flipped?: FlippedRow[];
  /** Test texts both of them scored (what `flipped` was looked for in). */
  sharedRows?: number;
}

/** Flipped rows listed at most. */
export const MAX_FLIPPED = 500;

/** Options that name where things went rather than how the run trained. */
const NOT_OPTIONS = new Set(['out', 'data']);

function show(v: unknown): string {
  if (v === undefined) return '–';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function compareRuns(runsIn: readonly RunRecord[], testRows: ReadonlyArray<TestRows | undefined> = []): RunComparison {
  // Oldest first: the baseline is the run the others changed.
  const order = runsIn.map((r, i) => ({ r, rows: testRows[i] })).sort((a, b) => a.r.createdAt.localeCompare(b.r.createdAt));
  const runs = order.map((o) => o.r);
  const metric = (name: string, better: MetricRow['better'], get: (r: RunRecord) => number | undefined): MetricRow => {
    const values = runs.map((r) => get(r) ?? null);
    const base = values[0];
    return { name, values, deltas: values.map((v, i) => (i === 0 || v === null || base === null ? null : v - base)), better };
  };
  const labels = [...new Set(runs.flatMap((r) => r.report.labels))];
  const metrics: MetricRow[] = [
    metric('accuracy', 'higher', (r) => r.report.accuracy),
    metric('macro F1', 'higher', (r) => r.report.macro.f1),
    metric('weighted F1', 'higher', (r) => r.report.weighted.f1),
    ...labels.map((l) => metric(`F1 ${l}`, 'higher', (r) => r.report.perClass.find((c) => c.label === l)?.f1)),
    metric('ECE', 'lower', (r) => r.reliability?.ece),
    metric('NLL', 'lower', (r) => r.reliability?.nll),
    metric('training rows', 'none', (r) => r.rows.train),
    metric('validation rows', 'none', (r) => r.rows.validation),
    metric('test rows', 'none', (r) => r.rows.test),
    metric('kept epoch', 'none', (r) => r.fit?.bestEpoch),
    metric('seconds', 'lower', (r) => r.trainSeconds),
  ];
  const optionNames = [...new Set(runs.flatMap((r) => Object.keys(r.options)))].filter((k) => !NOT_OPTIONS.has(k)).sort();
  const optionRow = (name: string, values: string[]): OptionRow => ({ name, values, differs: values.some((v) => v !== values[0]) });
  const options = [
    optionRow('data', runs.map((r) => r.data.path)),
    optionRow('data SHA-256', runs.map((r) => r.data.sha256?.slice(0, 12) ?? '–')),
    optionRow('backend', runs.map((r) => r.backend ?? '–')),
    ...optionNames.map((k) => optionRow(k, runs.map((r) => show(r.options[k])))),
  ];
  const first = order[0]?.rows;
  const last = order.at(-1)?.rows;
  let flipped: FlippedRow[] | undefined;
  let sharedRows: number | undefined;
  if (order.length >= 2 && first && last) {
    const before = new Map(first.rows.map((r) => [r.text, first.labels[r.predicted]]));
    flipped = [];
    sharedRows = 0;
    for (const r of last.rows) {
      const was = before.get(r.text);
      if (was === undefined) continue;
      sharedRows++;
      const now = last.labels[r.predicted];
      if (was !== now && flipped.length < MAX_FLIPPED) flipped.push({ text: r.text, truth: last.labels[r.truth], before: was, after: now });
    }
  }
  return {
    runs: runs.map((r) => ({ id: r.id, modelName: r.modelName, kind: r.kind, createdAt: r.createdAt, dataFile: r.data.path, curves: r.curves })),
    metrics,
    options,
    flipped,
    sharedRows,
  };
}
