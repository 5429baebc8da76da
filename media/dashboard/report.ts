// The end of a run: the facts (time, rows, backend), the classification report laid out as scikit-learn
// prints it, and the confusion matrix as a heat map (cells shaded by the share of their true-label row).
import type { FitFacts, Report } from '../../src/engine/protocol';
import type { DashboardRun, DashboardStrings, RunResult } from '../../src/training/dashboard/protocol';
import { fixed, format, h } from './dom';

/** Which rows trained, validated and tested the model. */
function rowsFact(result: RunResult, s: DashboardStrings): string | undefined {
  if (result.trainRows === undefined) return undefined;
  const test = result.testRows ?? 0;
  const skipped = result.skippedRows ?? 0;
  if (result.validation?.strategy === 'cross-fit') return format(s.rowsCrossFit, result.validation.folds ?? '?', result.trainRows, test, skipped);
  // A model saved before validation rows were recorded: unknown, not 0.
  return format(s.rowsDetail, result.trainRows, result.validationRows ?? '–', test, skipped);
}

/** The epoch kept, and why. */
export function keptEpochText(fit: FitFacts, s: DashboardStrings): string {
  switch (fit.stopReason) {
    case 'patience':
      return format(s.stopPatience, fit.bestEpoch, fit.epochsRun);
    case 'max-epochs':
      return format(s.stopMaxEpochs, fit.bestEpoch, fit.epochsRun);
    case 'no-validation':
      return format(s.stopNoValidation, fit.epochsRun);
    case 'disabled':
      return format(s.stopDisabled, fit.epochsRun);
    case 'cross-fit':
      return format(s.stopCrossFit, fit.bestEpoch, (fit.foldBestEpochs ?? []).join(', '));
  }
}

export function factsList(run: DashboardRun, result: RunResult, s: DashboardStrings): HTMLElement {
  const rows: Array<[string, string]> = [
    [s.model, `${result.modelName} (${run.kind})`],
    [s.data, run.dataFile],
  ];
  if (result.evaluatedOn) rows.push([s.evaluatedOn, result.evaluatedOn]);
  if (result.trainSeconds !== undefined) rows.push([s.trainingTime, `${result.trainSeconds.toFixed(1)} s`]);
  const rowsText = rowsFact(result, s);
  if (rowsText) rows.push([s.rows, rowsText]);
  // An evaluation's own figures are its reliability; the model's training facts describe another file.
  if (!result.evaluatedOn) {
    if (result.fit) rows.push([s.keptEpoch, keptEpochText(result.fit, s)]);
    const c = result.calibration;
    if (c) {
      const t = fixed(c.temperature, 2);
      rows.push([s.temperature, c.fittedOn === 'cross-fit' ? format(s.temperatureCrossFit, t, c.rows) : c.fittedOn === 'holdout' ? format(s.temperatureHoldout, t, c.rows) : s.temperatureNone]);
    }
  }
  const r = result.reliability;
  if (r) rows.push([s.calibration, format(s.calibrationDetail, fixed(r.ece), fixed(r.nll), fixed(r.brier))]);
  for (const w of result.warnings ?? []) rows.push([s.warnings, w]);
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

/** The confusion matrix; with `onCell`, each cell is a button that lists its rows (true i, predicted j). */
export function confusionHeatmap(report: Report, s: DashboardStrings, onCell?: (truth: number, predicted: number) => void): HTMLElement {
  const { labels, confusion } = report;
  const head = h('tr', {}, h('th', { class: 'corner' }, `${s.trueLabel} ↓ / ${s.predicted} →`), ...labels.map((l) => h('th', { class: 'num' }, l)));
  const rows = confusion.map((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    const cells = row.map((count, j) => {
      const share = rowTotal > 0 ? count / rowTotal : 0;
      const title = `${labels[i]} → ${labels[j]}: ${count} (${(share * 100).toFixed(1)}%)${onCell ? ` · ${s.cellHint}` : ''}`;
      const cell = h('td', { class: i === j ? 'cell diagonal' : 'cell', title, 'data-truth': String(i), 'data-predicted': String(j) }, String(count));
      if (onCell) {
        cell.tabIndex = 0;
        cell.setAttribute('role', 'button');
        cell.classList.add('clickable');
        cell.addEventListener('click', () => onCell(i, j));
        cell.addEventListener('keydown', (e) => e.key === 'Enter' && onCell(i, j));
      }
      // Shade through the CSSOM (allowed by the CSP, unlike style attributes in markup).
      cell.style.setProperty('--share', `${Math.round(share * 100)}%`);
      if (share > 0.55) cell.classList.add('strong');
      return cell;
    });
    return h('tr', {}, h('th', { class: 'label' }, labels[i]), ...cells);
  });
  return h('table', { class: 'confusion' }, h('thead', {}, head), h('tbody', {}, ...rows));
}
