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
  /**
   * Fetch Mermaid as the page starts: the article has a diagram no drawing is kept of (see needsMermaid). The page
   * fetches it into the frame Mermaid draws in (media/shared/mermaid/scratchFrame.ts), told so by `data-preload-mermaid`.
   */
  preloadMermaid?: boolean;
}

export function buildCsp(cspSource: string, nonce: string): string {
  return contentSecurityPolicy(cspSource, nonce, PAGE_CSP.preview);
}

export function buildPreviewHtml(input: PreviewHtmlInput): string {
  const { preloadMermaid, ...page } = input;
  return buildPageHtml({
    ...page,
    page: 'preview',
    data: { resource: input.resource, ...(preloadMermaid ? { 'preload-mermaid': '' } : {}) },
    content: '<main id="nl-root" class="nl-article"></main>',
  });
}
