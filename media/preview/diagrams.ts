import type { DiagramResult, DiagramSource, MermaidThemeSetting, PreviewStrings } from '../../src/preview/protocol';
import { DiagramRenderer, type DiagramOutcome, type MermaidLoader } from '../shared/mermaid/diagramRenderer';
import { chooseMermaidTheme, type MermaidThemeChoice } from '../shared/mermaid/theme';
import { currentThemeKind, readCssVariable } from '../shared/mermaid/themeWatcher';
import { DiagramView, zoomStateFrom, type ZoomState } from '../shared/mermaid/zoomPan';
import { DrawQueue } from './drawQueue';
import type { Drawing } from '../../src/preview/protocol';

export interface DiagramSettings {
  theme: MermaidThemeSetting;
  maxTextSize: number;
  minLabelSize: number;
  strings: PreviewStrings;
}

/** A drawn diagram, as its toolbar's actions need it. */
export interface DrawnDiagram {
  source: string;
  hash: string;
  /** 0-based line of its opening fence. */
  line: number;
  svg: string;
  themeKey: string;
}

export type DiagramActionKind = 'openInTab' | 'copySvg' | 'copyPng';

/**
 * Turns the `.nl-mermaid` placeholders of the page into zoomable SVGs. A placeholder already drawn
 * for its hash and the current theme is left alone; a changed one keeps showing the previous drawing
 * (and its height) until the new SVG is ready; a render that became stale before it started is dropped.
 */
export class DiagramController {
  private readonly renderer: DiagramRenderer;
  private theme: MermaidThemeChoice;
  private readonly views = new WeakMap<HTMLElement, DiagramView>();
  private readonly queue = new DrawQueue();
  private readonly zoom: Record<string, ZoomState> = {};

  /** `savedZoom`: the zoom of each diagram (by position) as the page saved it; `onZoomChange` saves it. */
  constructor(
    private readonly root: HTMLElement,
    private settings: DiagramSettings,
    savedZoom: Record<string, unknown>,
    private readonly onZoomChange: (zoom: Record<string, ZoomState>) => void,
    load: MermaidLoader,
    private readonly onAction: (action: DiagramActionKind, diagram: DrawnDiagram) => void = () => undefined,
    /** Told of every placeholder drawn into (its block's size changed). */
    private readonly onDrawn: (placeholder: HTMLElement) => void = () => undefined,
    /** Told of every drawing Mermaid made, to keep for the next page (see seed). */
    onMermaidDrawing?: (drawing: Drawing) => void,
  ) {
    for (const [key, value] of Object.entries(savedZoom)) this.zoom[key] = zoomStateFrom(value);
    this.renderer = new DiagramRenderer({
      maxTextSize: settings.maxTextSize,
      tooLarge: settings.strings.diagramTooLarge,
      load,
      onDrawn: onMermaidDrawing && ((hash, themeKey, svg) => onMermaidDrawing({ hash, themeKey, svg })),
    });
    this.theme = this.chooseTheme();
  }

  /** Drawings an earlier page made (kept by the host): diagrams drawn with them need no Mermaid. */
  seed(drawings: Drawing[]): void {
    this.renderer.seed(drawings);
  }

  get renderCount(): number {
    return this.renderer.renders;
  }

