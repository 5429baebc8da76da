// Loss and accuracy per epoch, training and validation, with Chart.js (only the parts a line chart needs,
// so the bundle stays small). Charts are created once and updated in place as epochs arrive.
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
import { h } from './dom';
import { palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

type Metric = 'loss' | 'accuracy';

export class Curves {
  readonly element: HTMLElement;
  private readonly charts: Record<Metric, Chart<'line', Array<number | null>, number>>;
  private readonly empty: HTMLElement;

  constructor(private readonly strings: DashboardStrings) {
    const lossCanvas = h('canvas', { 'data-metric': 'loss' });
    const accCanvas = h('canvas', { 'data-metric': 'accuracy' });
    this.empty = h('p', { class: 'muted curves-empty' }, strings.noCurves);
    this.element = h(
      'section',
      { class: 'curves' },
      h('div', { class: 'chart' }, h('h3', {}, strings.loss), h('div', { class: 'chart-box' }, lossCanvas)),
      h('div', { class: 'chart' }, h('h3', {}, strings.accuracy), h('div', { class: 'chart-box' }, accCanvas)),
      this.empty,
    );
    this.charts = { loss: this.create(lossCanvas, 'loss'), accuracy: this.create(accCanvas, 'accuracy') };
  }

  update(epochs: readonly EpochPoint[]): void {
    this.empty.hidden = epochs.length > 0;
    for (const metric of ['loss', 'accuracy'] as const) {
      const chart = this.charts[metric];
      const valKey = metric === 'loss' ? 'valLoss' : 'valAccuracy';
      chart.data.labels = epochs.map((e) => e.epoch);
      chart.data.datasets[0].data = epochs.map((e) => e[metric] ?? null);
      chart.data.datasets[1].data = epochs.map((e) => e[valKey] ?? null);
      // A run without a validation split has no validation curve: hide its legend entry too.
      chart.setDatasetVisibility(1, epochs.some((e) => e[valKey] !== undefined));
      chart.update('none');
    }
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
      data: { labels: [], datasets: [dataset(this.strings.train), dataset(this.strings.validation)] },
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
    const [train, validation] = chart.data.datasets;
    train.borderColor = train.backgroundColor = p.train;
    validation.borderColor = validation.backgroundColor = p.validation;
    validation.borderDash = [6, 3];
    const options = chart.options;
    options.color = p.foreground;
    options.font = { family: p.font };
    for (const axis of ['x', 'y'] as const) {
      const scale = options.scales?.[axis];
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: p.foreground };
      scale.grid = { ...scale.grid, color: p.grid };
      if ('title' in scale && scale.title) scale.title.color = p.foreground;
    }
  }
}
