// How a Mermaid drawing is put into the page and styled there. Each Mermaid SVG carries a <style> of its own,
// its rules scoped by the drawing's id. Any style sheet per drawing makes every later drawing cost more: in the
// document, every style recalculation matches against all of them (mermaid.render 49 ms with 50 drawings on a page,
// 210 ms with 800); in a shadow root per drawing, Chromium still visits every shadow root's sheets whenever one is
// added (7 ms of style work for the first of 600 diagrams, 39 ms for the last; a shared adopted sheet per root
// did not change that). But Mermaid's CSS is the same for every drawing of a kind, theme and classDefs once its id
// is set aside: each distinct CSS is one style sheet of the document, scoped by a class its drawings carry, and
// added once; the drawings themselves carry no style.

/** Distinct Mermaid CSS (its id replaced by SCOPE) → the class of the drawings it styles (its sheet is in the document). */
const classes = new Map<string, string>();
const SCOPE = '\u0000scope\u0000';

/** `id` where it stands as a whole name (`nl-mermaid-5`, `nl-mermaid-5_arrow`, not `nl-mermaid-50`). */
function idPattern(id: string, prefix = ''): RegExp {
  return new RegExp(`${prefix}${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`, 'g');
}

/** Mermaid's CSS with every `#<id>` that scopes its rules made SCOPE: the same text for every drawing of a kind. */
export function unscopedCss(css: string, id: string): string {
  return css.replace(idPattern(id, '#'), SCOPE);
}

/** The class for `css` (unscoped), its sheet added to the document the first time. */
function styleClass(css: string): string {
  let name = classes.get(css);
  if (!name) {
    name = `nl-mermaid-css-${classes.size}`;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css.split(SCOPE).join(`.${name}`));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    classes.set(css, name);
  }
  return name;
}

let copies = 0;

/**
 * Shows Mermaid's SVG markup in `container` (the caller vouches for it: Mermaid's own output under securityLevel
 * 'strict'), its <style> replaced by the document's sheet of the same rules; returns the <svg>.
 */
export function showDrawing(container: HTMLElement, markup: string): SVGSVGElement | undefined {
  const id = /^<svg[^>]*\sid="([^"]+)"/.exec(markup)?.[1];
  // The same drawing twice in a page (a diagram repeated, a drawing kept from the page before): its markers and
  // gradients are found by id, and the first element of an id wins, wherever it is (in a block skipped off screen).
  if (id && document.getElementById(id)) markup = markup.replace(idPattern(id), `${id}-copy${++copies}`);
  const unique = id && /^<svg[^>]*\sid="([^"]+)"/.exec(markup)?.[1];
  // Parsed inert: a <style> parsed into the page would be added as a sheet before it could be taken out.
  const template = document.createElement('template');
  template.innerHTML = markup;
  const svg = template.content.querySelector('svg') ?? undefined;
  const style = svg?.querySelector(':scope > style');
  if (svg && style && unique) {
    svg.classList.add(styleClass(unscopedCss(style.textContent ?? '', unique)));
    style.remove();
  }
  container.replaceChildren(template.content);
  return svg;
}
