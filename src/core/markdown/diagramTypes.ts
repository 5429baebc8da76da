// A Mermaid diagram to draw and what drawing it gave, as the article webview and `neural-lens render` both
// speak them (src/preview/protocol.ts re-exports these for the webview). Types only, and type imports of pure
// files only: the webview's compilation includes this file.
import type { MermaidThemeSetting } from './previewSettings';

export type { MermaidThemeSetting };

export interface DiagramSource {
  hash: string;
  source: string;
}

export type DiagramResult = { hash: string; svg: string } | { hash: string; error: string };

/**
 * What dist/media/preview.js offers in a plain page (no webview): `neural-lens render` drives it in headless
 * Chromium to draw diagrams and to sanitise raw HTML exactly as the article panel does.
 */
export interface HeadlessPreviewApi {
  renderDiagrams(diagrams: DiagramSource[], theme: MermaidThemeSetting, maxTextSize: number): Promise<DiagramResult[]>;
  sanitize(html: string): string;
}
