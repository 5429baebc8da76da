import * as assert from 'node:assert/strict';
import { preferredDelimiter, sniffDialect } from '../../../src/core/csvDialect';

describe('sniffDialect (the separator of a CSV, from its head)', () => {
  it('takes the separator that splits the header and the rows alike, separators inside quotes being text', () => {
    assert.equal(sniffDialect('text,label\n"a; b; c",pos\n"d;e",neg\n', { complete: true }).delimiter, ',');
    assert.equal(sniffDialect('text;label\n"a, b, c";pos\nd,e,f;neg\n', { complete: true }).delimiter, ';');
    assert.equal(sniffDialect('text\tlabel\na, b\tpos\n', { complete: true }).delimiter, '\t');
    assert.equal(sniffDialect('id|text|label\n1|"a | b"|pos\n', { complete: true }).delimiter, '|');
    // A quoted line break does not make a row of its own.
    assert.equal(sniffDialect('text;label\n"one,\ntwo, three";pos\n', { complete: true }).delimiter, ';');
  });

  it('prefers the comma on a tie, or the separator the caller prefers (a .tsv file\'s tab)', () => {
    assert.equal(sniffDialect('a,b;c\n1,2;3\n', { complete: true }).delimiter, ',');
    assert.equal(sniffDialect('a,b\tc\n1,2\t3\n', { complete: true, preferred: '\t' }).delimiter, '\t');
    // Nothing splits a one-column file: the preferred separator, else the comma.
    assert.equal(sniffDialect('text\nhello\n', { complete: true }).delimiter, ',');
  });

  it('ignores a last row cut by the end of the head, and a quote still open there', () => {
    // Cut in the middle of its second field: counted, the row would disagree with the header.
    assert.equal(sniffDialect('text;label\nfine;pos\nnot, this;ne', { complete: false }).delimiter, ';');
    // One huge quoted field that the head does not reach the end of: the header alone decides.
    assert.equal(sniffDialect(`text;label\n"${'word, '.repeat(1000)}`, { complete: false }).delimiter, ';');
  });

  it('reads Excel\'s "sep=" first line as the separator and hands the line back to skip', () => {
    assert.deepEqual(sniffDialect('sep=;\ntext;label\n', { complete: true }), { delimiter: ';', sepLine: 'sep=;\n' });
    assert.deepEqual(sniffDialect('SEP=|\r\ntext|label\n'), { delimiter: '|', sepLine: 'SEP=|\r\n' });
    assert.equal(sniffDialect('sep,label\nx,y\n').sepLine, undefined);
  });

  it("prefers a tab for a .tsv file whatever the extension's case, nothing for other names", () => {
    assert.equal(preferredDelimiter('data/reviews.tsv'), '\t');
    assert.equal(preferredDelimiter('REVIEWS.TSV'), '\t');
    assert.equal(preferredDelimiter('reviews.csv'), undefined);
    assert.equal(preferredDelimiter('tsv'), undefined);
  });
});
