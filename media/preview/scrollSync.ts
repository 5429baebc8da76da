// Source line <-> vertical offset, from the `data-line` attributes the host puts on every block
// (the same contract and interpolation as VS Code's own Markdown preview).

interface LineElement {
  element: HTMLElement;
  line: number;
}

let cache: LineElement[] | undefined;

export function invalidateLineCache(): void {
  cache = undefined;
}

function lineElements(): LineElement[] {
  if (!cache) {
    cache = [];
    for (const element of document.querySelectorAll<HTMLElement>('.code-line[data-line]')) {
      const line = Number(element.dataset.line);
      if (Number.isFinite(line)) cache.push({ element, line });
    }
  }
  return cache;
}

function top(el: HTMLElement): number {
  return el.getBoundingClientRect().top + window.scrollY;
}

/** The elements around a source line: the last at or before it, and the first after it. */
function elementsAround(line: number): { previous?: LineElement; next?: LineElement } {
  const all = lineElements();
  let lo = 0;
  let hi = all.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].line <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return { next: all[0] };
  const previous = all[found];
  const next = all.slice(found + 1).find((e) => e.line > previous.line);
  return { previous, next };
}

/** Scrolls so that (fractional, 0-based) `line` is at the top of the view. */
export function scrollToLine(line: number): void {
  const { previous, next } = elementsAround(line);
  if (!previous) {
    window.scrollTo(0, 0);
    return;
  }
  const previousTop = top(previous.element);
  let y: number;
  if (next) {
    const progress = (line - previous.line) / (next.line - previous.line);
    y = previousTop + progress * (top(next.element) - previousTop);
  } else {
    y = previousTop + (line - Math.floor(line)) * previous.element.getBoundingClientRect().height;
  }
  window.scrollTo(0, Math.max(0, y));
}

/** The (fractional, 0-based) source line shown at page offset `y`. */
export function lineAtOffset(y: number): number | undefined {
  const all = lineElements().filter((e) => e.element.getClientRects().length > 0);
  if (all.length === 0) return undefined;
  let lo = 0;
  let hi = all.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (top(all[mid].element) <= y) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return all[0].line;
  const previous = all[found];
  const previousTop = top(previous.element);
  const next = all.slice(found + 1).find((e) => e.line > previous.line);
  const height = previous.element.getBoundingClientRect().height;
  if (next) {
    const nextTop = top(next.element);
    // Within the element: interpolate towards the next element's line over the element's own height.
    const span = Math.max(1, Math.min(height, nextTop - previousTop) || nextTop - previousTop);
    const progress = Math.max(0, Math.min(1, (y - previousTop) / span));
    return previous.line + progress * (next.line - previous.line);
  }
  return previous.line + Math.max(0, Math.min(1, (y - previousTop) / Math.max(1, height)));
}
