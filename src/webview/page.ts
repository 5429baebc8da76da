// Every webview page's HTML, nonce and Content Security Policy, built in one place so the three pages
// (article panel, diagram tab, Concepts view, training dashboard) cannot drift apart. No vscode import: unit tests
// check the policy and the markup directly; src/webview/vscodeWebview.ts fills in the webview's URIs.
import { STRINGS_ELEMENT_ID } from './webviewProtocol';

/** The webview pages, one bundle each in dist/media (esbuild.js): <page>.js and <page>.css. */
export type PageName = 'preview' | 'concepts' | 'diagram' | 'dashboard';

/**
 * What a page may add to the common policy. Only sources of passive content: scripts are always
 * nonce-only, and connections, frames, plugins, forms and <base> are always refused.
 */
export type CspAdditions = Partial<Record<'img-src' | 'font-src' | 'style-src', readonly string[]>>;

/** Each page's additions to the common policy, and why it needs them. */
export const PAGE_CSP: Readonly<Record<PageName, CspAdditions>> = {
  // Articles show images: inline data: ones and any https: one (workspace files come through cspSource).
  preview: { 'img-src': ['data:', 'https:'] },
  // PNG export draws the card's SVG through an <img> from a data: URL onto a canvas.
  concepts: { 'img-src': ['data:'] },
  // The same for the diagram's PNG export.
  diagram: { 'img-src': ['data:'] },
  dashboard: {},
};

/**
 * The policy every page starts from, the strictest the three pages share: nothing by default; scripts
 * only with this load's nonce (no inline script, no eval); styles from the extension plus inline ones
 * (Mermaid writes <style> into its SVGs, KaTeX and Chart.js position with style attributes); images
 * and fonts from the extension; no fetch/XHR/WebSocket, frames, plugins, form posts or <base>.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string, additions: CspAdditions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', [`'nonce-${nonce}'`]],
    ['style-src', [cspSource, "'unsafe-inline'", ...(additions['style-src'] ?? [])]],
    ['img-src', [cspSource, ...(additions['img-src'] ?? [])]],
    ['font-src', [cspSource, ...(additions['font-src'] ?? [])]],
    ['connect-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['form-action', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  return directives.map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 32;

const webCrypto = (size: number) => globalThis.crypto.getRandomValues(new Uint8Array(size));

/**
 * A fresh nonce per page load: 32 characters from a 62-letter alphabet (≈190 bits). Bytes of 248 and
 * above are skipped so that every letter is equally likely (248 = 4 × 62).
 */
export function createNonce(random: (size: number) => Uint8Array = webCrypto): string {
  let nonce = '';
  while (nonce.length < NONCE_LENGTH) {
    for (const b of random(NONCE_LENGTH)) {
      if (b < 248 && nonce.length < NONCE_LENGTH) nonce += NONCE_ALPHABET[b % NONCE_ALPHABET.length];
    }
  }
  return nonce;
}

/** One page: its bundle, what it may load, and what it needs before its script runs. */
export interface PageInput {
  page: PageName;
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** The page's script and stylesheet (dist/media/<page>.js and .css). */
  scriptUri: string;
  styleUri: string;
  /** dist/media/shared.js (Mermaid): every page loads it itself, with the nonce, when it first draws a diagram. */
  mermaidUri: string;
  /**
   * The page will draw a diagram: fetch shared.js while the page starts (with the nonce; it runs only when the
   * page adds its script), so its megabytes are not fetched after the text is shown.
   */
  preloadMermaid?: boolean;
  title: string;
  lang?: string;
  /** More `data-*` attributes on <body> (name without the prefix → value). */
  data?: Record<string, string>;
  /** Static markup the script expects to find (no user content). */
  content?: string;
  /** Localised UI text, read by the page from a JSON data block (the webview has no vscode.l10n). */
  strings?: object;
}

const escapeAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');


export function buildPageHtml(input: PageInput): string {
  const a = escapeAttribute;
  const data = Object.entries({ ...input.data, 'mermaid-src': input.mermaidUri })
    .map(([name, value]) => ` data-${name}="${a(value)}"`)
    .join('');
  // JSON in a data block: `<` escaped so no string can close the element. It carries the nonce too,
  // so that every <script> of every page does (a data block is never executed either way).
  const strings =
    input.strings === undefined
      ? ''
      : `<script type="application/json" id="${STRINGS_ELEMENT_ID}" nonce="${a(input.nonce)}">${JSON.stringify(input.strings).replace(/</g, '\\u003c')}</script>\n`;
  return `<!DOCTYPE html>
<html lang="${a(input.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(input.cspSource, input.nonce, PAGE_CSP[input.page]))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(input.styleUri)}">
${input.preloadMermaid ? `<link rel="preload" as="script" href="${a(input.mermaidUri)}" nonce="${a(input.nonce)}">\n` : ''}<title>${a(input.title)}</title>
</head>
<body${data}>
${input.content ? `${input.content}\n` : ''}${strings}<script nonce="${a(input.nonce)}" src="${a(input.scriptUri)}"></script>
</body>
</html>`;
}
