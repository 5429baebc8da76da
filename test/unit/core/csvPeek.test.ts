import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { peekCsv } from '../../../src/core/csvPeek';

describe('peekCsv (column picker preview)', () => {
  let dir: string;
  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-peek-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the columns with three distinct values each and the engine guess', async () => {
    const file = write(
      'reviews.csv',
      '\uFEFFid,review,stars\r\n' +
        '1,"Great, really great",positive\r\n' +
        '2,"Awful.\nNever again",negative\r\n' +
        '3,Fine I guess,neutral\r\n' +
        '4,Loved it,positive\r\n' +
        '5,Meh,neutral\r\n',
    );
    const peek = await peekCsv(file);
    assert.deepEqual(
      peek.columns.map((c) => c.name),
      ['id', 'review', 'stars'],
    );
    assert.deepEqual(peek.columns[1].samples, ['Great, really great', 'Awful.\nNever again', 'Fine I guess']);
    // Distinct values, not the first three rows: 'positive' repeats before 'neutral' appears.
    assert.deepEqual(peek.columns[2].samples, ['positive', 'negative', 'neutral']);
    assert.equal(peek.columns[2].distinct, 3);
    assert.equal(peek.columns[0].distinct, 5);
    assert.equal(peek.rows, 5);
    // 'review' is a conventional text name; the label is the column with the fewest distinct values.
    assert.deepEqual(peek.guess, { textColumn: 'review', labelColumn: 'stars' });
  });

  it('reads Chinese headers and values', async () => {
    const file = write('zh.csv', '评论,标签\n房间很干净,1\n服务太差了,0\n');
    const peek = await peekCsv(file);
    assert.deepEqual(peek.guess, { textColumn: '评论', labelColumn: '标签' });
    assert.deepEqual(peek.columns[0].samples, ['房间很干净', '服务太差了']);
  });

  it('stops after maxRows and leaves out ragged rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `text number ${i},${i % 2 ? 'a' : 'b'}`);
    const file = write('many.csv', ['text,label', 'one,two,three', ...rows].join('\n'));
    const peek = await peekCsv(file, { maxRows: 10 });
    assert.equal(peek.rows, 9); // 10 records read, the ragged one dropped
    assert.deepEqual(peek.columns[1].samples, ['b', 'a']);
  });

  it('gives what it could read from a file with an unterminated quote, and no guess it cannot make', async () => {
    const file = write('bad.csv', 'text,label\nfine,pos\n"never closed,neg\nmore,pos\n');
    const peek = await peekCsv(file);
    assert.deepEqual(
      peek.columns.map((c) => c.name),
      ['text', 'label'],
    );
    assert.deepEqual(peek.columns[0].samples, ['fine']);
  });

  it('returns no columns for an empty or missing file instead of throwing', async () => {
    assert.deepEqual(await peekCsv(write('empty.csv', '')), { columns: [], rows: 0 });
    assert.deepEqual(await peekCsv(path.join(dir, 'nope.csv')), { columns: [], rows: 0 });
  });

  it('hands back the reading error of a file with nothing readable (binary), so the picker can stop on it', async () => {
    const binary = Buffer.alloc(3000, 7);
    binary[10] = 0;
    const peek = await peekCsv(write('binary.csv', binary));
    assert.deepEqual(peek.columns, []);
    assert.equal(peek.unreadable?.code, 'binary-file');
    assert.match(peek.unreadable.message, /binary file, not a CSV/);
  });

  it('reads at most maxBytes', async () => {
    const big = 'text,label\n' + Array.from({ length: 2000 }, (_, i) => `row ${i} ${'x'.repeat(50)},${i % 3}`).join('\n');
    const peek = await peekCsv(write('big.csv', big), { maxBytes: 4096, maxRows: 10000 });
    assert.ok(peek.rows > 10 && peek.rows < 100, `rows read: ${peek.rows}`);
  });

  describe('reads the file as training will (separator, encoding, Excel sep= line, repeated headers)', () => {
    const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/csv');
    const names = (peek: { columns: { name: string }[] }): string[] => peek.columns.map((c) => c.name);

    it('splits a semicolon file on its semicolons, and a .tsv on tabs', async () => {
      const semicolon = await peekCsv(path.join(FIXTURES, 'semicolon.csv'));
      assert.deepEqual(names(semicolon), ['text', 'label']);
      assert.deepEqual(semicolon.columns[0].samples, ['Great; really, great', 'Dirty room, rude staff', 'Lovely view, 4,5 stars']);
      assert.deepEqual(semicolon.guess, { textColumn: 'text', labelColumn: 'label' });
      assert.deepEqual(names(await peekCsv(path.join(FIXTURES, 'tabs.tsv'))), ['text', 'label']);
    });

    it('skips an Excel "sep=" line and rows repeating the header', async () => {
      assert.deepEqual(names(await peekCsv(path.join(FIXTURES, 'excel-sep.csv'))), ['text', 'label']);
      const repeated = await peekCsv(path.join(FIXTURES, 'repeated-header.csv'));
      assert.equal(repeated.rows, 8);
      assert.equal(repeated.columns[1].distinct, 2);
    });

    it('decodes UTF-16 by its byte-order mark, and GB18030 when told', async () => {
      assert.deepEqual(names(await peekCsv(path.join(FIXTURES, 'utf16le-bom.csv'))), ['text', 'label']);
      const gb = await peekCsv(path.join(FIXTURES, 'gb18030.csv'), { encoding: 'gb18030' });
      assert.deepEqual(names(gb), ['review', '情感']);
      assert.deepEqual(gb.columns[1].samples, ['正面', '负面']);
    });
  });
});
