// Mermaid from dist/media/shared.js, loaded on first use: the page's own script stays small, so its
// text and formulas are on screen before Mermaid's 3 MB are parsed. shared.js (media/shared/index.ts)
// puts the instance on `globalThis.neuralLensMermaid`.
import type { Mermaid } from 'mermaid';
import type { MermaidLoader } from './diagramRenderer';
import type { MermaidDocument } from './scratchDocument';

declare global {
  var neuralLensMermaid: Mermaid | undefined;
  var neuralLensMermaidDocument: MermaidDocument | undefined;
}

/** The document Mermaid builds its scratch drawings in: the page's, unless a page chose a scratch frame. */
export function mermaidDocument(): Document {
  return globalThis.neuralLensMermaidDocument?.current() ?? document;
}

/**
 * A loader for DiagramRenderer: adds `<script src nonce>` once and resolves when it has run. The nonce
 * is this page's CSP nonce (read it from document.currentScript.nonce at start-up).
 */
export function mermaidFromScript(src: string, nonce: string): MermaidLoader {
  let pending: Promise<Mermaid> | undefined;
  return () =>
    (pending ??= new Promise<Mermaid>((resolve, reject) => {
      if (globalThis.neuralLensMermaid) return resolve(globalThis.neuralLensMermaid);
      const script = document.createElement('script');
      script.src = src;
      script.nonce = nonce;
      script.async = true;
      script.onload = () => (globalThis.neuralLensMermaid ? resolve(globalThis.neuralLensMermaid) : reject(new Error(`${src} did not provide Mermaid`)));
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    }));
}

/**
 * The loader of a webview page: shared.js from the page's `data-mermaid-src`, with the page's nonce. Call it
 * while the page's script first runs: the nonce is only exposed on the running script element.
 */
export function mermaidFromPage(): MermaidLoader {
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
  return mermaidFromScript(document.body.dataset.mermaidSrc ?? '', nonce);
}

/** A loader for pages that include shared.js themselves (the headless export). */
export function mermaidFromGlobal(): Promise<Mermaid> {
  return globalThis.neuralLensMermaid ? Promise.resolve(globalThis.neuralLensMermaid) : Promise.reject(new Error('Mermaid (dist/media/shared.js) is not loaded'));
}
