// The error analysis: the test rows of the shown run as a sortable table — those of a confusion-matrix cell
// (clicked there), the most confident mistakes, or the least confident predictions. Clicking a row (or Enter
// on it) asks the host to open the CSV at the row's line. Which list and order are shown is this page's own
// choice, kept across snapshots of the same run.
import type { DashboardStrings, TestRow, TestRows } from '../../src/training/dashboard/protocol';
import { leastConfidentPredictions, mostConfidentMistakes, rowsInCell, sortTestRows, type TestRowKey } from '../../src/core/testRows';
import { format, h, percent } from './dom';

/** Rows a list shows at most: a cell of a large test set can hold thousands. */
const SHOWN = 200;

export type RowList = { kind: 'cell'; truth: number; predicted: number } | { kind: 'mistakes' } | { kind: 'uncertain' };

export class TestRowsView {
  readonly element: HTMLElement;
  private readonly caption = h('p', { class: 'rows-caption' });
  private readonly note = h('p', { class: 'muted rows-note' });
  private readonly table = h('table', { class: 'test-rows' });
  private readonly mistakesButton: HTMLButtonElement;
  private readonly uncertainButton: HTMLButtonElement;
  private rows: TestRows | undefined;
  private list: RowList = { kind: 'mistakes' };
  private sort: { key: TestRowKey; descending: boolean } | undefined;

  constructor(
    private readonly s: DashboardStrings,
    private readonly open: (line: number, file?: string) => void,
  ) {
    this.mistakesButton = h('button', { class: 'secondary', 'data-list': 'mistakes' }, s.mostConfidentMistakes);
    this.uncertainButton = h('button', { class: 'secondary', 'data-list': 'uncertain' }, s.leastConfident);
    this.mistakesButton.addEventListener('click', () => this.show({ kind: 'mistakes' }));
    this.uncertainButton.addEventListener('click', () => this.show({ kind: 'uncertain' }));
    this.element = h(
      'section',
      { class: 'test-rows-box' },
      h('h2', {}, s.testRows),
      h('div', { class: 'actions' }, this.mistakesButton, this.uncertainButton),
      this.caption,
      this.note,
      this.table,
    );
  }

  /** The run's test rows (undefined: the model kept none); a new run starts on its most confident mistakes. */
  update(rows: TestRows | undefined, runId: string): void {
    if (this.element.dataset.run !== runId) {
      this.list = { kind: 'mistakes' };
      this.sort = undefined;
      this.element.dataset.run = runId;
    }
    this.rows = rows;
    this.render();
  }

  /** Shows one list (a confusion cell's rows, or one of the two rankings) in its natural order. */
  show(list: RowList): void {
    this.list = list;
    this.sort = undefined;
    this.render();
    if (list.kind === 'cell') this.element.scrollIntoView({ block: 'nearest' });
  }

  private listed(t: TestRows): { rows: TestRow[]; title: string } {
    switch (this.list.kind) {
      case 'cell': {
        const { truth, predicted } = this.list;
        // A cell's rows, surest first: the mistakes worth reading come out on top.
        const rows = rowsInCell(t.rows, truth, predicted).sort((a, b) => b.confidence - a.confidence || a.line - b.line);
        return { rows, title: format(this.s.cellRows, t.labels[truth] ?? '?', t.labels[predicted] ?? '?', rows.length) };
      }
      case 'mistakes':
        return { rows: mostConfidentMistakes(t.rows, t.rows.length), title: this.s.mostConfidentMistakes };
      case 'uncertain':
        return { rows: leastConfidentPredictions(t.rows, t.rows.length), title: this.s.leastConfident };
    }
  }

  private render(): void {
    const t = this.rows;
    this.mistakesButton.classList.toggle('selected', this.list.kind === 'mistakes');
    this.uncertainButton.classList.toggle('selected', this.list.kind === 'uncertain');
    if (!t) {
      this.caption.textContent = this.s.noTestRows;
      this.note.textContent = '';
      this.table.replaceChildren();
      return;
    }
    const { rows, title } = this.listed(t);
    const ordered = this.sort ? sortTestRows(rows, this.sort.key, this.sort.descending, t.labels) : rows;
    const shown = ordered.slice(0, SHOWN);
    this.caption.textContent = title;
    this.caption.dataset.list = this.list.kind;
    const notes = [
      rows.length === 0 ? this.s.noRowsHere : undefined,
      rows.length > shown.length ? format(this.s.rowsShown, shown.length, rows.length) : undefined,
      t.rows.length < t.total ? format(this.s.rowsKept, t.rows.length, t.total) : undefined,
    ];
    this.note.textContent = notes.filter(Boolean).join(' ');
    const columns: Array<[TestRowKey, string, string]> = [
      ['line', this.s.line, 'num'],
      ['text', this.s.text, 'text'],
      ['truth', this.s.trueLabel, 'label'],
      ['predicted', this.s.predicted, 'label'],
      ['confidence', this.s.confidence, 'num'],
    ];
    const head = h(
      'tr',
      {},
      ...columns.map(([key, name, cls]) => {
        const sorted = this.sort?.key === key;
        const th = h('th', { class: `${cls} sortable`, 'data-key': key }, `${name}${sorted ? (this.sort!.descending ? ' ▼' : ' ▲') : ''}`);
        th.setAttribute('aria-sort', sorted ? (this.sort!.descending ? 'descending' : 'ascending') : 'none');
        th.tabIndex = 0;
        const toggle = (): void => {
          this.sort = { key, descending: sorted ? !this.sort!.descending : key === 'confidence' };
          this.render();
        };
        th.addEventListener('click', toggle);
        th.addEventListener('keydown', (e) => e.key === 'Enter' && toggle());
        return th;
      }),
    );
    const body = shown.map((r) => {
      const tr = h(
        'tr',
        { class: r.truth === r.predicted ? 'row right' : 'row wrong', title: this.s.openRowHint, 'data-line': String(r.line) },
        h('td', { class: 'num' }, String(r.line)),
        h('td', { class: 'text' }, r.text),
        h('td', { class: 'label' }, t.labels[r.truth] ?? '?'),
        h('td', { class: 'label' }, t.labels[r.predicted] ?? '?'),
        h('td', { class: 'num' }, percent(r.confidence)),
      );
      tr.tabIndex = 0;
      tr.addEventListener('click', () => this.open(r.line, r.file));
      tr.addEventListener('keydown', (e) => e.key === 'Enter' && this.open(r.line, r.file));
      return tr;
    });
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...body));
  }
}
