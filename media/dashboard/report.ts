// The end of a run: the facts (time, rows, backend), the classification report laid out as scikit-learn
// prints it, and the confusion matrix as a heat map (cells shaded by the share of their true-label row).
import type { Report } from '../../src/engine/protocol';
import type { DashboardRun, DashboardStrings, RunResult } from '../../src/training/dashboard/protocol';
import { fixed, format, h } from './dom';

export function factsList(run: DashboardRun, result: RunResult, s: DashboardStrings): HTMLElement {
  const rows: Array<[string, string]> = [
    [s.model, `${result.modelName} (${run.kind})`],
    [s.data, run.dataFile],
  ];
  if (result.evaluatedOn) rows.push([s.evaluatedOn, result.evaluatedOn]);
  if (result.trainSeconds !== undefined) rows.push([s.trainingTime, `${result.trainSeconds.toFixed(1)} s`]);
  if (result.trainRows !== undefined) {
    rows.push([s.rows, format(s.rowsDetail, result.trainRows, result.testRows ?? 0, result.skippedRows ?? 0)]);
  }
  rows.push([s.backend, result.backend]);
  for (const [key, value] of Object.entries(run.options ?? {})) rows.push([key, value]);
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** scikit-learn's classification_report: per class, a gap, then accuracy, macro avg, weighted avg. */
export function reportTable(report: Report): HTMLTableElement {
  const total = report.perClass.reduce((n, c) => n + c.support, 0);
  const num = (v: number | string, cls = 'num'): HTMLTableCellElement => h('td', { class: cls }, typeof v === 'number' ? fixed(v, 2) : v);
  const head = h('tr', {}, h('th', {}), ...['precision', 'recall', 'f1-score', 'support'].map((t) => h('th', { class: 'num' }, t)));
  const body = [
    ...report.perClass.map((c) =>
      h('tr', { 'data-label': c.label }, h('th', { class: 'label' }, c.label), num(c.precision), num(c.recall), num(c.f1), num(String(c.support))),
    ),
    h('tr', { class: 'gap' }, h('td', {}), h('td', {}), h('td', {}), h('td', {}), h('td', {})),
    h('tr', { class: 'avg' }, h('th', { class: 'label' }, 'accuracy'), num(''), num(''), num(report.accuracy), num(String(total))),
    h('tr', { class: 'avg' }, h('th', { class: 'label' }, 'macro avg'), num(report.macro.precision), num(report.macro.recall), num(report.macro.f1), num(String(report.macro.support))),
    h(
      'tr',
      { class: 'avg' },
      h('th', { class: 'label' }, 'weighted avg'),
      num(report.weighted.precision),
      num(report.weighted.recall),
      num(report.weighted.f1),
      num(String(report.weighted.support)),
    ),
  ];
  return h('table', { class: 'report' }, h('thead', {}, head), h('tbody', {}, ...body));
}

export function confusionHeatmap(report: Report, s: DashboardStrings): HTMLElement {
  const { labels, confusion } = report;
  const head = h('tr', {}, h('th', { class: 'corner' }, `${s.trueLabel} ↓ / ${s.predicted} →`), ...labels.map((l) => h('th', { class: 'num' }, l)));
  const rows = confusion.map((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    const cells = row.map((count, j) => {
      const share = rowTotal > 0 ? count / rowTotal : 0;
      const cell = h('td', { class: i === j ? 'cell diagonal' : 'cell', title: `${labels[i]} → ${labels[j]}: ${count} (${(share * 100).toFixed(1)}%)` }, String(count));
      // Shade through the CSSOM (allowed by the CSP, unlike style attributes in markup).
      cell.style.setProperty('--share', `${Math.round(share * 100)}%`);
      if (share > 0.55) cell.classList.add('strong');
      return cell;
    });
    return h('tr', {}, h('th', { class: 'label' }, labels[i]), ...cells);
  });
  return h('table', { class: 'confusion' }, h('thead', {}, head), h('tbody', {}, ...rows));
}
