import * as assert from 'node:assert/strict';
import { Vocabulary, cjkCharNgrams, padSequences, tokenSpans, tokenize } from '../../../src/core/text';

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
