import type { DiagramResult, DiagramSource, MermaidThemeSetting, PreviewStrings } from '../../src/preview/protocol';
import { DiagramRenderer, type DiagramOutcome, type MermaidLoader } from '../shared/mermaid/diagramRenderer';
import { chooseMermaidTheme, type MermaidThemeChoice } from '../shared/mermaid/theme';
import { currentThemeKind, readCssVariable } from '../shared/mermaid/themeWatcher';
import { attachZoomPan, initialZoom, type ZoomState } from '../shared/mermaid/zoomPan';

export interface DiagramSettings {
  theme: MermaidThemeSetting;
  maxTextSize: number;
  strings: PreviewStrings;
}

/**
 * Turns the `.nl-mermaid` placeholders of the page into zoomable SVGs. A placeholder already drawn
 * for its hash and the current theme is left alone; a changed one keeps showing the previous drawing
 * (and its height) until the new SVG is ready; a render that became stale before it started is dropped.
 */
export class DiagramController {
  private readonly renderer: DiagramRenderer;
  private theme: MermaidThemeChoice;

  constructor(
    private readonly root: HTMLElement,
    private settings: DiagramSettings,
    private readonly zoom: Record<string, ZoomState>,
    private readonly onZoomChange: () => void,
    load: MermaidLoader,
  ) {
    this.renderer = new DiagramRenderer({ maxTextSize: settings.maxTextSize, tooLarge: settings.strings.diagramTooLarge, load });
    this.theme = this.chooseTheme();
  }

  get renderCount(): number {
    return this.renderer.renders;
  }

  /** Applies new settings; returns true when diagrams must be redrawn (theme or size limit changed). */
  setSettings(settings: DiagramSettings): boolean {
    this.settings = settings;
    this.renderer.setMaxTextSize(settings.maxTextSize);
    return this.refreshTheme();
  }

  /** Re-reads the editor theme; true when the Mermaid theme changed. */
  refreshTheme(): boolean {
    const next = this.chooseTheme();
    const changed = next.key !== this.theme.key;
    this.theme = next;
    return changed;
  }

  private chooseTheme(): MermaidThemeChoice {
    return chooseMermaidTheme(this.settings.theme, currentThemeKind(), readCssVariable);
  }

  /**
   * Draws every placeholder not yet drawn for the current theme. `removed` are block elements that
   * just left the page: their drawings stand in for changed diagrams until the new ones are ready.
   * Resolves when every diagram is settled (drawn, failed or superseded).
   */
  async update(removed: HTMLElement[] = []): Promise<void> {
    const standIns = removed.flatMap((el) => Array.from(el.querySelectorAll<HTMLElement>('.nl-diagram')));
    const placeholders = Array.from(this.root.querySelectorAll<HTMLElement>('.nl-mermaid'));
    const pending: Promise<void>[] = [];
    placeholders.forEach((el, index) => {
      const hash = el.dataset.hash ?? '';
      const theme = this.theme;
      const drawnKey = `${theme.key}\u0000${hash}`;
      if (el.dataset.drawn === drawnKey) return;
      el.dataset.index = String(index);
      const cached = this.renderer.cached(hash, theme);
      if (cached) {
        this.draw(el, cached, drawnKey, index);
        return;
      }
      if (!el.querySelector(':scope > .nl-diagram') && !el.querySelector(':scope > .nl-diagram-error')) {
        const standIn = standIns.shift();
        if (standIn) {
          // Keep the old drawing and its height until the new one is ready: no blank, no jump.
          // (Its height was measured before its block left the page: detached elements measure 0.)
          standIn.classList.add('nl-stale');
          el.appendChild(standIn);
          el.querySelector<HTMLElement>(':scope > .nl-mermaid-source')?.setAttribute('hidden', '');
          if (standIn.dataset.height) el.style.minHeight = `${standIn.dataset.height}px`;
        }
      } else {
        el.querySelector(':scope > .nl-diagram')?.classList.add('nl-stale');
      }
      const source = el.querySelector(':scope > .nl-mermaid-source')?.textContent ?? '';
      const isWanted = () => el.isConnected && el.dataset.hash === hash && this.theme.key === theme.key;
      pending.push(
        this.renderer.render({ hash, source, theme, isWanted }).then((outcome) => {
          if (outcome && isWanted()) this.draw(el, outcome, drawnKey, index);
        }),
      );
    });
    await Promise.all(pending);
  }

