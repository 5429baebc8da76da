// A document of its own for Mermaid to draw in. mermaid.render builds each drawing in a temporary element
// appended to its document's <body>, <style> included, and measures its text there: in the article's document,
// each such style sheet coming and going restyled the whole article, which grows with every diagram drawn
// (2,000 diagrams: 294 ms of CPU per diagram, against 70 ms at 100). In this frame it restyles one empty page.
// Same origin (about:blank), so it inherits the page's CSP: its script needs the page's nonce, and no
// frame-src is involved (nothing is fetched into the frame itself).

/**
 * The text properties a drawing inherits from the page's <body> where it is shown, given to
 * the frame's <body> so that Mermaid measures its labels as they will be drawn (the same SVG as drawn in the page).
 */
const INHERITED_TEXT = ['font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'word-spacing'];

/**
 * Returns a function that creates, on its first call, a frame laid out but never seen (Mermaid measures text: a
 * `display: none` frame would measure nothing) and returns its document: standards mode, the page's language (the
 * fonts Chromium picks for CJK labels follow `lang`) and the page's text properties, as the page's own document.
 */
export function scratchFrameDocument(): () => Document {
  let frame: HTMLIFrameElement | undefined;
  return () => {
    if (!frame?.isConnected || !frame.contentDocument) {
      frame = document.createElement('iframe');
      frame.className = 'nl-mermaid-frame';
      frame.tabIndex = -1;
      frame.setAttribute('aria-hidden', 'true');
      document.body.appendChild(frame);
      const doc = frame.contentDocument!;
      // about:blank is in quirks mode; the page is not.
      doc.open();
      doc.write('<!DOCTYPE html><html><head></head><body></body></html>');
      doc.close();
      doc.documentElement.lang = document.documentElement.lang;
      const page = getComputedStyle(document.body);
      for (const property of INHERITED_TEXT) doc.body.style.setProperty(property, page.getPropertyValue(property));
    }
    return frame.contentDocument!;
  };
}
