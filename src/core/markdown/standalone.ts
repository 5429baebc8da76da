import { randomBytes } from 'node:crypto';
import type { MarkdownOptions } from './parser';
import { createMarkdown, defaultStrings, isMermaidFence } from './parser';
import { escapeHtml } from './escape';
import { contentHash } from './hash';

export interface DiagramSourceInfo {
  hash: string;
  source: string;
  /** 0-based line of the opening fence. */
  line: number;
}

export type DrawnDiagram = { svg: string } | { error: string };

/** Every ```mermaid block of a document, in order (duplicates included). */
export function listDiagrams(text: string, options: MarkdownOptions): DiagramSourceInfo[] {
  const md = createMarkdown(options);
  return md
    .parse(text, {})
    .filter(isMermaidFence)
    .map((t) => ({ hash: contentHash(t.content), source: t.content, line: t.map?.[0] ?? 0 }));
}

export interface StandaloneInput {
  markdown: string;
  title: string;
  options: MarkdownOptions;
  /** Drawn diagrams by content hash (see listDiagrams). A missing one keeps its source as text. */
  diagrams: Map<string, DrawnDiagram>;
  /** The page's stylesheet with its fonts already inlined (inlineFontUrls). */
  css: string;
  /** Image `src` to the URL written into the page (data: URIs for a file that works offline). */
  resolveResource?: (href: string) => string | undefined;
  diagramErrorLabel?: string;
  /**
   * Sanitises the article's HTML as the webview does: the preview webview itself (the editor's export) or
   * its script in headless Chromium (headlessPreview.ts, `render`). Required when `options.allowHtml` is
   * on: the file is opened by whoever it is sent to.
   */
  sanitize?: (html: string) => Promise<string>;
}

/**
 * One HTML file that opens offline: the article rendered by the same markdown-it configuration as the
 * preview, formulas typeset by KaTeX, diagrams as inline SVG, CSS and fonts inline. It carries no
 * script at all, and a CSP that forbids any.
 */
export async function renderStandaloneHtml(input: StandaloneInput): Promise<string> {
  const md = createMarkdown(input.options);
  const strings = input.options.strings ?? defaultStrings;
  const label = input.diagramErrorLabel ?? 'Diagram error';
  if (input.options.allowHtml && !input.sanitize) throw new Error('An export with raw HTML needs a sanitiser (the preview webview, or headlessPreview.ts).');
  // With raw HTML, the page is sanitised before the diagrams go in (they are ours, drawn by Mermaid in
  // strict mode, as the webview draws them after sanitising): each diagram waits in a slot marked with
  // a per-export nonce the article cannot guess.
  const slots: string[] = [];
  const nonce = input.sanitize ? randomBytes(8).toString('hex') : '';
  const slot = (html: string) => (input.sanitize ? `<div data-nl-slot="${nonce}-${slots.push(html) - 1}"></div>` : html);
  const rendered = md.render(input.markdown, {
    resolveResource: input.resolveResource,
    diagramHtml: (hash: string, source: string, line: number | undefined) => {
      const drawn = input.diagrams.get(hash);
      if (!drawn) return undefined;
      if ('svg' in drawn) return slot(`<div class="nl-diagram"><div class="nl-diagram-canvas">${drawn.svg}</div></div>`);
      const where = line === undefined ? '' : ` (${escapeHtml(strings.line(line))})`;
      return slot(
        `<div class="nl-error nl-diagram-error" role="alert"><div class="nl-error-message">${escapeHtml(label)}${where}: ${escapeHtml(drawn.error)}</div>` +
          `<pre class="nl-error-source">${escapeHtml(source)}</pre></div>`,
      );
    },
  });
  const body = input.sanitize
    ? (await input.sanitize(rendered)).replace(new RegExp(`<div data-nl-slot="${nonce}-(\\d+)"></div>`, 'g'), (_, i: string) => slots[Number(i)])
    : rendered;
  // No script, no plugin, no frame; links cannot be re-targeted (<base>) nor forms submitted anywhere.
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; font-src data:; base-uri 'none'; form-action 'none'";
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Neural Lens">
<title>${escapeHtml(input.title)}</title>
<style>
${input.css.replace(/<\/style/gi, '<\\/style')}
</style>
</head>
<body class="vscode-light nl-export">
<main id="nl-root">
${body}</main>
</body>
</html>
`;
}

/**
 * Rewrites every @font-face `src` to a single woff2 data: URI (all current browsers read woff2; the
 * woff/ttf fallbacks would triple the file). `readFont` gets the URL as written in the CSS.
 * Fonts it cannot read are left as they were.
 */
export function inlineFontUrls(css: string, readFont: (url: string) => Uint8Array | undefined): string {
  return css.replace(/(@font-face\s*\{[^}]*?src\s*:)([^;}]*)/g, (whole, head: string, src: string) => {
    const woff2 = /url\(\s*["']?([^"')]+\.woff2)["']?\s*\)/.exec(src);
    if (!woff2) return whole;
    const bytes = readFont(woff2[1]);
    if (!bytes) return whole;
    return `${head}url(data:font/woff2;base64,${Buffer.from(bytes).toString('base64')}) format("woff2")`;
  });
}
