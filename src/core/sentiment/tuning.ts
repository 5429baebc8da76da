// The controller's timing and size constants, in one place so the benchmark measures the same values.
// Pure (no `vscode`).

/** Texts remembered per model across documents (LRU). */
export const CACHE_SIZE = 50_000;
/** Texts per background request to the worker. */
export const BATCH_SIZE = 2_000;
/** Wait after a keystroke that only changed one line's text. */
export const KEYSTROKE_DEBOUNCE_MS = 20;
/** Wait after an edit that needs the whole text re-selected (CSV, display math): at least this… */
export const RESELECT_DEBOUNCE_MS = 60;
/** …else three times what the last re-selection cost, up to this. */
export const RESELECT_DEBOUNCE_MAX_MS = 1_500;
export const SCROLL_DEBOUNCE_MS = 50;
/**
 * A CSV re-selected in full runs in steps of about this long, the editor's other work in between (a million
 * rows take seconds)…
 */
export const SELECTION_STEP_MS = 20;
/** …unless it has at most this many lines: then at once, in a few milliseconds. */
export const CSV_AT_ONCE_LINES = 2_000;
/** Lines above and below the visible range scored first, and kept decorated in `visible` mode. */
export const VISIBLE_MARGIN = 30;
/**
 * Above this many scored lines a document is decorated only around what is visible (all of it is still
 * scored and counted). Every setDecorations call re-sends its whole list to the workbench, which re-lays
 * out the editor: measured in code-server on a 10,000-line article, re-sending 4,400 labels per keystroke
 * doubled the time the workbench took to apply the keystroke itself.
 */
export const FULL_DECORATION_LIMIT = 1_000;
/** Lines above and below the visible range decorated in such a large document… */
export const DECORATION_WINDOW = 300;
/** …re-planned when scrolling brings the visible range within this many lines of the window's edge. */
export const WINDOW_SLACK = 100;

/** The debounce before re-selecting a document whose last re-selection took `lastMs`. */
export function reselectDelay(lastMs: number): number {
  return Math.min(RESELECT_DEBOUNCE_MAX_MS, Math.max(RESELECT_DEBOUNCE_MS, 3 * lastMs));
}

/** The debounce after Enter, a paste or a deleted line (re-selected around the edit), whose last cost was `lastMs`. */
export function editDelay(lastMs: number): number {
  return Math.min(RESELECT_DEBOUNCE_MAX_MS, Math.max(KEYSTROKE_DEBOUNCE_MS, 3 * lastMs));
}
