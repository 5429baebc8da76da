// Mermaid drawings kept by the extension host, by content hash and Mermaid theme, so that a preview opened
// again (or a second one) shows its diagrams at once instead of drawing each anew (about 65 ms a diagram,
// and Mermaid's 3 MB loaded first). Bounded by the characters it holds; the least recently used go first.
import { LruCache } from '../lru';

/** One drawing: the SVG Mermaid made of the source with this content hash, for the theme `themeKey`. */
export interface Drawing {
  hash: string;
  themeKey: string;
  svg: string;
}

export const DEFAULT_DRAWING_CACHE_CHARS = 16 * 1024 * 1024;

/** Keyed by theme and source: each pair has one drawing. */
const keyOf = (d: Drawing): string => `${d.themeKey}\u0000${d.hash}`;

export class DrawingCache {
  /** Bounded by characters only (lru.ts's weight budget): the entry cap is no limit of its own. */
  private readonly entries: LruCache<string, Drawing>;

  constructor(readonly maxChars = DEFAULT_DRAWING_CACHE_CHARS) {
    this.entries = new LruCache<string, Drawing>(Number.MAX_SAFE_INTEGER, undefined, { maxWeight: maxChars, weigh: (_, d) => d.svg.length });
  }

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.entries.weight;
  }

  add(drawing: Drawing): void {
    this.entries.set(keyOf(drawing), { hash: drawing.hash, themeKey: drawing.themeKey, svg: drawing.svg });
  }

  /** Every drawing of these sources (in whatever theme: the page knows its own), marked as just used. */
  forHashes(hashes: Iterable<string>): Drawing[] {
    const wanted = new Set(hashes);
    if (wanted.size === 0) return [];
    const found: Drawing[] = [];
    for (const [, drawing] of this.entries.entries()) if (wanted.has(drawing.hash)) found.push(drawing);
    for (const drawing of found) this.entries.get(keyOf(drawing));
    return found;
  }
}

/** The content hashes of the diagrams in rendered HTML (the placeholders' data-hash, see parser.ts). */
export function diagramHashes(html: string): string[] {
  return [...html.matchAll(/<div class="nl-mermaid[^"]*"[^>]* data-hash="([0-9a-z]+)"/g)].map((m) => m[1]);
}

/**
 * Whether a new page showing `text` will draw a diagram itself, so Mermaid is worth fetching as it starts: the
 * text has a Mermaid fence and nothing is kept yet (drawings are kept by the hash of the renderer's parse, which
 * the host has not loaded when the page is made; once some are kept, the page fetches Mermaid when it needs it).
 */
export function needsMermaid(text: string, kept: DrawingCache): boolean {
  return kept.size === 0 && /^ {0,3}(?:`{3,}|~{3,})[ \t]*mermaid\b/m.test(text);
}
