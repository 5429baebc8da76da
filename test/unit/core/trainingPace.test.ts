// core/trainingPace.ts: rows per second while reading, the time a phase has left, the training share done.
import * as assert from 'node:assert/strict';
import { PaceMeter, paceText, timeLeft, trainingFraction } from '../../../src/core/trainingPace';

describe('training pace', () => {
  it('gives rows per second and the reading time left from the share of the file read, once a second has passed', () => {
    let now = 0;
    const pace = new PaceMeter(() => now);
    assert.deepEqual(pace.observe({ phase: 'reading', rowsRead: 0 }), {});
    now = 500;
    assert.deepEqual(pace.observe({ phase: 'reading', rowsRead: 5000, readFraction: 0.05 }), {}, 'too early to tell');
    now = 4000;
    const p = pace.observe({ phase: 'reading', rowsRead: 100_000, readFraction: 0.25 });
    assert.equal(p.rowsPerSecond, 25_000);
    assert.equal(p.secondsLeft, 12, '4 s for a quarter: 12 s for the rest');
    assert.equal(paceText(p), '25,000 rows/s · about 12 s left');
    now = 5000;
    assert.equal(pace.observe({ phase: 'reading', rowsRead: 120_000 }).secondsLeft, undefined, 'a pipe has no size: no time left');
  });

  it('times the training phase from its own start, over every epoch and fit', () => {
    let now = 0;
    const pace = new PaceMeter(() => now);
    pace.observe({ phase: 'reading', rowsRead: 10 });
    now = 60_000;
    pace.observe({ phase: 'training', epoch: 1, epochs: 4, batch: 0, batches: 100 });
    now = 90_000;
    const p = pace.observe({ phase: 'training', epoch: 2, epochs: 4, batch: 50, batches: 100 });
    assert.equal(p.rowsPerSecond, undefined);
    assert.equal(p.secondsLeft, 50, '30 s for 1.5 of 4 epochs');
    assert.equal(paceText(p), 'about 50 s left');
    assert.equal(timeLeft(150), '3 min');
  });

  it('gives rows per second within a training epoch (a streamed epoch reads its rows as it trains), from that epoch\'s start', () => {
    let now = 0;
    const pace = new PaceMeter(() => now);
    pace.observe({ phase: 'training', epoch: 1, epochs: 2, batch: 0, batches: 1_000_000 });
    now = 20_000;
    pace.observe({ phase: 'training', epoch: 1, epochs: 2, loss: 0.5, epochEnd: true });
    pace.observe({ phase: 'training', epoch: 2, epochs: 2, batch: 0, batches: 1_000_000 });
    now = 20_500;
    assert.equal(pace.observe({ phase: 'training', epoch: 2, epochs: 2, batch: 20_000, batches: 1_000_000 }).rowsPerSecond, undefined, 'too early in the epoch');
    now = 24_000;
    const p = pace.observe({ phase: 'training', epoch: 2, epochs: 2, batch: 200_000, batches: 1_000_000 });
    assert.equal(p.rowsPerSecond, 50_000, '200,000 rows in the 4 s since epoch 2 began');
    assert.equal(paceText(p), `50,000 rows/s · about ${Math.ceil((24 * 0.4) / 0.6)} s left`);
  });

  it('splits training into the folds and the final fit under cross-fitting', () => {
    assert.equal(trainingFraction({ phase: 'training', epoch: 1, epochs: 2, epochEnd: true }), 0.5);
    assert.equal(trainingFraction({ phase: 'training', fold: 2, folds: 4, epoch: 1, epochs: 2, epochEnd: true }), 1.5 / 5);
    assert.equal(trainingFraction({ phase: 'training', refit: true, folds: 4, epoch: 2, epochs: 2, epochEnd: true }), 1);
    assert.equal(trainingFraction({ phase: 'reading', rowsRead: 5 }), 0);
  });
});
