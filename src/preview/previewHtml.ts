// The article panel's page: the common webview page (src/webview/page.ts) plus what an article needs.
// No vscode import: unit tests check the policy and the markup directly.
import { buildPageHtml, contentSecurityPolicy, PAGE_CSP } from '../webview/page';

export interface PreviewHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** dist/media/shared.js (Mermaid): the page loads it itself, with the nonce, when a diagram needs it. */
  mermaidUri: string;
  styleUri: string;
  /** The document shown, so a reloaded webview knows it before the first message (serializer). */
  resource: string;
  title: string;
  lang?: string;
  /** Fetch Mermaid as the page starts: the article has a diagram no drawing is kept of (see needsMermaid). */
  preloadMermaid?: boolean;
}

export function buildCsp(cspSource: string, nonce: string): string {
  return contentSecurityPolicy(cspSource, nonce, PAGE_CSP.preview);
}

export function buildPreviewHtml(input: PreviewHtmlInput): string {
  return buildPageHtml({
    ...input,
    page: 'preview',
    data: { resource: input.resource },
    content: '<main id="nl-root" class="nl-article"></main>',
  });
}
