// A Mermaid diagram to draw and what drawing it gave, as the article webview and `neural-lens render` both
// speak them (src/preview/protocol.ts re-exports these for the webview). Types only, no imports: the
// webview's compilation includes this file.

export type MermaidThemeSetting = 'auto' | 'default' | 'dark' | 'neutral' | 'forest' | 'base';

export interface DiagramSource {
  hash: string;
  source: string;
}

export type DiagramResult = { hash: string; svg: string } | { hash: string; error: string };