  /**
   * Applies new settings; returns true when diagrams must be redrawn (theme or size limit changed). Boxes
   * take the new labels and label size when they are next created: a settings change sends every block anew.
   */
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
   * Draws every placeholder not yet drawn for the current theme, those near the viewport first (DrawQueue).
   * `removed` are block elements that just left the page: their drawings stand in for changed diagrams until
   * the new ones are ready. `visible` resolves when the diagrams near the viewport are settled (drawn,
   * failed or superseded), `all` when every one is.
   */
  update(removed: HTMLElement[] = []): { visible: Promise<void>; all: Promise<void> } {
    const standIns = removed.flatMap((el) => Array.from(el.querySelectorAll<HTMLElement>('.nl-diagram')));
    const placeholders = Array.from(this.root.querySelectorAll<HTMLElement>('.nl-mermaid'));
    placeholders.forEach((el, index) => {
      const hash = el.dataset.hash ?? '';
      const theme = this.theme;
      const drawnKey = `${theme.key}\u0000${hash}`;
      if (el.dataset.drawn === drawnKey) return;
      el.dataset.index = String(index);
      const cached = this.renderer.cached(hash, theme);
      if (cached) {
        // No Mermaid needed, but still in turn (in short slices): two thousand SVGs put in at once would hold up the first screen.
        this.queue.add({ el, index, cheap: true, run: () => void (el.isConnected && this.theme.key === theme.key && this.draw(el, cached, drawnKey, index)) });
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
      this.renderer.preload();
      const source = el.querySelector(':scope > .nl-mermaid-source')?.textContent ?? '';
      const isWanted = () => el.isConnected && el.dataset.hash === hash && this.theme.key === theme.key;
      this.queue.add({
        el,
        index,
        run: async () => {
          const outcome = await this.renderer.render({ hash, source, theme, isWanted });
          // Put in when the queue says (with other drawings), if still wanted then.
          return outcome && (() => void (isWanted() && this.draw(el, outcome, drawnKey, index)));
        },
      });
    });
    return { visible: this.queue.whenNearDrawn(), all: this.queue.whenAllDrawn() };
  }

  /** Forces every diagram to be redrawn (theme change): old drawings stay until the new ones arrive. */
  redrawAll(): { visible: Promise<void>; all: Promise<void> } {
    for (const el of this.root.querySelectorAll<HTMLElement>('.nl-mermaid')) delete el.dataset.drawn;
    return this.update();
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
      this.onDrawn(el);
      return;
    }
    source?.setAttribute('hidden', '');
    const zoomKey = String(index);
    const state = (this.zoom[zoomKey] ??= zoomStateFrom(undefined));
    let wrapper = el.querySelector<HTMLElement>(':scope > .nl-diagram');
    let view = wrapper ? this.views.get(wrapper) : undefined;
    if (wrapper && (wrapper.dataset.zoomKey !== zoomKey || !view)) {
      wrapper.remove();
      wrapper = null;
    }
    if (!wrapper || !view) {
      wrapper = document.createElement('div');
      wrapper.className = 'nl-diagram';
      wrapper.dataset.zoomKey = zoomKey;
      el.appendChild(wrapper);
      view = this.createView(wrapper, el, state);
    }
    this.drawn.set(wrapper, { svg: outcome.svg, themeKey: this.theme.key });
    view.setSvg(outcome.svg);
    wrapper.classList.remove('nl-stale');
    el.style.minHeight = '';
    this.onDrawn(el);
  }

  /** What each drawn wrapper shows, for its toolbar's actions. */
  private readonly drawn = new WeakMap<HTMLElement, { svg: string; themeKey: string }>();

  private createView(wrapper: HTMLElement, placeholder: HTMLElement, state: ZoomState): DiagramView {
    const { strings } = this.settings;
    const act = (action: DiagramActionKind) => () => {
      const drawn = this.drawn.get(wrapper);
      if (!drawn) return;
      const source = placeholder.querySelector(':scope > .nl-mermaid-source')?.textContent ?? '';
      this.onAction(action, { source, hash: placeholder.dataset.hash ?? '', line: Number(placeholder.dataset.line), ...drawn });
    };
    const view = new DiagramView(wrapper, state, {
      labels: strings,
      minLabelSize: this.settings.minLabelSize,
      actions: [
        { text: '↗', title: strings.openInTab, run: act('openInTab') },
        { text: 'SVG', title: strings.copySvg, run: act('copySvg') },
        { text: 'PNG', title: strings.copyPng, run: act('copyPng') },
      ],
      onChange: () => this.onZoomChange(this.zoom),
    });
    this.views.set(wrapper, view);
    return view;
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
