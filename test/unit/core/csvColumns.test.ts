// One text-column chooser: training (readLabelledCsv), the picker's guess (peekCsv) and the sentiment
// decorations of a CSV editor (selectLines) pick the same column of the same file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLabelledCsv } from '../../../src/core/csv';
import { chooseColumns, chooseTextColumn, columnNamed, repeatsHeader } from '../../../src/core/csvColumns';
import { peekCsv } from '../../../src/core/csvPeek';
import { selectLines } from '../../../src/core/lineSelection';

describe('the CSV text column', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-columns-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rows = (header: string, make: (i: number) => string, n = 12): string => [header, ...Array.from({ length: n }, (_, i) => make(i))].join('\n') + '\n';

  const files: Array<[string, string, string]> = [
    // Two conventional names: the more preferred wins, wherever it stands.
    ['comment before text', rows('comment,text,label', (i) => `short ${i},a much longer review of the place number ${i},${i % 2 ? 'good' : 'bad'}`), 'text'],
    ['review_text', rows('id,review_text,stars', (i) => `${i},the staff were kind and the room clean ${i},${i % 2 ? 'good' : 'bad'}`), 'review_text'],
    ['评价 (Chinese)', rows('编号,评价,标签', (i) => `${i},房间很干净服务也很好${i},${i % 2 ? '正面' : '负面'}`), '评价'],
    ['no conventional name: the longest values', rows('id,note,opinion,stars', (i) => `${i},ok ${i},I would come back again for the view ${i},${i % 2 ? 'good' : 'bad'}`), 'opinion'],
  ];

  for (const [what, content, expected] of files) {
    it(`is the same for training, the picker and the editor: ${what}`, async () => {
      const file = path.join(dir, `${what.replace(/\W+/g, '-')}.csv`);
      fs.writeFileSync(file, content);
      const trained = await readLabelledCsv(file);
      const peek = await peekCsv(file);
      const selection = selectLines(content, 'csv', { maxLength: 1000 });
      const header = content.split('\n')[0].split(',');
      assert.equal(trained.textColumn, expected, 'training');
      assert.equal(peek.guess?.textColumn, expected, 'picker');
      assert.equal(header[selection.csv!.column], expected, 'editor');
    });
  }

  it('prefers names in the order of the list, then the longest values (the first of equals), never the excluded column', () => {
    assert.deepEqual(chooseTextColumn(['comment', 'Text '], []), { column: 1, byName: true });
    assert.deepEqual(chooseTextColumn(['a', 'b', 'c'], [['xx', 'yyy', 'zzz']]), { column: 1, byName: false });
    assert.deepEqual(chooseTextColumn(['a', 'b', 'c'], [['xx', 'yyy', 'zzz']], 1), { column: 2, byName: false });
    assert.deepEqual(chooseTextColumn(['text', 'b'], [['x', 'y']], 0), { column: 1, byName: false }, 'the label column is never the text');
  });

  it('finds a column named by the user exactly, then trimmed and case-insensitively', () => {
    assert.equal(columnNamed(['Body', 'body'], 'body'), 1);
    assert.equal(columnNamed([' Body ', 'x'], 'BODY'), 0);
    assert.equal(columnNamed(['a'], 'b'), -1);
  });

  it('tells the label by its few distinct values when no name says', () => {
    const sample = [
      ['1', 'the food was great', 'up'],
      ['2', 'cold and late', 'down'],
      ['3', 'fine', 'up'],
    ];
    assert.deepEqual(chooseColumns('f.csv', ['id', 'words', 'vote'], sample, {}), { text: 1, label: 2 });
    assert.throws(() => chooseColumns('f.csv', ['a', 'b'], [['x', 'y']], {}), /Could not tell which column holds the labels/);
  });

  it('knows a row that repeats the header (cells trimmed), and not one that only shares some of it', () => {
    assert.equal(repeatsHeader(['text', ' label '], ['text', 'label']), true);
    assert.equal(repeatsHeader(['text', 'positive'], ['text', 'label']), false);
    assert.equal(repeatsHeader(['text'], ['text', 'label']), false);
  });
});
