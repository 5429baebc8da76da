// Loss and accuracy per epoch, training and validation, with Chart.js (only the parts a line chart needs,
// so the bundle stays small). Charts are created once and updated in place as epochs arrive. Once the run
// is done, the epoch the model kept is marked (a third dataset of one point), and under cross-fitting a
// caption says the curves are fold 1's (core/validation.ts isCurvePoint).
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { DashboardStrings, EpochPoint } from '../../src/training/dashboard/protocol';
import { format, h } from './dom';
import { applyChartTheme, palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

type Metric = 'loss' | 'accuracy';

/** The epoch the model kept, and under cross-fitting the number of folds (the curves are fold 1's). */
export interface KeptEpoch {
  epoch: number;
  folds?: number;
}

export class Curves {
  readonly element: HTMLElement;
  private readonly charts: Record<Metric, Chart<'line', Array<number | null>, number>>;
  private readonly empty: HTMLElement;
  private readonly caption: HTMLElement;

  constructor(private readonly strings: DashboardStrings) {
    // A canvas is a picture to a screen reader: each says in words what it draws (updated every epoch).
    const lossCanvas = h('canvas', { 'data-metric': 'loss', role: 'img', 'aria-label': format(strings.chartEmpty, strings.loss) });
    const accCanvas = h('canvas', { 'data-metric': 'accuracy', role: 'img', 'aria-label': format(strings.chartEmpty, strings.accuracy) });
    this.empty = h('p', { class: 'muted curves-empty' }, strings.noCurves);
    this.caption = h('p', { class: 'muted curves-caption' });
    this.element = h(
      'section',
      { class: 'curves' },
      h('div', { class: 'chart' }, h('h3', {}, strings.loss), h('div', { class: 'chart-box' }, lossCanvas)),
      h('div', { class: 'chart' }, h('h3', {}, strings.accuracy), h('div', { class: 'chart-box' }, accCanvas)),
      this.empty,
      this.caption,
    );
    this.charts = { loss: this.create(lossCanvas, 'loss'), accuracy: this.create(accCanvas, 'accuracy') };
  }

  update(epochs: readonly EpochPoint[], kept?: KeptEpoch): void {
    this.empty.hidden = epochs.length > 0;
    if (kept) this.element.dataset.keptEpoch = String(kept.epoch);
    else delete this.element.dataset.keptEpoch;
    this.caption.hidden = !kept?.folds;
    this.caption.textContent = kept?.folds ? format(this.strings.curvesFold, kept.folds) : '';
    for (const metric of ['loss', 'accuracy'] as const) {
      const chart = this.charts[metric];
      const valKey = metric === 'loss' ? 'valLoss' : 'valAccuracy';
      chart.data.labels = epochs.map((e) => e.epoch);
      chart.data.datasets[0].data = epochs.map((e) => e[metric] ?? null);
      chart.data.datasets[1].data = epochs.map((e) => e[valKey] ?? null);
      // The kept epoch sits on the validation curve (what chose it), or on the training one without it.
      const mark = chart.data.datasets[2];
      mark.label = kept ? format(this.strings.keptMark, kept.epoch) : '';
      mark.data = epochs.map((e) => (e.epoch === kept?.epoch ? (e[valKey] ?? e[metric] ?? null) : null));
      // A run without a validation split has no validation curve: hide its legend entry too.
      chart.setDatasetVisibility(1, epochs.some((e) => e[valKey] !== undefined));
      chart.setDatasetVisibility(2, mark.data.some((v) => v !== null));
      chart.update('none');
      chart.canvas.setAttribute('aria-label', this.summary(metric, epochs));
    }
  }

  /** The chart in words: the metric, how many epochs, and the last values. */
  private summary(metric: Metric, epochs: readonly EpochPoint[]): string {
    const name = metric === 'loss' ? this.strings.loss : this.strings.accuracy;
    const last = epochs.at(-1);
    if (!last) return format(this.strings.chartEmpty, name);
    const value = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
    const validation = metric === 'loss' ? last.valLoss : last.valAccuracy;
    return validation === undefined
      ? format(this.strings.chartSummaryNoValidation, name, epochs.length, value(last[metric]))
      : format(this.strings.chartSummary, name, epochs.length, value(last[metric]), value(validation));
  }

  /** Re-reads the theme's colours. */
  restyle(): void {
    for (const chart of Object.values(this.charts)) {
      this.applyPalette(chart);
      chart.update('none');
    }
  }

  private create(canvas: HTMLCanvasElement, metric: Metric): Chart<'line', Array<number | null>, number> {
    const dataset = (label: string): ChartDataset<'line', Array<number | null>> => ({
      label,
      data: [],
      borderWidth: 2,
      pointRadius: 3,
      tension: 0.2,
      spanGaps: true,
    });
    const chart = new Chart<'line', Array<number | null>, number>(canvas, {
      type: 'line',
      data: { labels: [], datasets: [dataset(this.strings.train), dataset(metric === 'loss' ? this.strings.validationLoss : this.strings.validation), { ...dataset(''), showLine: false, pointRadius: 8, pointStyle: 'rectRot' }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { title: { display: true, text: this.strings.epoch } },
          y: metric === 'accuracy' ? { suggestedMin: 0, suggestedMax: 1 } : { beginAtZero: true },
        },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } } },
      },
    });
    this.applyPalette(chart);
    return chart;
  }

  private applyPalette(chart: Chart<'line', Array<number | null>, number>): void {
    const p = palette();
    const [train, validation, kept] = chart.data.datasets;
    train.borderColor = train.backgroundColor = p.train;
    validation.borderColor = validation.backgroundColor = p.validation;
    kept.borderColor = kept.backgroundColor = p.foreground;
    validation.borderDash = [6, 3];
    applyChartTheme(chart, p);
  }
}
