// Draws Mermaid diagrams to SVG strings, one at a time, cached by content hash and theme.
// Shared by every webview that shows diagrams (article panel, Concepts view, dashboard) and by the
// headless export. Security: securityLevel 'strict' (no click callbacks, sanitised labels) and no
// HTML labels (plain SVG text: nothing to inject, and the SVG stays exportable to PNG), neither of which
// a diagram's init directive can change (config.ts).
// Where Mermaid comes from is the caller's choice (`load`, see loader.ts): dist/media/shared.js loaded on
// first use, so text and formulas show before Mermaid's 3 MB are parsed.
import type { Mermaid } from 'mermaid';
import { mermaidConfig } from './config';
import { mermaidDocument } from './loader';
import type { MermaidThemeChoice } from './theme';

export type DiagramOutcome = { svg: string } | { error: string };

export interface RenderRequest {
  hash: string;
  source: string;
  theme: MermaidThemeChoice;
  /** Asked just before the render starts: false abandons it (the diagram changed or left the page). */
  isWanted?: () => boolean;
}

/** Provides the Mermaid instance. */
export type MermaidLoader = () => Promise<Mermaid>;

/** The size-limit message where no localised one is given (the CLI's headless export). */
export const ENGLISH_TOO_LARGE = 'Diagram source is {0} characters; the limit is {1} (neuralLens.preview.maxDiagramTextSize).';

export interface DiagramRendererOptions {
  maxTextSize: number;
  /**
   * What a diagram over maxTextSize shows: `{0}` its length, `{1}` the limit. The webviews pass the
   * localised text (DiagramStrings.diagramTooLarge). Default: ENGLISH_TOO_LARGE.
   */
  tooLarge?: string;
  /** Called once, on the first diagram that is not cached. */
  load: MermaidLoader;
  /** Told of every drawing Mermaid made (the article panel keeps them on the host, for its next page). */
  onDrawn?: (hash: string, themeKey: string, svg: string) => void;
}

export class DiagramRenderer {
  private readonly cache = new Map<string, DiagramOutcome>();
  private queue: Promise<unknown> = Promise.resolve();
  private configuredKey: string | undefined;
  private nextId = 0;
  /** mermaid.render calls made (cache hits and abandoned requests excluded). */
  renders = 0;
  abandoned = 0;

  private mermaid: Promise<Mermaid> | undefined;

  constructor(private options: DiagramRendererOptions) {}

  setMaxTextSize(maxTextSize: number): void {
    if (maxTextSize !== this.options.maxTextSize) this.configuredKey = undefined;
    this.options = { ...this.options, maxTextSize };
  }

  cached(hash: string, theme: MermaidThemeChoice): DiagramOutcome | undefined {
    return this.cache.get(`${theme.key}\u0000${hash}`);
  }

  /** Drawings made before (by an earlier page): used as if this renderer had drawn them. */
  seed(drawings: { hash: string; themeKey: string; svg: string }[]): void {
    for (const d of drawings) {
      const key = `${d.themeKey}\u0000${d.hash}`;
      if (!this.cache.has(key)) this.cache.set(key, { svg: d.svg });
    }
  }

  /**
   * Starts loading Mermaid now, for a diagram that will need it: its megabytes then arrive while the page lays
   * out the text, instead of after the first frame (which, for a long article, takes hundreds of ms).
   */
  preload(): void {
    this.loadMermaid().catch(() => undefined);
  }

  private loadMermaid(): Promise<Mermaid> {
    return (this.mermaid ??= this.options.load());
  }

  /** Resolves to undefined when the request was abandoned before it started. */
  render(request: RenderRequest): Promise<DiagramOutcome | undefined> {
    const hit = this.cached(request.hash, request.theme);
    if (hit) return Promise.resolve(hit);
    // Mermaid keeps global state (config, the id it draws into): one render at a time.
    const run = this.queue.then(() => this.renderNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async renderNow(request: RenderRequest): Promise<DiagramOutcome | undefined> {
    const cacheKey = `${request.theme.key}\u0000${request.hash}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    if (request.isWanted && !request.isWanted()) {
      this.abandoned++;
      return undefined;
    }
    if (request.source.length > this.options.maxTextSize) {
      const template = this.options.tooLarge ?? ENGLISH_TOO_LARGE;
      return { error: template.replace('{0}', String(request.source.length)).replace('{1}', String(this.options.maxTextSize)) };
    }
    const id = `nl-mermaid-${this.nextId++}`;
    let outcome: DiagramOutcome;
    try {
      const mermaid = await this.loadMermaid();
      this.configure(mermaid, request.theme);
      this.renders++;
      const { svg } = await mermaid.render(id, request.source);
      outcome = { svg };
      this.options.onDrawn?.(request.hash, request.theme.key, svg);
    } catch (e) {
      outcome = { error: e instanceof Error ? e.message : String(e) };
    } finally {
      // On errors Mermaid may leave its scratch elements in the body.
      const scratch = mermaidDocument();
      scratch.getElementById(id)?.remove();
      scratch.getElementById(`d${id}`)?.remove();
    }
    this.cache.set(cacheKey, outcome);
    if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value as string);
    return outcome;
  }

  private configure(mermaid: Mermaid, theme: MermaidThemeChoice): void {
    if (this.configuredKey === theme.key) return;
    mermaid.initialize(mermaidConfig(theme, this.options.maxTextSize));
    this.configuredKey = theme.key;
  }
}
