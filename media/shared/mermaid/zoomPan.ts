// One diagram in a box of its own: fitted to the box's width but never so small that its labels are hard to
// read (a wider diagram scrolls sideways in its box, with a hint), or drawn at its actual size; zoomed with
// the toolbar, ctrl/cmd + wheel (about the pointer) or + / - / 0 when the box has focus; panned by dragging
// or scrolling. The state object is owned by the caller, so it survives the diagram being redrawn (the article
// panel keys it by the diagram's position).

/** 'width': fitted to the box (within the legibility floor); 'actual': the size Mermaid drew it at. */
export type DiagramFit = 'width' | 'actual';

export interface ZoomState {
  fit: DiagramFit;
  /** On top of the fit. */
  zoom: number;
  /** Horizontal scroll of the box, in px. */
  scrollX: number;
}

export interface ZoomLabels {
  zoomIn: string;
  zoomOut: string;
  fitWidth: string;
  actualSize: string;
  wideHint: string;
}

/** A button of the diagram's toolbar besides the zoom ones. */
export interface DiagramAction {
  text: string;
  title: string;
  run: () => void;
}

export interface DiagramViewOptions {
  labels: ZoomLabels;
  /** Smallest label size (px) fitting to the width may leave; 0: fit whatever it does to the labels. */
  minLabelSize: number;
  actions?: DiagramAction[];
  onChange: (state: ZoomState) => void;
}

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 8;
const ZOOM_STEP = 1.25;

export function initialZoom(fit: DiagramFit = 'width'): ZoomState {
  return { fit, zoom: 1, scrollX: 0 };
}

/** A zoom state as saved in a page's state (by this or an older version of the page), made safe to use. */
export function zoomStateFrom(saved: unknown): ZoomState {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Partial<Record<keyof ZoomState, unknown>>;
  const number = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    fit: s.fit === 'actual' ? 'actual' : 'width',
    zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, number(s.zoom, 1))),
    scrollX: Math.max(0, number(s.scrollX, 0)),
  };
}

/**
 * The scale a diagram of natural width `width` is drawn at in a box `available` px wide. Fitting never
 * enlarges it, and never draws its smallest label (`smallestFont` px at scale 1) below `minLabelSize`.
 */
export function diagramScale(state: ZoomState, width: number, available: number, smallestFont: number, minLabelSize: number): number {
  const legible = minLabelSize > 0 && smallestFont > 0 ? Math.min(1, minLabelSize / smallestFont) : 0;
  const base = state.fit === 'actual' || width <= 0 ? 1 : Math.min(1, Math.max(available / width, legible));
  return base * state.zoom;
}

interface Natural {
  width: number;
  height: number;
  smallestFont: number;
}

// One observer for every box: it reports widths after layout and before paint, so a diagram is sized
// without forcing a layout per diagram, and never shown at a size it is about to leave.
const views = new WeakMap<Element, DiagramView>();
let resizeObserver: ResizeObserver | undefined;
function observeWidth(view: DiagramView): void {
  resizeObserver ??= new ResizeObserver((entries) => {
    for (const entry of entries) views.get(entry.target)?.resized(entry.contentRect.width);
  });
  views.set(view.element, view);
  resizeObserver.observe(view.element);
}

/**
 * A drawing goes into a shadow root of its own, with this one sheet shared by all of them. A Mermaid SVG carries
 * its own <style>, and a style sheet added to the document makes every later style recalculation match against
 * all of them: with the drawings in the document itself each one drawn made the next cost more (mermaid.render
 * 49 ms with 50 drawings on a page, 210 ms with 800; 21 and 81 ms with them in shadow roots).
 */
let canvasSheet: CSSStyleSheet | undefined;
function canvasStyles(): CSSStyleSheet {
  if (!canvasSheet) {
    canvasSheet = new CSSStyleSheet();
    canvasSheet.replaceSync('svg { max-width: 100%; height: auto; flex: none; }');
  }
  return canvasSheet;
}

export class DiagramView {
  readonly viewport: HTMLElement;
  /** Holds the drawing, in its shadow root (see canvasStyles). */
  readonly canvas: HTMLElement;
  private readonly drawing: ShadowRoot;
  private readonly hint: HTMLElement;
  private svg: SVGSVGElement | undefined;
  private natural: Natural | undefined;
  private available = 0;
  private drag: { pointerX: number; scrollX: number; moved: boolean } | undefined;

  /** `element` holds the toolbar and the box; it should be as wide as the space the diagram may take. */
  constructor(
    readonly element: HTMLElement,
    private readonly state: ZoomState,
    private readonly options: DiagramViewOptions,
  ) {
    this.viewport = document.createElement('div');
    this.viewport.className = 'nl-diagram-viewport';
    this.viewport.tabIndex = 0;
    this.canvas = document.createElement('div');
    this.canvas.className = 'nl-diagram-canvas';
    this.drawing = this.canvas.attachShadow({ mode: 'open' });
    this.drawing.adoptedStyleSheets = [canvasStyles()];
    this.viewport.appendChild(this.canvas);
    this.hint = document.createElement('div');
    this.hint.className = 'nl-diagram-hint';
    this.hint.textContent = options.labels.wideHint;
    this.hint.setAttribute('aria-hidden', 'true');
    element.append(this.toolbar(), this.viewport, this.hint);
    this.listen();
    observeWidth(this);
  }

