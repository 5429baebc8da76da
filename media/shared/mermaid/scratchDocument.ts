// Injected into dist/media/shared.js (esbuild.js, `inject`): every free `document` (and `SVGGraphicsElement`) in
// Mermaid and the libraries bundled with it reads these bindings instead of the page's global. A page may point them
// at another same-origin document (media/shared/mermaid/scratchFrame.ts): Mermaid's code keeps running in the page,
// with nothing loaded into that document, but builds, styles and measures its scratch drawing there. Until then they
// are the page's own, as for every other page and the headless export.

let current: Document = globalThis.document;
// Mermaid checks a shape's border with `instanceof SVGGraphicsElement`: the class of the document it draws in.
let svgGraphicsElement = globalThis.SVGGraphicsElement;

export { current as document, svgGraphicsElement as SVGGraphicsElement };

/** What shared.js offers the pages besides Mermaid: where it draws (see loader.ts). */
export interface MermaidDocument {
  /** Mermaid's scratch drawings go to `doc` from now on. */
  use(doc: Document): void;
  /** The document Mermaid draws its scratch drawings in. */
  current(): Document;
}

export const mermaidDocument: MermaidDocument = {
  use(doc) {
    current = doc;
    svgGraphicsElement = (doc.defaultView as (Window & typeof globalThis) | null)?.SVGGraphicsElement ?? globalThis.SVGGraphicsElement;
  },
  current: () => current,
};
