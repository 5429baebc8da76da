// The text a selection (or a line) is scored as when the user asks for it: a hover over a multi-line
// selection, "Analyze Selection". Its lines are joined into one text and cut to a length the worker scores
// at once.

/** A selection scored as one text is cut to this many characters. */
export const SELECTION_MAX_CHARS = 20_000;

/** `raw` with every run of whitespace (line ends included) one space, trimmed, cut to SELECTION_MAX_CHARS. */
export function selectionText(raw: string): { text: string; truncatedTo?: number } {
  const text = raw.replace(/\s+/g, ' ').trim();
  return text.length > SELECTION_MAX_CHARS ? { text: text.slice(0, SELECTION_MAX_CHARS), truncatedTo: SELECTION_MAX_CHARS } : { text };
}
