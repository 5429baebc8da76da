import * as assert from 'node:assert/strict';
import type { Prediction } from '../../../../src/engine/protocol';
import { LruCache } from '../../../../src/core/lru';
import { DocumentSentiment } from '../../../../src/core/sentiment/documentSentiment';
import { runPass } from '../../../../src/core/sentiment/scoringPass';
import { entriesIn, planDecorations, summarize } from '../../../../src/core/sentiment/decorationPlan';

const LABELS = ['negative', 'positive'];

/**
 * A stand-in for the worker that records every request. The real model is exercised by the integration
 * tests and the benchmark; here the point is what the pass asks for and what the document keeps.
 */
function recordingScorer() {
  const requests: string[][] = [];
  const score = async (texts: string[]): Promise<Prediction[]> => {
    requests.push(texts);
    return texts.map((t) => {
      const p = /good|love/.test(t) ? 0.9 : /meh/.test(t) ? 0.55 : 0.2;
      return { label: p >= 0.5 ? 'positive' : 'negative', confidence: Math.max(p, 1 - p), probabilities: [1 - p, p] };
    });
  };
  return { requests, score };
}

function doc(kind: 'markdown' | 'plaintext' | 'csv' = 'markdown', cache = new LruCache<string, Prediction>(1000)) {
  return new DocumentSentiment(kind, { maxLength: 1000 }, cache);
}

