import MarkdownIt from 'markdown-it';
type Token = MarkdownIt.Token;
/** A configured markdown-it instance. */
export type Markdown = MarkdownIt.MarkdownIt;
import markdownItKatex from '@vscode/markdown-it-katex';
import katex from 'katex';
import markdownItTexmath from 'markdown-it-texmath';
import { escapeHtml } from './escape';
import { contentHash } from './hash';
import { highlightCode } from './highlight';
import { renderMath, type MathRenderOptions } from './katexRender';
import { addParity, ALERT_KINDS, isFootnoteBlock, type AlertKind, type FrontMatterDisplay } from './markdownParity';
import { PREVIEW_DEFAULTS } from './previewSettings';

export interface MarkdownStrings {
  formulaError: string;
  /** 0-based source line to display text, e.g. "line 12". */
  line: (line: number) => string;
  /** The titles of GitHub alerts (`> [!NOTE]` …). */
  alertTitles: Record<AlertKind, string>;
  /** Before the reason front matter shown as a table is not valid YAML. */
  frontMatterError: string;
  /** A formula over maxFormulaSize: {0} its characters, {1} the limit (English by default). */
  formulaTooLarge?: string;
}

export interface MarkdownOptions {
  /** Parse `$…$` / `$$…$$` and render them with KaTeX. */
  math: boolean;
  /** With math: `\(…\)` and `\[…\]` are formulas too. */
  mathBrackets?: boolean;
  /** YAML front matter: hidden (as in VS Code's preview) or shown as a table. */
  frontMatter?: FrontMatterDisplay;
  katexMacros?: Record<string, string>;
  /** Formulas longer than this (characters) are not typeset: an error box says so (PREVIEW_DEFAULTS.maxFormulaSize by default). */
  maxFormulaSize?: number;
  /** Raw HTML in Markdown: off means it is shown as text (the webview sanitises it when on). */
  allowHtml: boolean;
  /** Localised labels for the in-place error boxes; English by default. */
  strings?: MarkdownStrings;
}

/** What a render pass may be given through markdown-it's `env`. */
export interface MarkdownEnv extends MarkdownIt.Env {
  /** Maps an image `src` as written in the document to the URL the page loads (webview URI, data: URI). */
  resolveResource?: (href: string) => string | undefined;
  /**
   * Inner HTML for a diagram (an SVG, or an error box) when the diagrams were drawn beforehand, as in
   * the standalone export. Undefined keeps the placeholder with the source for the webview to draw.
   */
  diagramHtml?: (hash: string, source: string, line: number | undefined) => string | undefined;
}

export const defaultStrings: MarkdownStrings = {
  formulaError: 'Formula error',
  line: (line) => `line ${line + 1}`,
  alertTitles: Object.fromEntries(ALERT_KINDS.map((kind) => [kind, kind[0].toUpperCase() + kind.slice(1)])) as Record<AlertKind, string>,
  frontMatterError: 'Front matter is not valid YAML',
};

/** Language ids of fenced blocks that become diagrams. */
export function isMermaidFence(token: Token): boolean {
  return token.type === 'fence' && fenceLanguage(token) === 'mermaid';
}

export function fenceLanguage(token: Token): string {
  return token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
}

/**
 * The one markdown-it configuration used by the preview, the export, the CLI and the Concepts view:
 * math via VS Code's own markdown-it-katex parser (its `$` rules leave `$5 and $10`, `$HOME` and code
 * spans alone) and, by option, markdown-it-texmath's `\(…\)` / `\[…\]`, KaTeX rendered here with a cache
 * and in-place errors; front matter, heading ids, footnotes, task lists and alerts as the built-in preview
 * and GitHub have them (markdownParity.ts); `data-line` on every block for scroll sync, highlight.js for
 * code, and ```mermaid fences turned into placeholders the webview draws.
 * `parse()` alone is cheap and side-effect free: KaTeX and highlight.js run only in `render()`.
 */
export function createMarkdown(options: MarkdownOptions): Markdown {
  const md = new MarkdownIt({ html: options.allowHtml, linkify: true, typographer: false });
  const strings = options.strings ?? defaultStrings;
  addParity(md, { frontMatter: options.frontMatter ?? 'hide', alertTitles: strings.alertTitles, frontMatterError: strings.frontMatterError });
  if (options.math) addMath(md, options);
  addSourceLines(md);
  addFences(md, options);
  addImageResolution(md);
  return md;
}

/** How formulas are rendered under `options`: one reading for the article, its fences, and the Concepts view. */
export function mathRenderOptions(options: MarkdownOptions): MathRenderOptions {
  const strings = options.strings ?? defaultStrings;
  return {
    macros: options.katexMacros ?? {},
    errorLabel: strings.formulaError,
    lineLabel: strings.line,
    maxSize: options.maxFormulaSize ?? PREVIEW_DEFAULTS.maxFormulaSize,
    tooLarge: strings.formulaTooLarge,
  };
}

