// Mermaid drawings kept by the extension host, by content hash and Mermaid theme, so that a preview opened
// again (or a second one) shows its diagrams at once instead of drawing each anew (about 65 ms a diagram,
// and Mermaid's 3 MB loaded first). Bounded by the characters it holds; the least recently used go first.

/** One drawing: the SVG Mermaid made of the source with this content hash, for the theme `themeKey`. */
export interface Drawing {
  hash: string;
  themeKey: string;
  svg: string;
}

export const DEFAULT_DRAWING_CACHE_CHARS = 16 * 1024 * 1024;

export class DrawingCache {
  /** Insertion order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Drawing>();
  private chars = 0;

  constructor(readonly maxChars = DEFAULT_DRAWING_CACHE_CHARS) {}

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.chars;
  }

  add(drawing: Drawing): void {
    if (drawing.svg.length > this.maxChars) return;
    const key = `${drawing.themeKey}\u0000${drawing.hash}`;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.chars -= old.svg.length;
    }
    this.entries.set(key, { hash: drawing.hash, themeKey: drawing.themeKey, svg: drawing.svg });
    this.chars += drawing.svg.length;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.svg.length;
    }
  }

  /** Every drawing of these sources (in whatever theme: the page knows its own), marked as just used. */
  forHashes(hashes: Iterable<string>): Drawing[] {
    const wanted = new Set(hashes);
    if (wanted.size === 0) return [];
    const found: Drawing[] = [];
    for (const [key, drawing] of this.entries) {
      if (!wanted.has(drawing.hash)) continue;
      found.push(drawing);
      this.entries.delete(key);
    }
    for (const drawing of found) this.entries.set(`${drawing.themeKey}\u0000${drawing.hash}`, drawing);
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
