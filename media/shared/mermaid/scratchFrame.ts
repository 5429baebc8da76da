// A document of its own for Mermaid's scratch work. mermaid.render builds each drawing in a temporary element
// appended to its document's <body>, with a <style> of the drawing's rules, and measures its labels there (about 24
// style recalculations per diagram). In the article's document each recalculation restyled the article, which grows
// with every diagram drawn: at 1,000 diagrams, 13 ms of style work per diagram for the first hundred and 71 ms for
// the last (bench/preview/profileLong.ts). In this frame it restyles one empty page.
// Nothing is loaded into the frame (a same-origin about:blank, which inherits the page's CSP and needs no frame-src):
// Mermaid keeps running in the page, its `document` pointed at the frame's (scratchDocument.ts). So it works in VS
// Code's webview too, whose resources are served to the webview's own document only.
import type { MermaidLoader } from './diagramRenderer';

/**
 * The text properties a drawing inherits from the page's <body> where it is shown, given to the frame's <body>
 * so that Mermaid measures its labels as they will be drawn (the same SVG as drawn in the page).
 */
const INHERITED_TEXT = ['font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'word-spacing'];

/** Mermaid's scratch element for a render of id `x` is `#dx`; the renderer's ids start `nl-mermaid-`. */
const SCRATCH_ID = /^dnl-mermaid-/;

/**
 * A frame laid out but never seen (Mermaid measures text: in a `display: none` frame it would measure nothing), in
 * standards mode, with the page's language (the fonts Chromium picks for CJK labels follow `lang`) and text properties.
 */
function createScratchFrame(): Document {
  const frame = document.createElement('iframe');
  frame.className = 'nl-mermaid-frame';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  document.body.appendChild(frame);
  const doc = frame.contentDocument;
  if (!doc) throw new Error('the scratch frame for Mermaid has no document');
  // about:blank is in quirks mode; the page is not. (Markup only: no script runs in the frame.)
  doc.open();
  doc.write('<!DOCTYPE html><html><head></head><body></body></html>');
  doc.close();
  doc.documentElement.lang = document.documentElement.lang;
  const page = getComputedStyle(document.body);
  for (const property of INHERITED_TEXT) doc.body.style.setProperty(property, page.getPropertyValue(property));
  return doc;
}

export interface ScratchFrameLoader {
  load: MermaidLoader;
  /** Renders whose scratch element Mermaid put in the frame (the UI tests check that every render did). */
  framedRenders(): number;
}

/**
 * `load`, then Mermaid pointed at a scratch frame of this page. A shared.js without scratchDocument.ts injected is an
 * error, not a silent fallback to drawing in the page.
 */
export function inScratchFrame(load: MermaidLoader): ScratchFrameLoader {
  let framed = 0;
  let pending: ReturnType<MermaidLoader> | undefined;
  const count = (records: MutationRecord[]) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE && SCRATCH_ID.test((n as Element).id)) framed++;
  };
  return {
    load: () =>
      (pending ??= load().then((mermaid) => {
        const target = globalThis.neuralLensMermaidDocument;
        if (!target) throw new Error('shared.js cannot draw in a scratch frame (built without scratchDocument.ts)');
        const doc = createScratchFrame();
        new MutationObserver(count).observe(doc.body, { childList: true });
        target.use(doc);
        return mermaid;
      })),
    framedRenders: () => framed,
  };
}