  /** The scale the diagram is drawn at now. */
  get scale(): number {
    return this.natural ? diagramScale(this.state, this.natural.width, this.available, this.natural.smallestFont, this.options.minLabelSize) : 1;
  }

  /** Shows Mermaid's SVG markup (the caller vouches for it: Mermaid's own output under securityLevel 'strict'). */
  setSvg(markup: string): void {
    this.drawing.innerHTML = markup;
    this.svg = this.drawing.querySelector('svg') ?? undefined;
    this.natural = undefined;
    if (this.available > 0) this.layout();
  }

  /** Called by the resize observer with the box's new width. */
  resized(width: number): void {
    if (width === this.available && this.natural) return;
    this.available = width;
    this.layout();
  }

  zoomBy(factor: number, atX = this.viewport.clientWidth / 2): void {
    const before = this.scale;
    this.state.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.state.zoom * factor));
    const k = this.scale / before;
    // Keep the point under atX where it is.
    this.state.scrollX = Math.max(0, (this.viewport.scrollLeft + atX) * k - atX);
    this.layout();
    this.options.onChange(this.state);
  }

  setFit(fit: DiagramFit): void {
    this.state.fit = fit;
    this.state.zoom = 1;
    this.state.scrollX = 0;
    this.layout();
    this.options.onChange(this.state);
  }

  private layout(): void {
    const svg = this.svg;
    if (!svg || this.available <= 0) return;
    this.natural ??= measure(svg);
    const scale = this.scale;
    const width = this.natural.width * scale;
    svg.style.maxWidth = 'none';
    svg.style.width = `${width}px`;
    svg.style.height = `${this.natural.height * scale}px`;
    const wide = width > this.available + 0.5;
    this.element.classList.toggle('nl-diagram-wide', wide);
    this.element.dataset.scale = scale.toFixed(3);
    if (wide) {
      this.viewport.scrollLeft = this.state.scrollX;
      this.updateEdges();
    } else {
      // Nothing to scroll to: no need to read the box's scroll extent, which would lay out the whole page now (a
      // layout per diagram drawn, each as long as the article).
      this.element.classList.remove('nl-more-left', 'nl-more-right');
    }
  }

  /** Fades the edges past which there is more to scroll to. */
  private updateEdges(): void {
    const v = this.viewport;
    this.element.classList.toggle('nl-more-left', v.scrollLeft > 1);
    this.element.classList.toggle('nl-more-right', v.scrollLeft + v.clientWidth < v.scrollWidth - 1);
  }

  private toolbar(): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'nl-diagram-toolbar';
    const add = (text: string, title: string, run: () => void) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        run();
      });
      bar.appendChild(b);
    };
    const { labels } = this.options;
    add('−', labels.zoomOut, () => this.zoomBy(1 / ZOOM_STEP));
    add('+', labels.zoomIn, () => this.zoomBy(ZOOM_STEP));
    add('↔', labels.fitWidth, () => this.setFit('width'));
    add('1:1', labels.actualSize, () => this.setFit('actual'));
    for (const action of this.options.actions ?? []) add(action.text, action.title, action.run);
    return bar;
  }

  private listen(): void {
    const v = this.viewport;
    v.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        this.zoomBy(Math.exp(-e.deltaY * 0.002), e.clientX - v.getBoundingClientRect().left);
      },
      { passive: false },
    );
    v.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '+' || e.key === '=') this.zoomBy(ZOOM_STEP);
      else if (e.key === '-' || e.key === '_') this.zoomBy(1 / ZOOM_STEP);
      else if (e.key === '0') this.setFit('width');
      else return;
      e.preventDefault();
    });
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    v.addEventListener(
      'scroll',
      () => {
        this.state.scrollX = v.scrollLeft;
        this.updateEdges();
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => this.options.onChange(this.state), 200);
      },
      { passive: true },
    );
    // Dragging pans a diagram that does not fit its box.
    v.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || v.scrollWidth <= v.clientWidth) return;
      this.drag = { pointerX: e.clientX, scrollX: v.scrollLeft, moved: false };
      v.setPointerCapture(e.pointerId);
      v.classList.add('nl-dragging');
    });
    v.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.drag.moved = true;
      v.scrollLeft = this.drag.scrollX - (e.clientX - this.drag.pointerX);
    });
    const endDrag = (e: PointerEvent) => {
      if (!this.drag) return;
      const moved = this.drag.moved;
      this.drag = undefined;
      v.releasePointerCapture(e.pointerId);
      v.classList.remove('nl-dragging');
      if (moved) this.options.onChange(this.state);
    };
    v.addEventListener('pointerup', endDrag);
    v.addEventListener('pointercancel', endDrag);
  }
}

/** The SVG's size at scale 1 (its viewBox, as Mermaid sets it) and its smallest label's font size. */
function measure(svg: SVGSVGElement): Natural {
  const box = svg.viewBox.baseVal;
  let width = box?.width ?? 0;
  let height = box?.height ?? 0;
  if (!(width > 0 && height > 0)) {
    const r = svg.getBoundingClientRect();
    width = r.width;
    height = r.height;
  }
  let smallestFont = 0;
  for (const text of svg.querySelectorAll('text, tspan')) {
    if (!text.textContent?.trim()) continue;
    const size = parseFloat(getComputedStyle(text).fontSize);
    if (size > 0 && (smallestFont === 0 || size < smallestFont)) smallestFont = size;
  }
  return { width, height, smallestFont };
}