describe('sentiment/documentSentiment + pass + plan', () => {
  it('scores the first lines in their own request, then the rest in batches, each text once', async () => {
    const d = doc('plaintext');
    d.reselect(['good 0', 'bad 1', 'good 2', 'bad 3', 'good 0', 'bad 5', 'bad 6'].join('\n'));
    const { requests, score } = recordingScorer();
    const priorities: boolean[] = [];
    const result = await runPass(d, score, { first: (i) => i.line >= 5, batchSize: 2, onBatch: (p) => priorities.push(p) });
    // The second 'good 0' (line 4) is answered from the first one's result: no fourth request.
    assert.deepEqual(requests, [
      ['bad 5', 'bad 6'],
      ['good 0', 'bad 1'],
      ['good 2', 'bad 3'],
    ]);
    assert.deepEqual(priorities, [true, false, false]);
    assert.equal(result.completed, true);
    assert.equal(result.scored, 6);
    assert.equal(d.at(4)?.prediction?.label, 'positive');
    assert.equal(d.unscored().length, 0);
  });

  it('after an edit, re-scores only the changed line, and keeps results of lines that moved', async () => {
    const d = doc('markdown');
    d.reselect('# Title\n\nI love it\n\nIt is bad\n');
    const { requests, score } = recordingScorer();
    await runPass(d, score, { batchSize: 100 });
    assert.deepEqual(requests, [['I love it', 'It is bad']]);
    // A line inserted above moves both; only the new line needs the model.
    d.reselect('# Title\n\nNew good line\n\nI love it\n\nIt is bad\n');
    await runPass(d, score, { batchSize: 100 });
    assert.deepEqual(requests[1], ['New good line']);
    assert.equal(d.at(4)?.prediction?.label, 'positive');
    assert.equal(d.at(6)?.prediction?.label, 'negative');
  });

  it('takes the keystroke fast path for prose, and refuses it for structure', async () => {
    const d = doc('markdown');
    d.reselect('Some good text\n\n```\ncode line\n```\n');
    assert.equal(d.patchLine(0, 'Some bad text'), true);
    assert.deepEqual(d.unscored().map((i) => [i.line, i.text]), [[0, 'Some bad text']]);
    assert.equal(d.pendingCount, 1);
    assert.equal(d.patchLine(3, 'code line edited'), true, 'a line inside a fence stays skipped');
    assert.equal(d.at(3), undefined);
    assert.equal(d.patchLine(0, '# Some bad text'), false, 'becoming a heading needs a reselect');
    assert.equal(d.at(0)?.item.text, 'Some bad text', 'a refused patch changes nothing');
  });

  it('a plain-text line emptied by an edit is dropped, and comes back when text returns', () => {
    const d = doc('plaintext');
    d.reselect('one\ntwo\nthree');
    assert.equal(d.patchLine(1, '   '), true);
    assert.deepEqual(d.scorable.map((i) => i.line), [0, 2]);
    assert.equal(d.patchLine(1, 'two again'), true);
    assert.deepEqual(d.scorable.map((i) => i.line), [0, 1, 2]);
  });

  it('patches a CSV cell in place but not in the head, the header or a quoted field', () => {
    const d = doc('csv');
    // Longer than the head the separator is found in (64 KB), so that its later rows are patched in place.
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 2 ? 'good' : 'bad'} stuff ${i},${i % 2 ? 'positive' : 'negative'}`);
    d.reselect(['text,label', ...rows].join('\n'));
    assert.equal(d.patchLine(4500, 'worse stuff,negative'), true);
    assert.equal(d.at(4500)?.item.text, 'worse stuff');
    assert.equal(d.patchLine(0, 'review,label'), false);
    assert.equal(d.patchLine(4600, '"good, stuff",positive'), false);
    // The head decides the separator and the column: an edit there has them decided again (reselectEdited), not patched.
    assert.equal(d.patchLine(2, 'worse stuff,negative'), false);
  });

  it('shares results through the cache across documents, and forgets them on clearResults', async () => {
    const cache = new LruCache<string, Prediction>(1000);
    const a = doc('plaintext', cache);
    const b = doc('plaintext', cache);
    const { requests, score } = recordingScorer();
    a.reselect('good one\nbad one');
    await runPass(a, score, { batchSize: 10 });
    b.reselect('bad one\nnew one');
    assert.deepEqual(b.unscored().map((i) => i.text), ['new one']);
    assert.equal(a.pendingCount, 0);
    a.clearResults();
    assert.equal(a.unscored().length, 2);
    assert.equal(a.pendingCount, 2);
    assert.equal(requests.length, 1);
  });

  it('a result for a line edited meanwhile only feeds the cache', () => {
    const d = doc('plaintext');
    d.reselect('good old text');
    const stale = d.scorable[0];
    d.patchLine(0, 'bad new text');
    d.accept([stale], [{ label: 'positive', confidence: 0.9, probabilities: [0.1, 0.9] }]);
    assert.equal(d.at(0)?.prediction, undefined);
  });

  it('stops between batches when cancelled', async () => {
    const d = doc('plaintext');
    d.reselect('a1\na2\na3\na4');
    const { requests, score } = recordingScorer();
    let calls = 0;
    const result = await runPass(d, score, { batchSize: 1, cancelled: () => ++calls > 2 });
    assert.equal(result.completed, false);
    assert.equal(requests.length, 2);
  });

  it('plans one list per colour class, hides low confidence, counts labels and pending lines', async () => {
    const d = doc('plaintext');
    d.reselect('good a\nbad b\nmeh c\nlove d\nunscored e');
    const { score } = recordingScorer();
    await runPass(d, score, { batchSize: 10, wanted: (i) => i.line < 4 });
    const plan = planDecorations(d, { minConfidence: 0.6 });
    assert.deepEqual(
      plan.byClass.positive.map((p) => [p.line, p.character, p.text]),
      [
        [0, 6, '● positive 90%'],
        [3, 6, '● positive 90%'],
      ],
    );
    assert.deepEqual(plan.byClass.negative.map((p) => [p.line, p.text]), [[1, '● negative 80%']]);
    assert.equal(plan.byClass.neutral.length + plan.byClass.other.length, 0);
    const summary = summarize(d, { labels: LABELS, minConfidence: 0.6 });
    assert.equal(summary.uncertain, 1, '"meh" is 55%');
    assert.equal(summary.pending, 1);
    assert.deepEqual(summary.counts, [
      { label: 'negative', count: 1 },
      { label: 'positive', count: 2 },
    ]);
    const onlyFirst = planDecorations(d, { minConfidence: 0.6, spans: [[0, 0]] });
    assert.equal(onlyFirst.byClass.positive.length, 1);
    assert.equal(onlyFirst.byClass.negative.length, 0);
    assert.deepEqual(summarize(d, { labels: LABELS, minConfidence: 0.6, spans: [[1, 2]] }), { counts: [{ label: 'negative', count: 1 }, { label: 'positive', count: 0 }], uncertain: 1, pending: 0 });
  });

  it('plans only the spans it is given, overlapping ones once, and counts the whole document without spans', async () => {
    const d = doc('plaintext');
    d.reselect(Array.from({ length: 10 }, (_, i) => `good ${i}`).join('\n'));
    await runPass(d, recordingScorer().score, { batchSize: 100 });
    const plan = planDecorations(d, { minConfidence: 0.6, spans: [[3, 5], [4, 6], [9, 20]] });
    assert.deepEqual(plan.byClass.positive.map((p) => p.line), [3, 4, 5, 6, 9]);
    assert.deepEqual(summarize(d, { labels: LABELS, minConfidence: 0.6 }).counts, [
      { label: 'negative', count: 0 },
      { label: 'positive', count: 10 },
    ]);
  });

  it('a span over part of a multi-line CSV cell includes that cell once', () => {
    const d = doc('csv');
    d.reselect('text,label\n"good\nand long",positive\nshort one,negative\n');
    assert.deepEqual(entriesIn(d, [[1, 1]]).map((i) => i.line), [2]);
    assert.deepEqual(entriesIn(d, [[1, 1], [2, 3]]).map((i) => i.line), [2, 3]);
  });

  it('finds the record of a line inside a multi-line CSV cell', () => {
    const d = doc('csv');
    d.reselect('text,label\n"good\nand long",positive\n');
    assert.equal(d.at(1)?.item.line, 2);
    assert.equal(d.at(2)?.item.text, 'good and long');
    assert.equal(d.at(0), undefined);
  });
  it('keeps the whole document\'s counts up to date through edits, results and cleared results, as a count over every line gives them', async () => {
    let seed = 3;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 8) % n;
    const pool = ['good room', 'bad food', 'meh view', 'love it', 'awful', '', '# heading', 'so good', 'not bad, meh'];
    const d = doc('plaintext');
    let lines = Array.from({ length: 60 }, () => pool[random(pool.length)]);
    d.reselect(lines.join('\n'));
    const { score } = recordingScorer();
    const everyLine = (): unknown => summarize(d, { labels: LABELS, minConfidence: 0.6, spans: [[0, lines.length]] });
    for (let step = 0; step < 200; step++) {
      const op = random(10);
      if (op < 4) {
        const line = random(lines.length);
        lines[line] = pool[random(pool.length)];
        if (!d.patchLine(line, lines[line])) d.noteEdit(line, 1, [lines[line]]);
      } else if (op < 6) {
        const from = random(lines.length + 1);
        const removed = Math.min(lines.length - from, random(3));
        const texts = Array.from({ length: random(3) }, () => pool[random(pool.length)]);
        lines = [...lines.slice(0, from), ...texts, ...lines.slice(from + removed)];
        d.noteEdit(from, removed, texts);
      } else if (op < 8) {
        if (!d.reselectEdited()) d.reselect(lines.join('\n'));
        await runPass(d, score, { batchSize: 1 + random(8), cancelled: () => random(3) === 0 });
      } else if (op === 8) d.clearResults();
      else d.reselect(lines.join('\n'));
      if (d.hasEdits) continue;
      // The kept counts against a walk over every line (spans make summarize walk).
      assert.deepEqual(summarize(d, { labels: LABELS, minConfidence: 0.6 }), everyLine(), `step ${step}`);
    }
  });
});
