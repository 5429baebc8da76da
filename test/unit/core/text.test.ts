import * as assert from 'node:assert/strict';
import { lastTokens, SEGMENT_CHARS, Vocabulary, cjkCharNgrams, padSequences, tokenSpans, tokenize } from '../../../src/core/text';

describe('tokenize', () => {
  it('lower-cases English words and drops punctuation and spaces', () => {
    assert.deepEqual(tokenize("I LOVED it!!! Don't  miss, it's 3.5 stars."), ['i', 'loved', 'it', "don't", 'miss', "it's", '3.5', 'stars']);
  });

  it('segments Chinese into words with the ICU dictionary', () => {
    assert.deepEqual(tokenize('这家酒店很好，服务也不错。'), ['这', '家', '酒店', '很好', '服务', '也', '不错']);
  });

  it('handles mixed scripts, full-width letters and emoji', () => {
    assert.deepEqual(tokenize('ＧＯＯＤ hotel 好的 😀'), ['good', 'hotel', '好的', '😀']);
  });

  it('gives spans into the original text', () => {
    const text = 'Très BIEN, 很好';
    const spans = tokenSpans(text);
    assert.deepEqual(spans.map((s) => s.token), ['très', 'bien', '很好']);
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['Très', 'BIEN', '很好']);
  });

  it('returns nothing for punctuation only', () => {
    assert.deepEqual(tokenize(' ,.!? — '), []);
  });
});

describe('tokenising long texts', () => {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  /** The segmenter on the whole string at once: the reference the pieces must agree with. */
  const whole = (text: string): string[] => [...segmenter.segment(text)].filter((s) => s.isWordLike || /^\p{Extended_Pictographic}/u.test(s.segment)).map((s) => s.segment.normalize('NFKC').toLowerCase());
  const english = (chars: number): string => 'The staff were kind, the room was clean; breakfast? Superb! '.repeat(Math.ceil(chars / 61)).slice(0, chars);
  const chinese = (chars: number): string => '房间很干净，服务也很好。早餐不错，位置方便！'.repeat(Math.ceil(chars / 22)).slice(0, chars);

  it('gives the tokens and spans the segmenter gives on the whole text, in pieces cut at breaks', () => {
    for (const text of [english(5 * SEGMENT_CHARS + 17), chinese(4 * SEGMENT_CHARS + 5), `${english(1500)}${chinese(1500)} 😀 done`]) {
      assert.deepEqual(tokenize(text), whole(text));
      const spans = tokenSpans(text);
      assert.ok(spans.every((s) => text.slice(s.start, s.end).normalize('NFKC').toLowerCase() === s.token));
    }
  });

  it('is linear in the text\'s length (200,000 characters took 10 s in one piece)', () => {
    const started = performance.now();
    const sentence = 'The staff were kind, the room was clean; breakfast? Superb! ';
    assert.equal(tokenize(sentence.repeat(3_300)).length, whole(sentence).length * 3_300);
    const chineseTokens = tokenize(chinese(100_000)).length;
    assert.ok(chineseTokens > 40_000, `${chineseTokens} tokens`);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 4, `${seconds.toFixed(2)} s`);
  });

  it('takes the last tokens of a text from its end only, the same as the end of all its tokens', () => {
    for (const text of [english(3_000), chinese(3_000), `${chinese(2_000)} and then ${english(2_000)}`, 'short one']) {
      for (const count of [1, 5, 100, 10_000]) assert.deepEqual(lastTokens(text, count), tokenize(text).slice(-count), `${count} of ${text.slice(0, 20)}…`);
    }
    // A word longer than the window, then more: the window grows until it holds one token more than asked.
    const long = `${'x'.repeat(900)} end`;
    assert.deepEqual(lastTokens(long, 2), ['x'.repeat(900), 'end']);
    // Longer than a piece, with no break to cut it at: cut where the whole text is cut, from any start.
    const unbroken = `${'y'.repeat(5_000)} end`;
    assert.deepEqual(lastTokens(unbroken, 2), tokenize(unbroken).slice(-2));
    const started = performance.now();
    const tenMegabytes = 'The staff were kind, the room was clean; breakfast? Superb! '.repeat(172_000);
    assert.deepEqual(lastTokens(tenMegabytes, 3), ['clean', 'breakfast', 'superb']);
    assert.ok(performance.now() - started < 500, 'the end of a 10 MB text, at once');
  });
});

describe('cjkCharNgrams', () => {
  it('gives character n-grams inside CJK runs only', () => {
    assert.deepEqual(cjkCharNgrams('服务很好 ok 不错', 2), ['服', '服务', '务', '务很', '很', '很好', '好', '不', '不错', '错']);
    assert.deepEqual(cjkCharNgrams('服务很好', 3, 3), ['服务很', '务很好']);
    assert.deepEqual(cjkCharNgrams('only latin', 2), []);
  });
});

describe('Vocabulary', () => {
  const docs = [
    ['good', 'movie'],
    ['bad', 'movie'],
    ['good', 'good', 'plot'],
  ];

  it('ranks words by frequency (ties in first-appearance order) from index 2', () => {
    const v = Vocabulary.fit(docs, 100);
    assert.deepEqual(v.encode(['good', 'movie', 'bad', 'plot']), [2, 3, 4, 5]);
    assert.equal(v.size, 6);
    assert.equal(v.word(2), 'good');
  });

  it('maps unknown and capped-off words to 1 (OOV)', () => {
    const v = Vocabulary.fit(docs, 4); // padding, OOV, good, movie
    assert.equal(v.size, 4);
    assert.deepEqual(v.encode(['good', 'plot', 'unseen']), [2, 1, 1]);
  });

  it('round-trips through JSON and rejects anything else', () => {
    const v = Vocabulary.fit(docs, 100);
    const back = Vocabulary.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    assert.deepEqual(back.encode(['plot', 'bad', 'x']), v.encode(['plot', 'bad', 'x']));
    assert.throws(() => Vocabulary.fromJSON({ version: 2, words: [] }), /Not a Neural Lens vocabulary/);
    assert.throws(() => Vocabulary.fit(docs, 1), RangeError);
  });
});

describe('padSequences', () => {
  it('pre-pads and pre-truncates by default (Keras)', () => {
    assert.deepEqual(Array.from(padSequences([[1, 2], [1, 2, 3, 4, 5]], 3)), [0, 1, 2, 3, 4, 5]);
  });
  it('post-pads and post-truncates on request', () => {
    assert.deepEqual(Array.from(padSequences([[1, 2], [1, 2, 3, 4, 5]], 3, 'post', 'post')), [1, 2, 0, 1, 2, 3]);
  });
});
