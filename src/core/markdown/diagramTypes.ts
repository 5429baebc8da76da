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
