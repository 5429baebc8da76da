// Which lines of an editor are scored first, counted and decorated: the lines the mode shows and, in a large
// document, only a window around what is visible. Every setDecorations call re-sends its whole list to the
// workbench (see FULL_DECORATION_LIMIT in tuning.ts), so a document with many scored lines is decorated
// ±DECORATION_WINDOW lines around the view, re-planned when scrolling nears the window's edge.
import type { LineSpans } from './decorationPlan';
import { DECORATION_WINDOW, FULL_DECORATION_LIMIT, VISIBLE_MARGIN, WINDOW_SLACK } from './tuning';

/** The `neuralLens.sentiment.mode` setting: every line, the lines in view, or the cursor's lines. */
export type SentimentMode = 'all' | 'visible' | 'currentLine';

/** What the windowing needs of an editor (the glue reads it from a vscode.TextEditor). */
export interface EditorView {
  /** The visible line ranges, inclusive. */
  visible: LineSpans;
  /** The line of each cursor. */
  cursors: readonly number[];
  lineCount: number;
}

/** The visible ranges of `views` widened by `margin` lines each way. */
export function visibleSpans(views: readonly EditorView[], margin: number): LineSpans {
  return views.flatMap((view) => view.visible.map(([first, last]): [number, number] => [Math.max(0, first - margin), last + margin]));
}

/** The lines the mode shows in `views` (undefined: all of them). */
export function modeSpans(mode: SentimentMode, views: readonly EditorView[]): LineSpans | undefined {
  switch (mode) {
    case 'all':
      return undefined;
    case 'visible':
      return visibleSpans(views, VISIBLE_MARGIN);
    case 'currentLine':
      return views.flatMap((view) => view.cursors.map((line): [number, number] => [line, line]));
  }
}

/**
 * The lines of `view` that get decorations: the mode's, but in a document of more than FULL_DECORATION_LIMIT
 * scored lines in mode `all` only a window around the visible range (`windowed`).
 */
export function decorationSpans(mode: SentimentMode, view: EditorView, scoredLines: number): { spans: LineSpans | undefined; windowed: boolean } {
  const spans = modeSpans(mode, [view]);
  if (spans || scoredLines <= FULL_DECORATION_LIMIT) return { spans, windowed: false };
  return { spans: visibleSpans([view], DECORATION_WINDOW), windowed: true };
}

/** True when a large document's decorated `window` (if any) no longer reaches well past what `view` shows. */
export function windowLeft(window: LineSpans | undefined, view: EditorView, scoredLines: number): boolean {
  return scoredLines > FULL_DECORATION_LIMIT && !windowCovers(window, view);
}

function windowCovers(window: LineSpans | undefined, view: EditorView): boolean {
  if (!window) return false;
  return view.visible.every(([first, last]) =>
    window.some(([a, b]) => Math.max(0, first - WINDOW_SLACK) >= a && Math.min(view.lineCount - 1, last + WINDOW_SLACK) <= b),
  );
}
