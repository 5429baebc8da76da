import katex from 'katex';
import { escapeHtml } from './escape';

export interface MathRenderOptions {
  macros: Record<string, string>;
  /** Label put before a formula's error message, e.g. "Formula error". */
  errorLabel: string;
  /** Formats a 0-based source line for display, e.g. (n) => `line ${n + 1}`. */
  lineLabel: (line: number) => string;
}

type Rendered = { html: string } | { error: string };

// Formulas repeat across renders (every keystroke re-renders the edited block), and KaTeX is the
// expensive part of a math-heavy article: cache its output by source, display mode and macros.
const cache = new Map<string, Rendered>();
const maxCacheEntries = 5000;
let hits = 0;
let misses = 0;

/** Cache figures, for tests and the benchmark. */
export function katexCacheStats(): { size: number; hits: number; misses: number } {
  return { size: cache.size, hits, misses };
}

export function clearKatexCache(): void {
  cache.clear();
  hits = 0;
  misses = 0;
}

function renderCached(latex: string, displayMode: boolean, macros: Record<string, string>, macrosKey: string): Rendered {
  const key = `${displayMode ? 'D' : 'I'}\u0000${macrosKey}\u0000${latex}`;
  const found = cache.get(key);
  if (found) {
    hits++;
    // Refresh recency so the cache behaves as an LRU.
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  misses++;
  let result: Rendered;
  try {
    result = {
      html: katex.renderToString(latex, {
        displayMode,
        throwOnError: true,
        // Chinese (any non-Latin) text inside math is normal in our articles: no error, no console warning.
        strict: 'ignore',
        // Never: \href, \url, \includegraphics, \htmlClass... stay inert.
        trust: false,
        output: 'htmlAndMathml',
        // KaTeX mutates the macros object on \gdef: give every formula a fresh copy so output depends
        // only on the formula, which is what makes caching by source correct.
        macros: { ...macros },
        maxExpand: 1000,
        maxSize: 100,
      }),
    };
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  cache.set(key, result);
  if (cache.size > maxCacheEntries) cache.delete(cache.keys().next().value as string);
  return result;
}

/** Renders one formula to HTML, or an in-place error box naming the problem and the source line. */
export function renderMath(latex: string, display: boolean, line: number | undefined, options: MathRenderOptions, macrosKey: string): string {
  const rendered = renderCached(latex, display, options.macros, macrosKey);
  if ('html' in rendered) return rendered.html;
  const where = line === undefined ? '' : ` (${escapeHtml(options.lineLabel(line))})`;
  const lineAttr = line === undefined ? '' : ` data-line="${line}"`;
  if (!display) {
    return `<span class="nl-error nl-math-error" role="alert"${lineAttr} title="${escapeHtml(latex)}">${escapeHtml(options.errorLabel)}${where}: ${escapeHtml(rendered.error)}</span>`;
  }
  return (
    `<div class="nl-error nl-math-error" role="alert"${lineAttr}>` +
    `<div class="nl-error-message">${escapeHtml(options.errorLabel)}${where}: ${escapeHtml(rendered.error)}</div>` +
    `<pre class="nl-error-source">${escapeHtml(latex)}</pre></div>`
  );
}
