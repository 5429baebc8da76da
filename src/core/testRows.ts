// The test rows of a run, one by one: where each is in its CSV, what it says, its true label, the model's
// (calibrated) prediction. Saved beside the model (testRows.json, written with the bundle) rather than
// recomputed from the split: recomputing needs the data file unchanged and the model loaded and run again
// (seconds for an lstm), while the dashboard must show them at once, also after a window reload. The file
// is bounded: mistakes are kept first (most confident first), then the least confident correct rows, until
// MAX_TEST_ROWS_BYTES; `total` says how many there were. Pure: the webview sorts and filters with it too.

export const TEST_ROWS_FILE = 'testRows.json';
export const TEST_ROWS_FORMAT = 'neural-lens-test-rows' as const;
/** What testRows.json may hold: enough for thousands of rows, small enough to read on the host and keep in a webview's state. */
export const MAX_TEST_ROWS_BYTES = 1_000_000;
/** A longer text is cut here (with …): the row opens the CSV at its line for the whole text. */
export const MAX_TEST_ROW_TEXT = 500;

export interface TestRow {
  /** Index of the row among the file's labelled rows (0-based; rows with an empty text or label are not counted). */
  row: number;
  /** The line of the CSV the row starts on (1-based, the header is line 1). */
  line: number;
  text: string;
  /** Indices into `labels`. */
  truth: number;
  predicted: number;
  /** The calibrated probability of the predicted label. */
  confidence: number;
  /** Set when the row is not a line of `file` but of another CSV (a correction from the labels file). */
  file?: string;
}

export interface TestRows {
  format: typeof TEST_ROWS_FORMAT;
  /** Absolute path of the CSV the rows are lines of: the training file, or the separate test file. */
  file: string;
  labels: string[];
  /** Test rows the run scored; `rows` holds them all unless the byte bound cut some correct ones off. */
  total: number;
  rows: TestRow[];
}

const isMistake = (r: TestRow): boolean => r.truth !== r.predicted;

/** Mistakes by confidence (highest first), then correct rows by confidence (lowest first): the order rows are kept in. */
function keepOrder(a: TestRow, b: TestRow): number {
  const ma = isMistake(a);
  const mb = isMistake(b);
  if (ma !== mb) return ma ? -1 : 1;
  return ma ? b.confidence - a.confidence || a.row - b.row : a.confidence - b.confidence || a.row - b.row;
}

function clip(text: string): string {
  return text.length > MAX_TEST_ROW_TEXT ? `${text.slice(0, MAX_TEST_ROW_TEXT - 1)}…` : text;
}

/**
 * The test rows to save, at most `maxBytes` of JSON: every row if they fit, else the mistakes and the
 * least confident correct rows (keepOrder), in the file's order. `total`: the test rows there were, when
 * `rows` is already a selection of them (a streamed run keeps a bounded pool).
 */
export function boundedTestRows(file: string, labels: readonly string[], rows: readonly TestRow[], maxBytes = MAX_TEST_ROWS_BYTES, total = rows.length): TestRows {
  const head = { format: TEST_ROWS_FORMAT, file, labels: [...labels], total, rows: [] as TestRow[] };
  const utf8 = new TextEncoder();
  let bytes = utf8.encode(JSON.stringify(head)).length;
  const kept: TestRow[] = [];
  for (const r of [...rows].sort(keepOrder)) {
    const row = { ...r, text: clip(r.text), confidence: Math.round(r.confidence * 1e4) / 1e4 };
    const size = utf8.encode(JSON.stringify(row)).length + 1;
    if (bytes + size > maxBytes) break;
    bytes += size;
    kept.push(row);
  }
  kept.sort((a, b) => a.row - b.row);
  return { ...head, rows: kept };
}

/** The test rows of a testRows.json, or undefined when it is not one (damaged, or another format). */
export function parseTestRows(json: unknown): TestRows | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const t = json as Partial<TestRows>;
  if (t.format !== TEST_ROWS_FORMAT || typeof t.file !== 'string' || !Array.isArray(t.labels) || !Array.isArray(t.rows) || typeof t.total !== 'number') return undefined;
  const k = t.labels.length;
  const index = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < k;
  const rows = t.rows.filter(
    (r: Partial<TestRow>) =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.text === 'string' &&
      Number.isInteger(r.line) &&
      Number.isInteger(r.row) &&
      index(r.truth) &&
      index(r.predicted) &&
      typeof r.confidence === 'number' &&
      (r.file === undefined || typeof r.file === 'string'),
  );
  return { format: TEST_ROWS_FORMAT, file: t.file, labels: t.labels.map(String), total: t.total, rows };
}

export type TestRowKey = 'line' | 'text' | 'truth' | 'predicted' | 'confidence';

/** The rows sorted by `key` (labels by name), ties by line; a new array. */
export function sortTestRows(rows: readonly TestRow[], key: TestRowKey, descending: boolean, labels: readonly string[]): TestRow[] {
  const value = (r: TestRow): string | number => (key === 'truth' || key === 'predicted' ? labels[r[key]] : r[key]);
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return sign * c || a.line - b.line;
  });
}

/** The rows of one confusion-matrix cell: true label `truth`, predicted `predicted`. */
export function rowsInCell(rows: readonly TestRow[], truth: number, predicted: number): TestRow[] {
  return rows.filter((r) => r.truth === truth && r.predicted === predicted);
}

/** The `n` mistakes the model was surest of. */
export function mostConfidentMistakes(rows: readonly TestRow[], n: number): TestRow[] {
  return rows.filter(isMistake).sort((a, b) => b.confidence - a.confidence || a.line - b.line).slice(0, n);
}

/** The `n` rows, right or wrong, the model was least sure of. */
export function leastConfidentPredictions(rows: readonly TestRow[], n: number): TestRow[] {
  return [...rows].sort((a, b) => a.confidence - b.confidence || a.line - b.line).slice(0, n);
}
