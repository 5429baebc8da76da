import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError, readLabelledCsv, type DataErrorCode } from '../../../src/core/csv';
import { firstInvalidUtf8 } from '../../../src/core/csvBytes';
import { formatCoreText } from '../../../src/core/coreText';
import { sortLabels } from '../../../src/core/csvLabels';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/csv');
const fixture = (name: string): string => path.join(FIXTURES, name);

/** Asserts that reading `name` fails with one DataError of `code` at `line`, whose message matches `message`. */
async function rejects(name: string, code: DataErrorCode, line: number | undefined, message: RegExp, options = {}): Promise<DataError> {
  const file = fixture(name);
  let error: unknown;
  try {
    await readLabelledCsv(file, options);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.equal(error.file, file);
  assert.equal(error.line, line);
  assert.match(error.message, message);
  return error;
}

describe('readLabelledCsv', () => {
  it('reads BOM, CRLF, quoted commas, doubled quotes and line breaks inside quotes', async () => {
    const d = await readLabelledCsv(fixture('good-bom-crlf.csv'));
    assert.equal(d.textColumn, 'text');
    assert.equal(d.labelColumn, 'label');
    assert.deepEqual(d.columns, ['text', 'label']);
    assert.deepEqual(d.texts, ['Great, really great', 'He said "wow" twice', 'Awful.\nNever again', 'Fine I guess', 'Meh', 'Cold room, rude staff']);
    // Labels sorted (code-point order), y indexes them.
    assert.deepEqual(d.labels, ['negative', 'neutral', 'positive']);
    assert.deepEqual(d.y, [2, 2, 0, 1, 1, 0]);
    assert.deepEqual(d.firstLines, [4, 6, 2]);
    assert.equal(d.rowsRead, 6);
    assert.equal(d.sha256, createHash('sha256').update(fs.readFileSync(fixture('good-bom-crlf.csv'))).digest('hex'));
  });

  it('accepts LF, CRLF and CR line ends mixed in one file', async () => {
    const d = await readLabelledCsv(fixture('mixed-endings.csv'));
    assert.deepEqual(d.texts, ['good film', 'bad film', 'fine']);
  });

  it('detects the columns from the data when the names are unconventional', async () => {
    const d = await readLabelledCsv(fixture('detect.csv'));
    assert.equal(d.textColumn, 'body');
    assert.equal(d.labelColumn, 'stars');
    assert.deepEqual(d.labels, ['bad', 'good']);
  });

  it('reads Chinese column names and labels', async () => {
    const d = await readLabelledCsv(fixture('chinese.csv'));
    assert.equal(d.textColumn, 'review');
    assert.equal(d.labelColumn, '情感');
    assert.deepEqual(new Set(d.labels), new Set(['正面', '负面']));
    assert.equal(d.texts[4], '价格贵,设施旧');
  });

  it('takes the columns by name, case-insensitively', async () => {
    const d = await readLabelledCsv(fixture('detect.csv'), { textColumn: 'BODY', labelColumn: 'Stars' });
    assert.equal(d.textColumn, 'body');
    assert.equal(d.labelColumn, 'stars');
  });

  it('orders numeric labels numerically', async () => {
    const d = await readLabelledCsv(fixture('numeric-labels.csv'));
    assert.deepEqual(d.labels, ['1', '2', '10']);
    assert.deepEqual(sortLabels(['b', 'B', 'a']), ['B', 'a', 'b']);
  });

  it('skips and counts rows with an empty text or label', async () => {
    const d = await readLabelledCsv(fixture('empty-texts.csv'));
    assert.deepEqual(d.texts, ['good', 'bad', 'fine', 'ugly']);
    assert.equal(d.skippedEmptyText, 2);
    assert.equal(d.skippedEmptyLabel, 1);
    assert.equal(d.rowsRead, 7);
  });

  it('maps rows onto a given label list and rejects a label outside it', async () => {
    const d = await readLabelledCsv(fixture('good-bom-crlf.csv'), { labels: ['positive', 'negative', 'neutral'] });
    assert.deepEqual(d.labels, ['positive', 'negative', 'neutral']);
    assert.deepEqual(d.y, [0, 0, 1, 2, 2, 1]);
    await rejects('good-bom-crlf.csv', 'unknown-label', 6, /"neutral" is not one the model knows/, { labels: ['positive', 'negative'] });
  });

  describe('bad input: one DataError naming the file, the line and the problem', () => {
    it('a missing file', () => rejects('nope.csv', 'not-found', undefined, /not found/));
    it('an empty file', () => rejects('empty.csv', 'empty-file', undefined, /empty/));
    it('a header without rows', () => rejects('header-only.csv', 'header-only', 1, /no data rows/));
    it('a single column', () => rejects('one-column.csv', 'missing-column', 1, /text column and a label column.*"text"/));
    it('a misnamed column, listing the columns found', () =>
      rejects('detect.csv', 'missing-column', 1, /No text column named "review".*"id", "body", "stars"/, { textColumn: 'review' }));
    it('a ragged row', () => rejects('ragged.csv', 'ragged-row', 4, /Line 4 has 3 fields but the header has 2/));
    it('an unterminated quote, at the line where it opens', () => rejects('unterminated-quote.csv', 'unterminated-quote', 3, /never closed/));
    it('a binary file', () => rejects('binary.csv', 'binary-file', undefined, /binary/));
    it('invalid UTF-8, at its line', () => rejects('invalid-utf8.csv', 'invalid-utf8', 3, /Line 3 is not valid UTF-8 \(byte 0xe9\)/));
    it('a file ending inside a character', () => rejects('truncated-utf8.csv', 'invalid-utf8', 3, /ends in the middle of a character/));
    it('a single class', () => rejects('single-class.csv', 'single-class', undefined, /"positive".*at least two classes/));
  });

  it('finds invalid UTF-8 at the chunk level too (a file larger than one read)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
    try {
      const rows = Array.from({ length: 5000 }, (_, i) => `这是第${i}行，很好,positive`).join('\n');
      const file = path.join(dir, 'big.csv');
      fs.writeFileSync(file, Buffer.concat([Buffer.from('text,label\n' + rows + '\n'), Buffer.from([0x62, 0xff, 0x0a])]));
      await assert.rejects(readLabelledCsv(file), (e: DataError) => e.code === 'invalid-utf8' && e.line === 5002);
      // A multi-byte character split across the 64 KiB read boundary is fine.
      const ok = path.join(dir, 'ok.csv');
      fs.writeFileSync(ok, 'text,label\n' + rows + '\n' + Array.from({ length: 5000 }, () => '很差,negative').join('\n') + '\n');
      const d = await readLabelledCsv(ok);
      assert.equal(d.texts.length, 10000);
      assert.equal(d.texts[4999], '这是第4999行，很好');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts CRLF lines exactly across read boundaries, with line breaks inside quotes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
    try {
      // Every 7th row has a quoted two-line text; row lengths vary so CRs land on the 64 KiB boundaries.
      const lines = ['text,label'];
      let line = 2;
      for (let i = 0; i < 9000; i++) {
        const text = i % 7 === 0 ? `"first ${'x'.repeat(i % 13)}\r\nsecond ${i}"` : `row ${'y'.repeat(i % 11)} ${i}`;
        lines.push(`${text},${i % 2 ? 'a' : 'b'}`);
        line += i % 7 === 0 ? 2 : 1;
      }
      lines.push('one,two,three');
      // Pad the first row so that a CR is the last byte of the first 64 KiB read and its LF the first of the next.
      const cr = (lines.join('\r\n') + '\r\n').lastIndexOf('\r', 65535);
      lines[2] = lines[2].replace('row ', 'row ' + 'p'.repeat(65535 - cr));
      const content = lines.join('\r\n') + '\r\n';
      assert.equal(content.slice(65535, 65537), '\r\n');
      const file = path.join(dir, 'crlf.csv');
      fs.writeFileSync(file, content);
      await assert.rejects(readLabelledCsv(file), (e: DataError) => e.code === 'ragged-row' && e.line === line);
      fs.writeFileSync(file, lines.slice(0, -1).join('\r\n') + '\r\n');
      const d = await readLabelledCsv(file);
      assert.equal(d.texts.length, 9000);
      assert.ok(!d.texts.some((t) => t.includes('\r')));
      assert.equal(d.texts[7], 'first xxxxxxx\nsecond 7');
      assert.equal(d.texts[8], 'row yyyyyyyy 8');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readLabelledCsv(fixture('good-bom-crlf.csv'), { signal: controller.signal }), { name: 'AbortError' });
  });

  it('stops in the middle of a file when cancelled there, with the reason given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
    try {
      const file = path.join(dir, 'big.csv');
      const rows = Array.from({ length: 60_000 }, (_, i) => `a review of some length number ${i},${i % 2 ? 'good' : 'bad'}`);
      fs.writeFileSync(file, ['text,label', ...rows].join('\n') + '\n');
      const controller = new AbortController();
      const reason = new Error('stop now');
      let progressCalls = 0;
      await assert.rejects(
        readLabelledCsv(file, {
          signal: controller.signal,
          onProgress: (n) => {
            progressCalls++;
            if (n >= 5000) controller.abort(reason);
          },
        }),
        (e) => e === reason,
      );
      assert.ok(progressCalls < 12, `stopped early (${progressCalls} progress calls of 12)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSV files people actually have', () => {
  describe('the separator: found in the first rows, outside quotes', () => {
    it('reads a semicolon file (Excel in much of Europe), keeping commas and quoted semicolons in the texts', async () => {
      const d = await readLabelledCsv(fixture('semicolon.csv'));
      assert.equal(d.delimiter, ';');
      assert.deepEqual(d.columns, ['text', 'label']);
      assert.deepEqual(d.texts, ['Great; really, great', 'Dirty room, rude staff', 'Lovely view, 4,5 stars', 'Never again']);
      assert.deepEqual(d.labels, ['negative', 'positive']);
    });

    it('reads a pipe-separated file, a quoted pipe kept in its text', async () => {
      const d = await readLabelledCsv(fixture('pipe.csv'));
      assert.equal(d.delimiter, '|');
      assert.equal(d.textColumn, 'text');
      assert.deepEqual(d.texts, ['Great, really great', 'Dirty room; rude staff', 'Lovely | view', 'Never again']);
    });

    it('reads a .tsv file', async () => {
      const d = await readLabelledCsv(fixture('tabs.tsv'));
      assert.equal(d.delimiter, '\t');
      assert.deepEqual(d.texts, ['Great, really great', 'Dirty room; rude staff', 'Lovely view', 'Never again']);
    });

    it('honours an Excel "sep=" first line, skips it and says so; line numbers stay the file\'s', async () => {
      const d = await readLabelledCsv(fixture('excel-sep.csv'));
      assert.equal(d.delimiter, ';');
      assert.deepEqual(d.columns, ['text', 'label']);
      assert.deepEqual(d.texts, ['Great, really great', 'Dirty room', 'Lovely view', 'Never again']);
      assert.deepEqual(d.firstLines, [4, 3]);
      assert.equal(d.warnings.length, 1);
      assert.match(formatCoreText(d.warnings[0]), /Line 1 \("sep=;"\) names the separator.*skipped/);
    });

    it('names the separator in a ragged-row message', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
      try {
        const file = path.join(dir, 'ragged.csv');
        fs.writeFileSync(file, 'text;label\ngood;positive\nbad;negative\nfine;ok;extra\n');
        await assert.rejects(readLabelledCsv(file), (e: DataError) => e.code === 'ragged-row' && e.line === 4 && /unquoted ";"/.test(e.message));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the encoding', () => {
    for (const name of ['utf16le-bom.csv', 'utf16be-bom.csv']) {
      it(`decodes UTF-16 with a byte-order mark (${name})`, async () => {
        const d = await readLabelledCsv(fixture(name));
        assert.deepEqual(d.texts, ['Great room, kind staff', 'Dirty — never again', 'Lovely view', 'Rude reception']);
        assert.deepEqual(d.firstLines, [3, 2]);
        // The hash is of the file's own bytes, whatever they decode to.
        assert.equal(d.sha256, createHash('sha256').update(fs.readFileSync(fixture(name))).digest('hex'));
      });
    }

    it('calls UTF-16 without a byte-order mark what it is, with the encoding to pass', () =>
      rejects('utf16le-no-bom.csv', 'binary-file', undefined, /UTF-16.*encoding utf-16le/));

    it('says when bytes that are not UTF-8 read as GB18030, and how to pass it', async () => {
      const e = await rejects('gb18030.csv', 'invalid-utf8', 1, /Line 1 is not valid UTF-8 \(byte 0xc7\)/);
      assert.match(e.message, /GB18030/);
      assert.match(e.message, /review,情感/);
      assert.match(e.message, /--encoding gb18030/);
      assert.match(e.message, /neuralLens\.training\.encoding/);
    });

    for (const encoding of ['gb18030', 'GBK']) {
      it(`reads GB18030 when told (encoding "${encoding}")`, async () => {
        const d = await readLabelledCsv(fixture('gb18030.csv'), { encoding });
        assert.equal(d.labelColumn, '情感');
        assert.deepEqual(d.texts, ['房间很干净，服务也很好', '太吵了，再也不来了', '早餐不错，位置方便', '前台态度很差']);
        assert.deepEqual(d.labels, ['正面', '负面']);
      });
    }

    it('gives the line of a byte the given encoding cannot decode', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
      try {
        const file = path.join(dir, 'bad.csv');
        fs.writeFileSync(file, Buffer.concat([fs.readFileSync(fixture('gb18030.csv')), Buffer.from([0x81, 0x0a])]));
        await assert.rejects(readLabelledCsv(file, { encoding: 'gb18030' }), (e: DataError) => e.code === 'invalid-encoding' && e.line === 6 && /not valid gb18030/.test(e.message));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses an encoding it does not know, naming it', async () => {
      await assert.rejects(readLabelledCsv(fixture('gb18030.csv'), { encoding: 'klingon' }), (e: Error) => e instanceof RangeError && /"klingon"/.test(e.message));
    });
  });

  describe('silent misreads, now said', () => {
    it('refuses a file whose first row is data, not a header, saying what to add', () =>
      rejects('no-header.csv', 'no-header', 1, /Line 1 looks like data, not a header: its cell "positive" is one of the labels.*Add a header row/));

    it('skips a repeated header row (files joined together) and says so', async () => {
      const d = await readLabelledCsv(fixture('repeated-header.csv'));
      assert.deepEqual(d.labels, ['negative', 'positive']);
      assert.equal(d.texts.length, 8);
      assert.equal(d.rowsRead, 8);
      assert.deepEqual(d.warnings.map((w) => formatCoreText(w)), ['Line 6 repeats the header row (text, label): skipped.']);
    });

    it('keeps a first row named like a header even when a label is called "label"', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-csv-'));
      try {
        const file = path.join(dir, 'named.csv');
        fs.writeFileSync(file, 'review,label\nnice,label\nawful,other\ngood,label\nbad,other\n');
        const d = await readLabelledCsv(file);
        assert.deepEqual(d.labels, ['label', 'other']);
        assert.deepEqual(d.warnings, []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts well-formed text and finds the first bad byte', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('abc 好 😀')), -1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0x28])), 1); // bad continuation
    assert.equal(firstInvalidUtf8(Buffer.from([0xc0, 0xaf])), 0); // overlong
    assert.equal(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0); // surrogate
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe5, 0xa5])), 1); // truncated
  });
});
