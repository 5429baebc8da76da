import * as assert from 'node:assert/strict';
import { MAX_FIELD_LINES, csvLineText, editKeepsStructure, frontMatterEndLine, selectLines, textColumnOf, truncate, type SelectOptions } from '../../../src/core/lineSelection';

const opts: SelectOptions = { maxLength: 1000 };

/** Line number → text, for compact expectations. */
function scored(source: string, kind: 'markdown' | 'plaintext' | 'csv', options = opts): Array<[number, string]> {
  return selectLines(source, kind, options).items.map((s) => [s.line, s.text]);
}

describe('core/lineSelection: which lines are scored', () => {
  describe('markdown', () => {
    it('skips front matter, headings, fences (Mermaid too), math blocks, code, HTML, rules and empty lines', () => {
      const doc = [
        '---', //                                    0 front matter
        'title: A terrible title',
        '---',
        '# Neural networks are wonderful', //        3 heading
        '',
        'I love this article.', //                   5 prose
        'It continues on a second line.', //         6 prose
        '',
        '```mermaid', //                              8 mermaid fence
        'graph TD',
        '  A[great] --> B[awful]',
        '```',
        '',
        '$$', //                                     13 math block
        'E = mc^2 \\quad \\text{lovely}',
        '$$',
        '$$ y = \\sigma(Wx + b) $$', //              16 one-line display math
        '',
        '\\begin{align}', //                         18 bare environment
        'a &= b \\text{ nice}',
        '\\end{align}',
        '',
        '    indented code is code', //              22 indented code
        '',
        '- a list item that is fine', //             24 list item
        '  1. a nested numbered item', //            25
        '> a quoted complaint', //                   26 blockquote
        '',
        '| word | feeling |', //                     28 table header
        '| --- | --- |', //                         29 delimiter row: no words
        '| cake | happy |', //                      30
        '',
        '<div class="note">', //                     32 HTML block
        'hidden words in html',
        '</div>',
        '',
        '***', //                                    36 rule
        'Setext heading text', //                    37 setext heading
        '===',
        '~~~python', //                              39 tilde fence
        'print("so bad")',
        '~~~',
        'Last line with $x$ inline math.', //        42 prose with inline math
      ].join('\n');
      assert.deepEqual(scored(doc, 'markdown'), [
        [5, 'I love this article.'],
        [6, 'It continues on a second line.'],
        [24, 'a list item that is fine'],
        [25, 'a nested numbered item'],
        [26, 'a quoted complaint'],
        [28, '| word | feeling |'],
        [30, '| cake | happy |'],
        [42, 'Last line with $x$ inline math.'],
      ]);
    });

    it('keeps prose inside list items around a fence nested in the list', () => {
      const doc = ['- first item is good', '', '  ```js', '  const bad = 1;', '  ```', '', '- second item is bad'].join('\n');
      assert.deepEqual(scored(doc, 'markdown'), [
        [0, 'first item is good'],
        [6, 'second item is bad'],
      ]);
    });

    it('treats an unclosed $$ as prose, so typing an opener does not hide the rest of the file', () => {
      const doc = ['Before the formula.', '$$', 'x = 1', 'After, still prose.'].join('\n');
      const lines = scored(doc, 'markdown').map(([l]) => l);
      assert.deepEqual(lines, [0, 2, 3]);
    });

    it('keeps line numbers right with CRLF line ends and a front matter', () => {
      const doc = ['---', 'a: 1', '...', 'Hello there', '', '## Title', 'World is nice'].join('\r\n');
      assert.deepEqual(scored(doc, 'markdown'), [
        [3, 'Hello there'],
        [6, 'World is nice'],
      ]);
    });

    it('does not take a lone --- (a rule, no closer) for front matter', () => {
      assert.equal(frontMatterEndLine(['---', 'text']), -1);
      assert.equal(frontMatterEndLine(['+++', 'a = 1', '+++']), 2);
      assert.deepEqual(scored('---\nSome words', 'markdown'), [[1, 'Some words']]);
    });

    it('scores Chinese prose', () => {
      assert.deepEqual(scored('# 标题\n\n这家酒店非常好。', 'markdown'), [[2, '这家酒店非常好。']]);
    });
  });

  describe('plain text', () => {
    it('scores every line with a letter or digit, trimmed', () => {
      assert.deepEqual(scored('  good day  \n\n---\n***\n42 apples\n   \n', 'plaintext'), [
        [0, 'good day'],
        [4, '42 apples'],
      ]);
    });
    it('does not skip Markdown-looking lines: they are just text here', () => {
      assert.deepEqual(scored('# not a heading here\n```\ncode?\n```', 'plaintext'), [
        [0, '# not a heading here'],
        [2, 'code?'],
      ]);
    });
  });

  describe('truncation', () => {
    it('cuts long lines to their first N characters', () => {
      const long = 'word '.repeat(100).trim();
      const [item] = selectLines(long, 'plaintext', { maxLength: 12 }).items;
      assert.equal(item.text, 'word word wo');
    });
    it('never leaves half a surrogate pair', () => {
      assert.equal(truncate('ab😀cd', 3), 'ab');
      assert.equal(truncate('ab😀cd', 4), 'ab😀');
      assert.equal(truncate('short', 10), 'short');
    });
  });

  describe('CSV', () => {
    it('scores the text column, skipping the header, with a multi-line cell attached to its last line', () => {
      const csv = ['text,label', 'I loved it,positive', '"Long, and', 'then awful",negative', ',neutral', 'Fine enough,neutral'].join('\n');
      const selection = selectLines(csv, 'csv', opts);
      assert.deepEqual(
        selection.items.map((s) => [s.firstLine, s.line, s.text]),
        [
          [1, 1, 'I loved it'],
          [2, 3, 'Long, and then awful'],
          [5, 5, 'Fine enough'],
        ],
      );
      // A document shorter than the head the separator is found in: every edit has the head decided again.
      assert.deepEqual(selection.csv, { column: 0, headerLine: 0, delimiter: ',', tableStart: 0, decidedThrough: Infinity, starts: [0, 1, 2, 4, 5] });
    });

    it('finds the text column by name in any position', () => {
      const csv = 'id,label,review\n1,positive,Great value\n2,negative,Broke in a day\n';
      assert.deepEqual(scored(csv, 'csv'), [
        [1, 'Great value'],
        [2, 'Broke in a day'],
      ]);
    });

    it('without a known header, scores the longest column and every row', () => {
      assert.deepEqual(textColumnOf([['1', 'a long sentence here'], ['2', 'another long one']]), { column: 1, hasHeader: false });
      assert.deepEqual(scored('1,what a lovely day\n2,what a dreadful night', 'csv'), [
        [0, 'what a lovely day'],
        [1, 'what a dreadful night'],
      ]);
    });

    it('honours an explicit text column and delimiter', () => {
      const tsv = 'note\tsummary\nshort\tThe whole thing was superb\n';
      assert.deepEqual(scored(tsv, 'csv', { maxLength: 100, delimiter: '\t', textColumn: 'note' }), [[1, 'short']]);
    });

    it('keeps the rows before a quote still being typed', () => {
      const csv = 'text,label\nnice one,positive\n"unterminated,negative\n';
      assert.deepEqual(scored(csv, 'csv'), [[1, 'nice one']]);
    });

    it('takes a quote that does not close within MAX_FIELD_LINES lines as stray: only its line is skipped, the rows after it are scored', () => {
      const rows = Array.from({ length: MAX_FIELD_LINES + 5 }, (_, i) => `row ${i},positive`);
      const csv = ['text,label', 'nice one,positive', '"never closed,negative', ...rows].join('\n');
      const got = scored(csv, 'csv');
      assert.deepEqual(got.slice(0, 2), [
        [1, 'nice one'],
        [3, 'row 0'],
      ]);
      assert.equal(got.length, 2 + MAX_FIELD_LINES + 4);
      // A quoted cell that does close within them is one cell, as csv-parse reads it.
      assert.deepEqual(scored('text,label\n"two\nlines",positive\nnext,negative', 'csv'), [
        [2, 'two lines'],
        [3, 'next'],
      ]);
    });

    it('starts a record after blank lines on its own first line (the hover covers the record, not the blank lines)', () => {
      const selection = selectLines('text,label\n\nfirst one,positive\n\n\n"two\nlines",negative\n', 'csv', opts);
      assert.deepEqual(
        selection.items.map((i) => [i.firstLine, i.line, i.text]),
        [
          [2, 2, 'first one'],
          [5, 6, 'two lines'],
        ],
      );
      assert.deepEqual(selection.csv?.starts, [0, 2, 5]);
    });

    it('takes a quote still open at the end of the document as stray too, whether the document ends with a line break or not', () => {
      for (const end of ['', '\n', '\n\n']) {
        assert.deepEqual(scored(`text,label\nok one,negative\n"never closed\nnext row,positive\nlast row,negative${end}`, 'csv'), [
          [1, 'ok one'],
          [3, 'next row'],
          [4, 'last row'],
        ], JSON.stringify(end));
      }
    });

    it('finds the separator in the first rows (a semicolon file opened as CSV), and skips Excel\'s "sep=" line', () => {
      assert.deepEqual(scored('text;label\nGreat, really great;positive\nAwful; never again;negative\n', 'csv'), [
        [1, 'Great, really great'],
        [2, 'Awful'],
      ]);
      const selection = selectLines('sep=|\nid|text\n1|Lovely, quiet room\n', 'csv', opts);
      assert.deepEqual(
        selection.items.map((i) => [i.line, i.text]),
        [[2, 'Lovely, quiet room']],
      );
      assert.equal(selection.csv?.delimiter, '|');
      assert.equal(selection.csv?.headerLine, 1);
    });

    it('reads one edited line as a record', () => {
      assert.equal(csvLineText('so very good,positive', 0, opts), 'so very good');
      assert.equal(csvLineText(',positive', 0, opts), undefined);
    });
  });

  describe('editKeepsStructure', () => {
    it('accepts ordinary prose edits in Markdown, list items included', () => {
      assert.equal(editKeepsStructure('markdown', 'I love it', 'I love it a lot'), true);
      assert.equal(editKeepsStructure('markdown', '- item one', '- item two'), true);
      assert.equal(editKeepsStructure('markdown', '> quoted', '> quoted again'), true);
    });
    it('refuses edits that can change the blocks around the line', () => {
      assert.equal(editKeepsStructure('markdown', 'text', '# text'), false, 'heading');
      assert.equal(editKeepsStructure('markdown', 'text', '``` text'), false, 'fence');
      assert.equal(editKeepsStructure('markdown', 'text', '$$'), false, 'math');
      assert.equal(editKeepsStructure('markdown', 'text', ''), false, 'blank line splits a paragraph');
      assert.equal(editKeepsStructure('markdown', 'text', '---'), false, 'setext underline / rule');
      assert.equal(editKeepsStructure('markdown', 'a | b', 'a | c'), false, 'table');
      assert.equal(editKeepsStructure('markdown', '- item', '1. item'), false, 'list marker changed');
      assert.equal(editKeepsStructure('markdown', 'text', '<div>'), false, 'html');
    });
    it('plain text is always line by line; CSV only without quotes', () => {
      assert.equal(editKeepsStructure('plaintext', 'a', ''), true);
      assert.equal(editKeepsStructure('csv', 'a,b', 'ab,b'), true);
      assert.equal(editKeepsStructure('csv', 'a,b', '"a,b'), false);
    });
  });
});