  /** Forces every diagram to be redrawn (theme change): old drawings stay until the new ones arrive. */
  async redrawAll(): Promise<void> {
    for (const el of this.root.querySelectorAll<HTMLElement>('.nl-mermaid')) delete el.dataset.drawn;
    await this.update();
  }

  private draw(el: HTMLElement, outcome: DiagramOutcome, drawnKey: string, index: number): void {
    el.dataset.drawn = drawnKey;
    const source = el.querySelector<HTMLElement>(':scope > .nl-mermaid-source');
    el.querySelector(':scope > .nl-diagram-error')?.remove();
    if ('error' in outcome) {
      el.querySelector(':scope > .nl-diagram')?.remove();
      source?.setAttribute('hidden', '');
      el.appendChild(this.errorBox(outcome.error, Number(el.dataset.line), source?.textContent ?? ''));
      el.style.minHeight = '';
      return;
    }
    source?.setAttribute('hidden', '');
    const zoomKey = String(index);
    const state = (this.zoom[zoomKey] ??= initialZoom());
    let wrapper = el.querySelector<HTMLElement>(':scope > .nl-diagram');
    if (wrapper && wrapper.dataset.zoomKey !== zoomKey) {
      wrapper.remove();
      wrapper = null;
    }
    if (!wrapper) {
      wrapper = document.createElement('div');
      wrapper.className = 'nl-diagram';
      wrapper.dataset.zoomKey = zoomKey;
      attachZoomPan(wrapper, state, this.settings.strings, this.onZoomChange);
      el.appendChild(wrapper);
    }
    const canvas = wrapper.querySelector<HTMLElement>('.nl-diagram-canvas')!;
    canvas.innerHTML = outcome.svg;
    wrapper.classList.remove('nl-stale');
    el.style.minHeight = '';
  }

  private errorBox(message: string, fenceLine: number, source: string): HTMLElement {
    // Mermaid numbers lines from the diagram's first line; the fence line comes before it.
    const relative = /line (\d+)/i.exec(message);
    const line = Number.isFinite(fenceLine) ? fenceLine + 1 + (relative ? Number(relative[1]) : 0) : undefined;
    const box = document.createElement('div');
    box.className = 'nl-error nl-diagram-error';
    box.setAttribute('role', 'alert');
    const head = document.createElement('div');
    head.className = 'nl-error-message';
    const where = line === undefined ? '' : ` (${this.settings.strings.line.replace('{0}', String(line))})`;
    head.textContent = `${this.settings.strings.diagramError}${where}: ${message}`;
    const pre = document.createElement('pre');
    pre.className = 'nl-error-source';
    pre.textContent = source;
    box.append(head, pre);
    return box;
  }

  /** For the HTML export: draws the given sources with a fixed theme, using the cache when it can. */
  async renderForExport(diagrams: DiagramSource[], setting: MermaidThemeSetting): Promise<DiagramResult[]> {
    const theme = chooseMermaidTheme(setting === 'auto' ? 'default' : setting, 'light', () => '');
    const results: DiagramResult[] = [];
    for (const d of diagrams) {
      const outcome = (await this.renderer.render({ hash: d.hash, source: d.source, theme })) ?? { error: 'abandoned' };
      results.push('svg' in outcome ? { hash: d.hash, svg: outcome.svg } : { hash: d.hash, error: outcome.error });
    }
    return results;
  }
}

/** The same drawing path without a webview: for the CLI's headless browser. */
export async function renderDiagramsHeadless(diagrams: DiagramSource[], setting: MermaidThemeSetting, maxTextSize: number, load: MermaidLoader): Promise<DiagramResult[]> {
  const renderer = new DiagramRenderer({ maxTextSize, load });
  const theme = chooseMermaidTheme(setting === 'auto' ? 'default' : setting, 'light', () => '');
  const results: DiagramResult[] = [];
  for (const d of diagrams) {
    const outcome = (await renderer.render({ hash: d.hash, source: d.source, theme })) ?? { error: 'abandoned' };
    results.push('svg' in outcome ? { hash: d.hash, svg: outcome.svg } : { hash: d.hash, error: outcome.error });
  }
  return results;
}
