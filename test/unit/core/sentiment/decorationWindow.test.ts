import * as assert from 'node:assert/strict';
import { decorationSpans, modeSpans, windowLeft, type EditorView } from '../../../../src/core/sentiment/decorationWindow';
import { DECORATION_WINDOW, FULL_DECORATION_LIMIT, VISIBLE_MARGIN, WINDOW_SLACK } from '../../../../src/core/sentiment/tuning';

const view = (first: number, last: number, lineCount = 100_000, cursors = [first]): EditorView => ({ visible: [[first, last]], cursors, lineCount });

describe('core/sentiment/decorationWindow: which lines are decorated', () => {
  it('mode all: every line; visible: the view with its margin; currentLine: each cursor line', () => {
    assert.equal(modeSpans('all', [view(10, 40)]), undefined);
    assert.deepEqual(modeSpans('visible', [view(10, 40), view(500, 520)]), [
      [0, 40 + VISIBLE_MARGIN],
      [500 - VISIBLE_MARGIN, 520 + VISIBLE_MARGIN],
    ]);
    assert.deepEqual(modeSpans('currentLine', [view(10, 40, 100, [12, 30])]), [
      [12, 12],
      [30, 30],
    ]);
  });

  it('decorates a small document whole, a large one only around the view', () => {
    assert.deepEqual(decorationSpans('all', view(5000, 5040), FULL_DECORATION_LIMIT), { spans: undefined, windowed: false });
    assert.deepEqual(decorationSpans('all', view(5000, 5040), FULL_DECORATION_LIMIT + 1), {
      spans: [[5000 - DECORATION_WINDOW, 5040 + DECORATION_WINDOW]],
      windowed: true,
    });
    // A mode that already limits the lines is never windowed.
    assert.equal(decorationSpans('visible', view(5000, 5040), FULL_DECORATION_LIMIT + 1).windowed, false);
  });

  it('re-plans a large document once scrolling nears the window edge, not before', () => {
    const { spans } = decorationSpans('all', view(5000, 5040), FULL_DECORATION_LIMIT + 1);
    const scored = FULL_DECORATION_LIMIT + 1;
    assert.equal(windowLeft(spans, view(5000, 5040), scored), false);
    const edge = 5040 + DECORATION_WINDOW - WINDOW_SLACK;
    assert.equal(windowLeft(spans, view(edge - 40, edge), scored), false);
    assert.equal(windowLeft(spans, view(edge - 39, edge + 1), scored), true);
    assert.equal(windowLeft(undefined, view(5000, 5040), scored), true, 'no window yet');
    assert.equal(windowLeft(undefined, view(5000, 5040), FULL_DECORATION_LIMIT), false, 'a small document has no window');
    // The slack is cut at the document's end: a window reaching the last line covers a view at the end.
    const end = decorationSpans('all', view(990, 999, 1000), scored).spans;
    assert.equal(windowLeft(end, view(990, 999, 1000), scored), false);
  });
});
