// The reliability diagram: per confidence bin, the share of test rows predicted right (bars) against the
// diagonal a perfectly calibrated model would follow, and the bins' mean confidence. Chart.js draws it; a
// table of the same bins is its text alternative (and the canvas carries a one-line summary).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { CalibrationReport, ReliabilityBin } from '../../src/engine/protocol';
import type { DashboardStrings } from '../../src/training/dashboard/protocol';
import { fixed, format, h } from './dom';
import { applyChartTheme, palette } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

type Data = Array<number | null>;

/** The bins a top-class confidence can fall in: with k classes it is at least 1/k. */
function shownBins(report: CalibrationReport, classes: number): ReliabilityBin[] {
  const first = Math.min(report.bins.length - 1, Math.floor(report.bins.length / Math.max(1, classes)));
  return report.bins.slice(first);
}

const range = (b: ReliabilityBin): string => `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`;

export class ReliabilityDiagram {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly table: HTMLElement;
  private chart: Chart<'bar' | 'line', Data, string> | undefined;
  private shown = '';

  constructor(private readonly strings: DashboardStrings) {
    this.canvas = h('canvas', { 'data-chart': 'reliability' });
    this.canvas.setAttribute('role', 'img');
    this.table = h('div', {});
    this.element = h(
      'div',
      { class: 'reliability-box' },
      h('h2', {}, strings.reliability),
      h('div', { class: 'chart-box reliability-chart' }, this.canvas),
      h('details', {}, h('summary', {}, strings.reliabilityTable), this.table),
    );
  }

  /** Shows `report` (of a model with `classes` labels), or hides itself without one. */
  update(report: CalibrationReport | undefined, classes: number): void {
    this.element.hidden = !report;
    if (!report) return;
    const key = JSON.stringify(report);
    if (key === this.shown) return;
    this.shown = key;
    const s = this.strings;
    const bins = shownBins(report, classes);
    this.canvas.setAttribute('aria-label', format(s.reliabilitySummary, fixed(report.ece), report.rows));
    this.table.replaceChildren(
      h(
        'table',
        { class: 'reliability' },
        h('thead', {}, h('tr', {}, h('th', {}, s.confidence), h('th', { class: 'num' }, s.rows), h('th', { class: 'num' }, s.meanConfidence), h('th', { class: 'num' }, s.accuracy))),
        h(
          'tbody',
          {},
          ...bins.map((b) =>
            h('tr', {}, h('td', {}, range(b)), h('td', { class: 'num' }, String(b.count)), h('td', { class: 'num' }, b.count ? fixed(b.confidence, 2) : '–'), h('td', { class: 'num' }, b.count ? fixed(b.accuracy, 2) : '–')),
          ),
        ),
      ),
    );
    const labels = bins.map(range);
    const accuracy: Data = bins.map((b) => (b.count ? b.accuracy : null));
    const confidence: Data = bins.map((b) => (b.count ? b.confidence : null));
    const diagonal: Data = bins.map((b) => (b.lower + b.upper) / 2);
    if (!this.chart) {
      // Coloured at creation (a restyle right after it would not reach the first drawing), again on theme changes.
      const p = palette();
      this.chart = new Chart<'bar' | 'line', Data, string>(this.canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { type: 'bar', label: s.accuracy, data: accuracy, order: 3, backgroundColor: p.train, borderColor: p.train },
            { type: 'line', label: s.meanConfidence, data: confidence, showLine: false, pointRadius: 4, order: 2, backgroundColor: p.validation, borderColor: p.validation },
            { type: 'line', label: s.diagonal, data: diagonal, pointRadius: 0, borderWidth: 1, borderDash: [4, 4], order: 1, backgroundColor: p.foreground, borderColor: p.foreground },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { title: { display: true, text: s.confidence } },
            y: { min: 0, max: 1, title: { display: true, text: s.accuracy } },
          },
          plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
          color: p.foreground,
          font: { family: p.font },
        },
      });
      return;
    }
    this.chart.data.labels = labels;
    this.chart.data.datasets[0].data = accuracy;
    this.chart.data.datasets[1].data = confidence;
    this.chart.data.datasets[2].data = diagonal;
    this.chart.update('none');
  }

  /** Re-reads the theme's colours. */
  restyle(): void {
    const chart = this.chart;
    if (!chart) return;
    const p = palette();
    const [bars, confidence, diagonal] = chart.data.datasets;
    bars.backgroundColor = p.train;
    bars.borderColor = p.train;
    confidence.backgroundColor = confidence.borderColor = p.validation;
    diagonal.borderColor = diagonal.backgroundColor = p.foreground;
    applyChartTheme(chart, p);
    chart.update('none');
  }
}
