// The region re-selection after Enter, a paste or a deleted line must give exactly what a full re-selection
// of the new text gives. Checked on seeded random documents and random edits, Markdown, plain text and CSV.
import * as assert from 'node:assert/strict';
import type { Prediction } from '../../../../src/engine/protocol';
import { LruCache } from '../../../../src/core/lru';
import { DocumentSentiment } from '../../../../src/core/sentiment/documentSentiment';
import { runPass } from '../../../../src/core/sentiment/scoringPass';
import { csvSelectionSteps, selectLines } from '../../../../src/core/lineSelection';

/** Lines that exercise every block rule and every way blocks join or split. */
const POOL = [
  'Some prose here.',
  'More prose that continues.',
  '',
  '',
  '# A heading',
  'Setext title',
  '===',
  '---',
  '```',
  '```mermaid',
  'graph TD',
  '~~~',
  '$$',
  'x = \\sigma(y)',
  '$$ a = b $$',
  '\\begin{align}',
  '\\end{align}',
  '- a list item',
  '  - a nested item',
  '1. a numbered item',
  '> a quoted line',
  '    indented code or continuation',
  '<div>',
  '</div>',
  '<!-- a comment',
  '-->',
  '[ref]: https://example.com',
  '| a | b |',
  '***',
  '',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomLines(r: () => number, n: number): string[] {
  return Array.from({ length: n }, () => POOL[Math.floor(r() * POOL.length)]);
}

function selection(d: DocumentSentiment): Array<[number, string]> {
  return d.scorable.map((i) => [i.line, i.text]);
}

function fresh(kind: 'markdown' | 'plaintext' | 'csv', text: string): DocumentSentiment {
  const d = new DocumentSentiment(kind, { maxLength: 1000 }, new LruCache<string, Prediction>(10_000));
  d.reselect(text);
  return d;
}

/**
 * One to three edits of `lines` noted on `d` before its selection is brought up to date, as while typing fast:
 * each replaces fewer than `most` lines by fewer than `most` new ones from `newLines`. Returns the new lines.
 */
function noteRandomEdits(r: () => number, d: DocumentSentiment, lines: string[], most: number, newLines: (n: number) => string[]): string[] {
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const from = Math.floor(r() * (lines.length + 1));
    const removed = Math.min(lines.length - from, Math.floor(r() * most));
    const texts = newLines(Math.floor(r() * most));
    if (removed === 0 && texts.length === 0) continue;
    lines = [...lines.slice(0, from), ...texts, ...lines.slice(from + removed)];
    d.noteEdit(from, removed, texts);
  }
  return lines;
}

async function fakeScore(texts: string[]): Promise<Prediction[]> {
  return texts.map(() => ({ label: 'positive', confidence: 0.9, probabilities: [0.1, 0.9] }));
}

