// Mermaid from dist/media/shared.js, loaded on first use: the page's own script stays small, so its
// text and formulas are on screen before Mermaid's 3 MB are parsed. shared.js (media/shared/index.ts)
// puts the instance on its window's `neuralLensMermaid`.
import type { Mermaid } from 'mermaid';
import type { LoadedMermaid, MermaidLoader } from './diagramRenderer';

declare global {
  var neuralLensMermaid: Mermaid | undefined;
}

/**
 * A loader for DiagramRenderer: adds `<script src nonce>` to `into` (this page's document, or a scratch frame's:
 * see scratchFrame.ts) once and resolves when it has run. Mermaid then draws, and measures its drawings, in that
 * document. The nonce is this page's CSP nonce (read it from document.currentScript.nonce at start-up).
 */
export function mermaidFromScript(src: string, nonce: string, into: () => Document = () => document): MermaidLoader {
  let pending: Promise<LoadedMermaid> | undefined;
  return () =>
    (pending ??= new Promise<LoadedMermaid>((resolve, reject) => {
      const doc = into();
      const win = doc.defaultView as (Window & typeof globalThis) | null;
      const loaded = () => win?.neuralLensMermaid && { mermaid: win.neuralLensMermaid, document: doc };
      const already = loaded();
      if (already) return resolve(already);
      const script = doc.createElement('script');
      script.src = src;
      script.nonce = nonce;
      script.async = true;
      script.onload = () => {
        const done = loaded();
        if (done) resolve(done);
        else reject(new Error(`${src} did not provide Mermaid`));
      };
      script.onerror = () => reject(new Error(`could not load ${src}`));
      doc.head.appendChild(script);
    }));
}

/** The page's nonce and `data-mermaid-src`: read them while the page's script first runs (the nonce is only exposed on the running script element). */
export function pageMermaidScript(): { src: string; nonce: string } {
  return { src: document.body.dataset.mermaidSrc ?? '', nonce: (document.currentScript as HTMLScriptElement | null)?.nonce ?? '' };
}

/** The loader of a webview page: shared.js from the page's `data-mermaid-src`, with the page's nonce, in the page's document. */
export function mermaidFromPage(): MermaidLoader {
  const { src, nonce } = pageMermaidScript();
  return mermaidFromScript(src, nonce);
}

/** A loader for pages that include shared.js themselves (the headless export). */
export function mermaidFromGlobal(): Promise<LoadedMermaid> {
  return globalThis.neuralLensMermaid ? Promise.resolve({ mermaid: globalThis.neuralLensMermaid, document }) : Promise.reject(new Error('Mermaid (dist/media/shared.js) is not loaded'));
}
