import katex from 'katex';
import { LruCache } from '../lru';
import { escapeHtml } from './escape';

export interface MathRenderOptions {
  macros: Record<string, string>;
  /** Label put before a formula's error message, e.g. "Formula error". */
  errorLabel: string;
  /** Formats a 0-based source line for display, e.g. (n) => `line ${n + 1}`. */
  lineLabel: (line: number) => string;
  /**
   * Longer formulas (in characters) are not typeset: KaTeX runs on the extension host's thread and takes
   * about 13 µs per character (400 KB: 3 s; 5 MB: over 170 s at 4.2 GB), and its HTML is ~100× the source.
   */
  maxSize?: number;
  /** The error box's text for a formula over maxSize: {0} its characters, {1} the limit. */
  tooLarge?: string;
}

export const ENGLISH_FORMULA_TOO_LARGE = 'The formula has {0} characters; the limit is {1} (setting neuralLens.preview.maxFormulaSize).';

/** Characters of a formula's source shown under an error box (the page must not carry megabytes either). */
const SHOWN_SOURCE = 200;

type Rendered = { html: string } | { error: string };

// Formulas repeat across renders (every keystroke re-renders the edited block), and KaTeX is the
// expensive part of a math-heavy article: cache its output by source, display mode and macros. Bounded by
// entries and by bytes (UTF-16: two per character of key and HTML): a formula's HTML is ~100× its source, so
// 5,000 entries of a large formula edited over and over would otherwise hold gigabytes.
const MAX_CACHE_ENTRIES = 5000;
export const KATEX_CACHE_BYTES = 32 * 1024 * 1024;
const cache = new LruCache<string, Rendered>(MAX_CACHE_ENTRIES, undefined, {
  maxWeight: KATEX_CACHE_BYTES,
  weigh: (key, value) => 2 * (key.length + ('html' in value ? value.html.length : value.error.length)),
});
let hits = 0;
let misses = 0;

/** Cache figures, for tests and the benchmark. */
export function katexCacheStats(): { size: number; bytes: number; hits: number; misses: number } {
  return { size: cache.size, bytes: cache.weight, hits, misses };
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
  return result;
}

/** Renders one formula to HTML, or an in-place error box naming the problem and the source line. */
export function renderMath(latex: string, display: boolean, line: number | undefined, options: MathRenderOptions, macrosKey: string): string {
  if (options.maxSize !== undefined && latex.length > options.maxSize) {
    const message = (options.tooLarge ?? ENGLISH_FORMULA_TOO_LARGE).replace('{0}', String(latex.length)).replace('{1}', String(options.maxSize));
    return errorBox(latex, display, line, options, message);
  }
  const rendered = renderCached(latex, display, options.macros, macrosKey);
  if ('html' in rendered) return rendered.html;
  return errorBox(latex, display, line, options, rendered.error);
}

/** The in-place error box of a formula: its label, line and message, then (the start of) its source. */
function errorBox(latex: string, display: boolean, line: number | undefined, options: MathRenderOptions, message: string): string {
  const where = line === undefined ? '' : ` (${escapeHtml(options.lineLabel(line))})`;
  const lineAttr = line === undefined ? '' : ` data-line="${line}"`;
  const source = latex.length > SHOWN_SOURCE ? `${latex.slice(0, SHOWN_SOURCE)}…` : latex;
  if (!display) {
    return `<span class="nl-error nl-math-error" role="alert"${lineAttr} title="${escapeHtml(source)}">${escapeHtml(options.errorLabel)}${where}: ${escapeHtml(message)}</span>`;
  }
  return (
    `<div class="nl-error nl-math-error" role="alert"${lineAttr}>` +
    `<div class="nl-error-message">${escapeHtml(options.errorLabel)}${where}: ${escapeHtml(message)}</div>` +
    `<pre class="nl-error-source">${escapeHtml(source)}</pre></div>`
  );
}
