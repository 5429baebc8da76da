// Runs side by side (core/runCompare.ts, built on the host): the figures with the change from the first run,
// the options with the differing ones marked, the rows whose prediction flipped, and the validation loss and
// accuracy curves overlaid, one colour per run (training dashed).
import { Chart, type ChartDataset } from 'chart.js';
import type { DashboardStrings, RunComparison } from '../../src/training/dashboard/protocol';
import { fixed, format, h } from './dom';
import { applyChartTheme, cssVar, palette } from './theme';

// Curves registers the line chart's parts with Chart.js; this module is loaded beside it.

type LineChart = Chart<'line', Array<number | null>, number>;

const RUN_COLOURS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function signed(n: number, digits: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
}

export class ComparisonView {
  readonly element: HTMLElement;
  private readonly title = h('h1', {});
  private readonly body = h('div', { class: 'comparison-body' });
  private readonly charts: Record<'loss' | 'accuracy', LineChart>;
  private shown: RunComparison | undefined;

  constructor(private readonly s: DashboardStrings) {
    const loss = h('canvas', { 'data-compare': 'loss' });
    const acc = h('canvas', { 'data-compare': 'accuracy' });
    this.element = h(
      'main',
      { class: 'comparison' },
      h('header', {}, this.title),
      h(
        'section',
        { class: 'compare-curves' },
        h('div', { class: 'chart' }, h('h3', {}, s.loss), h('div', { class: 'chart-box' }, loss)),
        h('div', { class: 'chart' }, h('h3', {}, s.accuracy), h('div', { class: 'chart-box' }, acc)),
      ),
      this.body,
    );
    this.charts = { loss: this.create(loss), accuracy: this.create(acc) };
  }

  update(c: RunComparison): void {
    this.shown = c;
    this.title.textContent = format(this.s.compareTitle, c.runs.length);
    const runHead = (): HTMLTableRowElement =>
      h('tr', {}, h('th', {}), ...c.runs.map((r, i) => h('th', { class: 'num', title: `${r.dataFile}\n${r.createdAt}` }, `${format(this.s.runN, i + 1)}${i === 0 ? ` (${this.s.baseline})` : ''}`, h('br'), h('span', { class: 'muted' }, `${r.modelName} · ${r.kind}`))));
    const metrics = h(
      'table',
      { class: 'compare-metrics' },
      h('thead', {}, runHead()),
      h(
        'tbody',
        {},
        ...c.metrics.map((m) =>
          h(
            'tr',
            { 'data-metric': m.name },
            h('th', { class: 'label' }, m.name),
            ...m.values.map((v, i) => {
              const d = m.deltas[i];
              const integer = m.values.every((x) => x === null || Number.isInteger(x));
              const digits = integer ? 0 : m.name === 'seconds' ? 1 : 3;
              const better = d === null || d === 0 || m.better === 'none' ? '' : (d > 0) === (m.better === 'higher') ? 'better' : 'worse';
              return h('td', { class: `num ${better}` }, v === null ? '–' : integer ? String(v) : fixed(v, digits), d === null ? '' : h('span', { class: 'delta' }, ` ${signed(d, digits)}`));
            }),
          ),
        ),
      ),
    );
    const options = h(
      'table',
      { class: 'compare-options' },
      h('thead', {}, runHead()),
      h('tbody', {}, ...c.options.map((o) => h('tr', { class: o.differs ? 'differs' : '', 'data-option': o.name }, h('th', { class: 'label' }, o.name), ...o.values.map((v) => h('td', {}, v))))),
    );
    const flipped = c.flipped
      ? [
          h('p', { class: 'flipped-summary' }, format(this.s.flippedSummary, c.flipped.length, c.sharedRows ?? 0)),
          h(
            'table',
            { class: 'flipped' },
            h('thead', {}, h('tr', {}, h('th', {}, this.s.text), h('th', {}, this.s.trueLabel), h('th', {}, this.s.before), h('th', {}, this.s.after))),
            h('tbody', {}, ...c.flipped.map((f) => h('tr', { class: f.after === f.truth ? 'better' : f.before === f.truth ? 'worse' : '' }, h('td', { class: 'text' }, f.text), h('td', {}, f.truth), h('td', {}, f.before), h('td', {}, f.after)))),
          ),
        ]
      : [h('p', { class: 'muted flipped-summary' }, this.s.flippedNone)];
    this.body.replaceChildren(
      h('div', { class: 'report-box' }, h('h2', {}, this.s.figure), metrics),
      h('div', {}, h('h2', {}, this.s.optionsDiffer), options),
      h('div', {}, h('h2', {}, this.s.flipped), ...flipped),
    );
    this.drawCurves();
  }

  restyle(): void {
    if (this.shown) this.drawCurves();
  }

  private drawCurves(): void {
    const c = this.shown!;
    const p = palette();
    const epochs = Math.max(0, ...c.runs.flatMap((r) => r.curves.map((e) => e.epoch)));
    const labels = Array.from({ length: epochs }, (_, i) => i + 1);
    for (const metric of ['loss', 'accuracy'] as const) {
      const valKey = metric === 'loss' ? 'valLoss' : 'valAccuracy';
      const chart = this.charts[metric];
      chart.data.labels = labels;
      chart.data.datasets = c.runs.flatMap((r, i): Array<ChartDataset<'line', Array<number | null>>> => {
        const colour = cssVar(RUN_COLOURS[i % RUN_COLOURS.length], FALLBACK[i % FALLBACK.length]);
        const at = (key: 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy'): Array<number | null> => labels.map((e) => r.curves.find((x) => x.epoch === e)?.[key] ?? null);
        const base = { borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 2, tension: 0.2, spanGaps: true };
        const name = format(this.s.runN, i + 1);
        return [
          { ...base, label: `${name} · ${this.s.validation}`, data: at(valKey) },
          { ...base, label: `${name} · ${this.s.train}`, data: at(metric), borderDash: [6, 3], borderWidth: 1 },
        ];
      });
      applyChartTheme(chart, p);
      chart.update('none');
    }
  }

  private create(canvas: HTMLCanvasElement): LineChart {
    return new Chart<'line', Array<number | null>, number>(canvas, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: { x: { title: { display: true, text: this.s.epoch } }, y: {} },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } } },
      },
    });
  }
}
