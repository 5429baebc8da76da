import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from '../../../src/core/dataError';
import { appendCorrection, countCorrections, headerColumns, withLabelCell } from '../../../src/core/labelsFile';

const COLUMNS = { textColumn: 'review', labelColumn: 'sentiment' };

describe('labels file (corrections)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-labels-'));
    file = path.join(dir, 'labels.csv');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const records = (): string[][] => parse(fs.readFileSync(file, 'utf8')) as string[][];

  it('creates the file with the model’s column names and quotes what needs quoting', async () => {
    const texts = ['plain', 'a, comma', 'say "hi"', 'two\nlines', '好极了，推荐', ' padded '];
    for (const text of texts) await appendCorrection(file, { text, label: 'positive' }, COLUMNS);
    assert.deepEqual(records(), [['review', 'sentiment'], ...texts.map((t) => [t, 'positive'])]);
    assert.equal(await countCorrections(file, COLUMNS), texts.length);
    assert.deepEqual(
      fs.readdirSync(dir),
      ['labels.csv'],
      'no lock or temporary file left',
    );
  });

  it('counts a large labels file without holding the thread, and refuses a FIFO at once', async function () {
    this.timeout(20_000);
    const rows = 150_000;
    fs.writeFileSync(file, '\uFEFFreview,sentiment\n' + Array.from({ length: rows }, (_, i) => `"row ${i}, quoted",${i % 7 ? 'pos' : ''}\n`).join(''));
    // Turns of the event loop while it counts (not timings: the machine may be loaded). Streamed, the thread is
    // given back once a chunk (3.3 MB: about fifty); read whole and parsed at once, under ten (the reads).
    let turns = 0;
    let counting = true;
    const turn = (): void => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    try {
      assert.equal(await countCorrections(file, COLUMNS), rows - Math.ceil(rows / 7));
    } finally {
      counting = false;
    }
    assert.ok(turns >= 25, `the thread was given back ${turns} times`);
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'fifo.csv');
      execFileSync('mkfifo', [fifo]);
      await assert.rejects(countCorrections(fifo, COLUMNS), (e: DataError) => e.code === 'not-a-file');
    }
  });

  it('twenty concurrent corrections all land, whole', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendCorrection(file, { text: `row ${i}, with "quotes"`, label: i % 2 ? 'pos' : 'neg' }, COLUMNS)));
    const rows = records();
    assert.equal(rows.length, 21);
    assert.deepEqual(rows[0], ['review', 'sentiment']);
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
      Array.from({ length: 20 }, (_, i) => `row ${i}, with "quotes"`).sort(),
    );
  });

  it('appends without rewriting: the existing bytes stay as they were, other columns get empty cells', async () => {
    const before = 'id,review,sentiment,note\r\n1,"kept, ""as is""",negative,x\r\n';
    fs.writeFileSync(file, before);
    await appendCorrection(file, { text: 'new one', label: 'positive' }, COLUMNS);
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.startsWith(before), 'the existing rows were rewritten');
    assert.deepEqual(records().at(-1), ['', 'new one', 'positive', '']);
  });

  it('handles a file changed on disk: a missing final line break, emptied, deleted, or a header without the columns', async () => {
    fs.writeFileSync(file, 'review,sentiment\nedited by hand,neutral');
    await appendCorrection(file, { text: 'next', label: 'negative' }, COLUMNS);
    assert.deepEqual(records().slice(1), [
      ['edited by hand', 'neutral'],
      ['next', 'negative'],
    ]);
    fs.writeFileSync(file, '');
    await appendCorrection(file, { text: 'after emptying', label: 'negative' }, COLUMNS);
    assert.deepEqual(records(), [
      ['review', 'sentiment'],
      ['after emptying', 'negative'],
    ]);
    fs.rmSync(file);
    await appendCorrection(file, { text: 'after deleting', label: 'negative' }, COLUMNS);
    assert.equal(await countCorrections(file, COLUMNS), 1);
    fs.writeFileSync(file, 'text,label\nsomething,else\n');
    await assert.rejects(
      appendCorrection(file, { text: 'x', label: 'y' }, COLUMNS),
      (e: DataError) => e instanceof DataError && e.code === 'missing-column' && /has no column "review"/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'text,label\nsomething,else\n', 'a refused append leaves the file alone');
    await assert.rejects(appendCorrection(file, { text: ' ', label: 'y' }, COLUMNS), RangeError);
  });

  it('sets the label cell of one CSV record, quoting as needed, and reads a header', () => {
    assert.equal(withLabelCell('"great, really",negative', 1, 'positive'), '"great, really",positive');
    assert.equal(withLabelCell('1,"two\nlines",neutral', 2, 'say "no"'), '1,"two\nlines","say ""no"""');
    assert.equal(withLabelCell('a,b', 5, 'x'), undefined);
    assert.equal(withLabelCell('a,b\nc,d', 1, 'x'), undefined, 'two records');
    assert.deepEqual(headerColumns('\uFEFFtext, label'), ['text', 'label']);
  });
});
