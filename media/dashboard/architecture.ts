// The model's layers twice: as Keras' model.summary() table and as a plot_model-style Mermaid diagram.
import type { ArchitectureView, DashboardStrings } from '../../src/training/dashboard/protocol';
import { formatCount, formatShape } from '../../src/core/layerSummary';
import { h } from './dom';
import { renderDiagram } from './diagram';

export class ArchitecturePanel {
  readonly element: HTMLElement;
  private readonly table: HTMLElement;
  private readonly diagram: HTMLElement;
  private shown: ArchitectureView | undefined;

  constructor(private readonly strings: DashboardStrings) {
    this.table = h('div', { class: 'summary' });
    this.diagram = h('div', { class: 'diagram' });
    this.element = h('section', { class: 'architecture' }, h('h2', {}, strings.architecture), h('div', { class: 'architecture-body' }, this.table, this.diagram));
  }

  update(view: ArchitectureView | undefined): void {
    this.element.hidden = !view;
    if (!view || view === this.shown || JSON.stringify(view) === JSON.stringify(this.shown)) return;
    this.shown = view;
    const s = this.strings;
    const rows = view.layers.map((l) =>
      h('tr', {}, h('td', {}, `${l.name} (${l.type})`), h('td', { class: 'mono' }, formatShape(l.outputShape)), h('td', { class: 'num' }, formatCount(l.params))),
    );
    this.table.replaceChildren(
      h(
        'table',
        { class: 'keras-summary' },
        h('thead', {}, h('tr', {}, h('th', {}, s.layer), h('th', {}, s.outputShape), h('th', { class: 'num' }, s.params))),
        h('tbody', {}, ...rows),
      ),
      h('p', { class: 'total' }, `${s.totalParams}: ${formatCount(view.totalParams)}`),
      ...(view.estimated ? [h('p', { class: 'muted' }, s.estimated)] : []),
    );
    void this.draw();
  }

  /** Redraws the diagram (after a theme change). */
  restyle(): void {
    if (this.shown) void this.draw();
  }

  private async draw(): Promise<void> {
    const view = this.shown;
    if (!view) return;
    try {
      await renderDiagram(this.diagram, view.mermaid);
    } catch (e) {
      this.diagram.replaceChildren(h('p', { class: 'error' }, `${this.strings.diagramFailed}: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
}