function addMath(md: Markdown, options: MarkdownOptions): void {
  md.use(markdownItKatex, { enableBareBlocks: false, enableFencedBlocks: false });
  // Its tokens are named as markdown-it-katex's (math_inline, math_block), so the rules below draw both.
  if (options.mathBrackets) md.use(markdownItTexmath, { delimiters: 'brackets', engine: katex });
  const mathOptions = mathRenderOptions(options);
  const macrosKey = JSON.stringify(mathOptions.macros);
  const block = (token: Token): string => {
    const line = token.map?.[0];
    const lineAttrs = line === undefined ? '' : ` class="nl-math code-line" data-line="${line}"`;
    return `<div${lineAttrs || ' class="nl-math"'}>${renderMath(token.content, true, line, mathOptions, macrosKey)}</div>\n`;
  };
  md.renderer.rules.math_block = (tokens, idx) => block(tokens[idx]);
  // `\[…\] (1)`: the number as KaTeX's own tag.
  md.renderer.rules.math_block_eqno = (tokens, idx) => {
    const token = tokens[idx];
    const numbered = Object.assign(Object.create(Object.getPrototypeOf(token) as object) as Token, token, { content: `${token.content}\\tag{${token.info}}` });
    return block(numbered);
  };
  md.renderer.rules.math_inline_bare_block = (tokens, idx) => block(tokens[idx]);
  // `$$…$$` inside a paragraph: display style, but it sits in a <p>, so no block element.
  md.renderer.rules.math_inline_block = (tokens, idx) =>
    `<span class="nl-math-display">${renderMath(tokens[idx].content, true, lineOf(tokens[idx]), mathOptions, macrosKey)}</span>`;
  md.renderer.rules.math_inline = (tokens, idx) => {
    const content = tokens[idx].content;
    // markdown-it-katex's $`…`$ form: backticks protect the formula from Markdown.
    const latex = content.length > 2 && content.startsWith('`') && content.endsWith('`') ? content.slice(1, -1) : content;
    return renderMath(latex, false, lineOf(tokens[idx]), mathOptions, macrosKey);
  };
}

function lineOf(token: Token): number | undefined {
  return (token.meta as { line?: number } | null)?.line;
}

/**
 * Every block token with a source map gets `class="code-line" data-line="N"` (0-based), the contract
 * scroll sync and double-click rely on (the same one VS Code's Markdown preview uses). Inline children
 * that can fail (formulas) learn the line of their block so their error box can name it.
 */
function addSourceLines(md: Markdown): void {
  md.core.ruler.push('neural_lens_source_lines', (state) => {
    let inFootnotes = false;
    for (const token of state.tokens) {
      // Footnotes are gathered at the end: their lines would break the lines' order scroll sync relies on.
      if (isFootnoteBlock(token)) inFootnotes = token.nesting === 1;
      if (inFootnotes || !token.map || token.nesting === -1) continue;
      if (token.type === 'inline') {
        for (const child of token.children ?? []) {
          if (child.type.startsWith('math_')) child.meta = { ...(child.meta ?? {}), line: token.map[0] };
        }
        continue;
      }
      token.attrSet('data-line', String(token.map[0]));
      token.attrJoin('class', 'code-line');
    }
    return true;
  });
}

function addFences(md: Markdown, options: MarkdownOptions): void {
  const mathOptions = mathRenderOptions(options);
  const macrosKey = JSON.stringify(mathOptions.macros);
  md.renderer.rules.fence = (tokens, idx, _options, env) => {
    const token = tokens[idx];
    const lang = fenceLanguage(token);
    const line = token.map?.[0];
    const lineAttr = line === undefined ? '' : ` data-line="${line}"`;
    if (lang === 'mermaid') {
      const drawn = (env as MarkdownEnv | undefined)?.diagramHtml?.(contentHash(token.content), token.content, line);
      if (drawn !== undefined) return `<div class="nl-mermaid code-line"${lineAttr} data-hash="${contentHash(token.content)}">${drawn}</div>
`;
      return mermaidPlaceholder(token.content, line);
    }
    if (lang === 'math' && options.math) {
      const math = renderMath(token.content, true, line, mathOptions, macrosKey);
      return `<div class="nl-math code-line"${lineAttr}>${math}</div>\n`;
    }
    const langClass = lang ? ` class="language-${escapeHtml(lang)}"` : '';
    return `<pre class="hljs code-line"${lineAttr}><code${langClass}>${highlightCode(token.content, lang)}</code></pre>\n`;
  };
}

/**
 * The webview turns this into an SVG: it reads the source from the <pre>, keys its SVG cache by
 * `data-hash`, and shows errors in place using `data-line`. Before the script runs (or in an export
 * without diagrams) the source stays readable.
 */
export function mermaidPlaceholder(source: string, line: number | undefined): string {
  const lineAttr = line === undefined ? '' : ` data-line="${line}"`;
  return (
    `<div class="nl-mermaid code-line"${lineAttr} data-hash="${contentHash(source)}">` +
    `<pre class="nl-mermaid-source">${escapeHtml(source)}</pre></div>\n`
  );
}

function addImageResolution(md: Markdown): void {
  const original = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = token.attrGet('src');
    const resolve = (env as MarkdownEnv | undefined)?.resolveResource;
    if (typeof src === 'string' && src && resolve) {
      const resolved = resolve(src);
      if (resolved !== undefined) token.attrSet('src', resolved);
    }
    token.attrJoin('loading', 'lazy');
    return original(tokens, idx, options, env, self);
  };
}