describe('sentiment/documentSentiment: re-selecting only around an edit', () => {
  for (const kind of ['markdown', 'plaintext'] as const) {
    it(`${kind}: equals a full re-selection on 400 random edits`, () => {
      const r = rng(kind === 'markdown' ? 7 : 11);
      let patched = 0;
      for (let round = 0; round < 40; round++) {
        let lines = randomLines(r, 20 + Math.floor(r() * 120));
        const d = fresh(kind, lines.join('\n'));
        for (let step = 0; step < 10; step++) {
          lines = noteRandomEdits(r, d, lines, 4, (n) => randomLines(r, n));
          const text = lines.join('\n');
          if (d.reselectEdited()) patched++;
          else d.reselect(text);
          assert.deepEqual(selection(d), selection(fresh(kind, text)), `round ${round} step ${step}:\n${text}`);
        }
      }
      // This pool is full of math delimiters, which force a full re-selection; still, many edits are patched.
      assert.ok(patched > 150, `only ${patched} of 400 edits were re-selected around the edit`);
    });
  }

  it('markdown without display math or front matter: every edit below the first line is re-selected around it', () => {
    const pool = POOL.filter((l) => !/\$\$|\\begin|\\end/.test(l));
    const r = rng(3);
    for (let round = 0; round < 30; round++) {
      let lines = ['First prose line.', ...Array.from({ length: 60 }, () => pool[Math.floor(r() * pool.length)])];
      const d = fresh('markdown', lines.join('\n'));
      for (let step = 0; step < 10; step++) {
        const from = 1 + Math.floor(r() * lines.length);
        const removed = Math.min(lines.length - from, Math.floor(r() * 3));
        const texts = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pool[Math.floor(r() * pool.length)]);
        lines = [...lines.slice(0, from), ...texts, ...lines.slice(from + removed)];
        d.noteEdit(from, removed, texts);
        assert.equal(d.reselectEdited(), true, `round ${round} step ${step}`);
        assert.deepEqual(selection(d), selection(fresh('markdown', lines.join('\n'))), `round ${round} step ${step}`);
      }
    }
  });

  it('keeps the results of moved lines: after Enter only the two halves need the model', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => (i % 3 === 2 ? '' : `Prose line number ${i} is here.`));
    const d = fresh('markdown', lines.join('\n'));
    await runPass(d, fakeScore, { batchSize: 100 });
    assert.equal(d.pendingCount, 0);
    // Enter in the middle of line 10.
    d.noteEdit(10, 1, ['Prose line num', 'ber 10 is here.']);
    assert.equal(d.hasEdits, true);
    assert.equal(d.reselectEdited(), true);
    assert.deepEqual(
      d.unscored().map((i) => [i.line, i.text]),
      [
        [10, 'Prose line num'],
        [11, 'ber 10 is here.'],
      ],
    );
    assert.equal(d.at(49)?.item.text, 'Prose line number 48 is here.');
    assert.ok(d.at(49)?.prediction, 'a moved line keeps its result');
  });

  it('falls back to a full re-selection when display math or the front matter is touched', () => {
    const d = fresh('markdown', ['---', 'a: 1', '---', 'Text one.', '', 'Text two.'].join('\n'));
    d.noteEdit(4, 0, ['$$']);
    assert.equal(d.reselectEdited(), false);
    d.reselect(['---', 'a: 1', '---', 'Text one.', '$$', '', 'Text two.'].join('\n'));
    d.noteEdit(1, 1, ['b: 2']);
    assert.equal(d.reselectEdited(), false);
  });

  it('refuses the keystroke fast path while a region edit is pending', () => {
    const d = fresh('plaintext', 'one\ntwo');
    d.noteEdit(1, 0, ['new']);
    assert.equal(d.patchLine(0, 'uno'), false);
  });

  describe('CSV', () => {
    /** Rows with quoted commas, multi-line cells, stray and doubled quotes, blank lines, a repeated header. */
    const CSV_POOL = [
      'a plain review of a room,positive',
      'dirty and loud,negative',
      '"quoted, with a comma",positive',
      '"a cell that goes',
      'on over lines",negative',
      'and ends here",positive',
      '"',
      'he said ""wow"",neutral',
      '',
      ',neutral',
      'text,label',
      'stray " quote inside,negative',
      '"open and never closed,positive',
    ];
    /** Mostly plain rows, a quote now and then: quoted cells that span more than MAX_FIELD_LINES lines, and fewer. */
    const SPARSE_POOL = [...Array.from({ length: 150 }, (_, i) => `plain row number ${i},${i % 2 ? 'positive' : 'negative'}`), '"opens a cell,positive', 'closes it",negative', '"'];
    const csvSelection = (d: DocumentSentiment): Array<[number, number, string]> => d.scorable.map((i) => [i.firstLine, i.line, i.text]);
    // CPU time, not wall time: the machine is shared, and a thread waiting for a core is not working.
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    /** 3,000 plain rows, and a keystroke rewriting line `line`, whose re-selection around it must be a full one's. */
    const typingAt = (line: number): { d: DocumentSentiment; type: (text: string) => void } => {
      const lines = ['text,label', ...Array.from({ length: 3000 }, (_, i) => `review number ${i},${i % 2 ? 'positive' : 'negative'}`)];
      const d = fresh('csv', lines.join('\n'));
      const type = (text: string): void => {
        d.noteEdit(line, 1, [text]);
        lines[line] = text;
        assert.equal(d.reselectEdited(), true, text);
        assert.deepEqual(csvSelection(d), csvSelection(fresh('csv', lines.join('\n'))), text);
      };
      return { d, type };
    };

    /** `rounds` documents of random rows, each edited `steps` times; every re-selection checked against a full one. */
    const randomEdits = (seed: number, pool: readonly string[], rounds: number, steps: number, rows: () => number): number => {
      const r = rng(seed);
      const pick = (): string => pool[Math.floor(r() * pool.length)];
      let patched = 0;
      for (let round = 0; round < rounds; round++) {
        let lines = ['text,label', ...Array.from({ length: rows() }, pick)];
        const d = fresh('csv', lines.join('\n'));
        for (let step = 0; step < steps; step++) {
          lines = noteRandomEdits(r, d, lines, 3, (n) => Array.from({ length: n }, pick));
          const text = lines.join('\n');
          if (d.reselectEdited()) patched++;
          else d.reselect(text);
          assert.deepEqual(csvSelection(d), csvSelection(fresh('csv', text)), `seed ${seed} round ${round} step ${step}:\n${text}`);
        }
      }
      return patched;
    };

    it('equals a full re-selection on 300 random edits, keystrokes in the header and the head included', () => {
      const r = rng(17);
      const patched = randomEdits(5, CSV_POOL, 30, 10, () => 20 + Math.floor(r() * 150));
      assert.ok(patched > 250, `only ${patched} of 300 edits were re-selected around the edit`);
    });

    it('equals a full re-selection on long documents whose quotes close within MAX_FIELD_LINES lines or not', () => {
      const r = rng(23);
      const patched = randomEdits(7, SPARSE_POOL, 6, 25, () => 600 + Math.floor(r() * 400));
      assert.ok(patched > 140, `only ${patched} of 150 edits were re-selected around the edit`);
    });

    it('reading in steps gives what one reading gives, whatever the step (quotes open where a step ends included)', () => {
      const r = rng(11);
      for (const pool of [CSV_POOL, SPARSE_POOL]) {
        for (let round = 0; round < 12; round++) {
          const lines = ['text,label', ...Array.from({ length: 50 + Math.floor(r() * 700) }, () => pool[Math.floor(r() * pool.length)])];
          const once = selectLines(lines.join('\n'), 'csv', { maxLength: 1000 });
          for (const step of [1, 3, 7, 64, 250]) {
            const steps = csvSelectionSteps(lines, { maxLength: 1000 }, step);
            let result = steps.next();
            while (!result.done) result = steps.next();
            assert.deepEqual(result.value, once, `round ${round}, steps of ${step} lines`);
          }
        }
      }
    });

    it('re-selects a 100,000-row CSV in steps: each a small part of reading it at once, the old selection kept until the last', () => {
      const lines = ['text,label', ...Array.from({ length: 100_000 }, (_, i) => `review number ${i} of the hotel,${i % 2 ? 'positive' : 'negative'}`)];
      const started = process.cpuUsage();
      const reference = fresh('csv', lines.join('\n'));
      const atOnce = cpuMs(started);
      const d = fresh('csv', 'text,label\nan older text,positive');
      lines[0] = 'text,label';
      const steps = d.reselectInSteps(lines.length, (line) => lines[line]);
      const times: number[] = [];
      for (;;) {
        const t0 = process.cpuUsage();
        const step = steps.next();
        times.push(cpuMs(t0));
        if (step.done) break;
        if (times.length === 50) assert.deepEqual(selection(d), [[1, 'an older text']], 'the old selection until the last step');
      }
      assert.deepEqual(csvSelection(d), csvSelection(reference));
      // Nearly every step a twentieth of reading it at once; the odd one that takes a garbage collection of the
      // heap with it still a small part of that (read at once, the one step is all of it).
      times.sort((a, b) => a - b);
      const p95 = times[Math.floor(times.length * 0.95)];
      const longest = times[times.length - 1];
      const figures = `${times.length} steps: p95 ${p95.toFixed(1)} ms, the longest ${longest.toFixed(1)} ms of CPU; at once ${atOnce.toFixed(0)} ms`;
      assert.ok(p95 < atOnce / 20 && longest < atOnce / 4, figures);
    });

    it('a quote being typed hides no later row, and closing it is re-selected around it too', () => {
      const { d, type } = typingAt(1500);
      type('"review number 1499,negative');
      assert.equal(d.at(2999)?.item.text, 'review number 2998', 'the rows after a stray quote are still scored');
      type('"review, number" 1499,negative');
      type('"review, number 1499",negative');
      assert.equal(d.at(1500)?.item.text, 'review, number 1499');
    });

    it('a header edited into data (and back) is re-selected around it, not in full', () => {
      const { d, type } = typingAt(0);
      type('tex,label');
      // No column is named "text" any more: the first row is data, scored like the others.
      assert.equal(d.at(0)?.item.text, 'tex');
      type('text,label');
      assert.equal(d.at(0), undefined);
    });

    it('re-selects a keystroke in a 100,000-row CSV around it, quotes and the header included (a full selection is the reference)', () => {
      const rows = Array.from({ length: 100_000 }, (_, i) => `this is review number ${i} of the hotel,${i % 3 ? 'positive' : 'negative'}`);
      const lines = ['text,label', ...rows];
      const started = process.cpuUsage();
      const d = fresh('csv', lines.join('\n'));
      const full = cpuMs(started);
      const times: number[] = [];
      const keystroke = (line: number, removed: number, texts: string[]): void => {
        const t0 = process.cpuUsage();
        d.noteEdit(line, removed, texts);
        assert.equal(d.reselectEdited(), true, `re-selected around line ${line}`);
        times.push(cpuMs(t0));
        lines.splice(line, removed, ...texts);
      };
      keystroke(50_000, 1, ['"this is review number 49999 of the hotel,negative']);
      keystroke(50_000, 1, ['"this is, review number 49999 of the hotel",negative']);
      keystroke(50_000, 1, ['"this is, review number', ' 49999 of the hotel",negative']);
      keystroke(50_000, 2, ['"this is, review number 49999 of the hotel",negative']);
      keystroke(10, 1, ['this is "review" number 9,positive']);
      keystroke(0, 1, ['text,label ']);
      keystroke(99_000, 1, ['"a quote that opens,positive']);
      // Against the full selection of the same run: each keystroke a small fraction of it.
      const worst = Math.max(...times);
      assert.ok(worst < full / 20, `keystrokes took ${times.map((t) => t.toFixed(1)).join(', ')} ms of CPU; a full selection ${full.toFixed(0)} ms`);
      assert.deepEqual(csvSelection(d), csvSelection(fresh('csv', lines.join('\n'))));
      assert.equal(d.scorable.length, 100_000 - 1); // the stray quote's own row is skipped
      assert.equal(d.at(75_000)?.item.text, 'this is review number 74999 of the hotel');
      assert.equal(d.at(50_000)?.item.text, 'this is, review number 49999 of the hotel');
    });
  });
});
