// A report as text to paste elsewhere: a Markdown table (report, then confusion matrix), CSV (one row per
// class and average, then the confusion matrix below a blank line; csv-stringify quotes the labels) or JSON
// (the figures `--json` prints). The one formatter behind the dashboard's copy buttons (through
// dist/parsers.js) and `neural-lens evaluate --format`.
import { stringify } from 'csv-stringify/sync';
import type { CalibrationReport } from './calibration';
import type { Report } from './report';
import { jsonLine } from './terminalText';

export const REPORT_FORMATS = ['markdown', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(v: unknown): v is ReportFormat {
  return (REPORT_FORMATS as readonly unknown[]).includes(v);
}

/** What goes with the report: the model kind and the rows it was measured on, and their calibration. */
export interface ReportContext {
  model?: string;
  rows?: number;
  reliability?: CalibrationReport;
}

const HEAD = ['', 'precision', 'recall', 'f1-score', 'support'];

/** The classification report's rows as scikit-learn prints them: per class, then accuracy, macro and weighted avg. */
function reportRows(r: Report): Array<[string, string, string, string, string]> {
  const f = (n: number): string => n.toFixed(4);
  const total = r.perClass.reduce((n, c) => n + c.support, 0);
  return [
    ...r.perClass.map((c) => [c.label, f(c.precision), f(c.recall), f(c.f1), String(c.support)] as [string, string, string, string, string]),
    ['accuracy', '', '', f(r.accuracy), String(total)],
    ['macro avg', f(r.macro.precision), f(r.macro.recall), f(r.macro.f1), String(r.macro.support)],
    ['weighted avg', f(r.weighted.precision), f(r.weighted.recall), f(r.weighted.f1), String(r.weighted.support)],
  ];
}

/** A Markdown table cell: pipes and line breaks would end the cell or the row. */
function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mdTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly string[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(head), `|${align.map((a) => (a === 'r' ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

/** The figures `--json` prints for a report (train and evaluate alike). */
export function reportJson(r: Report) {
  return { accuracy: r.accuracy, macroF1: r.macro.f1, weightedF1: r.weighted.f1, perClass: r.perClass, confusion: r.confusion, labels: r.labels };
}

/** The calibration figures `--json` prints (train: on the test rows; evaluate: on the file). */
export function reliabilityJson(r: CalibrationReport) {
  return { ece: r.ece, nll: r.nll, brier: r.brier };
}

export function formatReportAs(format: ReportFormat, report: Report, context: ReportContext = {}): string {
  const { labels, confusion } = report;
  switch (format) {
    case 'json':
      return jsonLine({ model: context.model, testRows: context.rows, ...reportJson(report), ...(context.reliability ? reliabilityJson(context.reliability) : {}) });
    case 'csv':
      return (
        stringify([HEAD.map((h, i) => (i === 0 ? 'label' : h)), ...reportRows(report)]) +
        '\n' +
        stringify([['true \\ predicted', ...labels], ...confusion.map((row, i) => [labels[i], ...row.map(String)])])
      );
    case 'markdown': {
      const rel = context.reliability;
      const about = [context.model, context.rows !== undefined ? `${context.rows} rows` : undefined, rel ? `ECE ${rel.ece.toFixed(3)} · NLL ${rel.nll.toFixed(3)} · Brier ${rel.brier.toFixed(3)}` : undefined].filter(Boolean);
      return [
        ...(about.length ? [`${about.map((a) => mdCell(String(a))).join(' · ')}\n`] : []),
        mdTable(HEAD, reportRows(report), ['l', 'r', 'r', 'r', 'r']),
        mdTable(['true \\ predicted', ...labels], confusion.map((row, i) => [labels[i], ...row.map(String)]), ['l', ...labels.map(() => 'r')]),
      ].join('\n');
    }
  }
}
