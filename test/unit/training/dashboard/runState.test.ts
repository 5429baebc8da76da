import * as assert from 'node:assert/strict';
import type { TrainProgress } from '../../../../src/engine/protocol';
import type { DashboardRun } from '../../../../src/training/dashboard/protocol';
import { applyProgress, isMilestone, progressFraction } from '../../../../src/training/dashboard/runState';

const newRun = (): DashboardRun => ({
  id: 'r1',
  source: 'training',
  dataFile: '/w/reviews.csv',
  kind: 'lstm',
  startedAt: '2025-01-01T00:00:00.000Z',
  status: 'running',
  epochs: [],
});

describe('training run state', () => {
  it('keeps the latest live figures and adds one curve point per finished epoch', () => {
    const run = newRun();
    applyProgress(run, { phase: 'reading', rowsRead: 500 });
    assert.deepEqual(run.live, { phase: 'reading', rowsRead: 500 });
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 3, batch: 5, batches: 10, loss: 0.9, accuracy: 0.5 });
    assert.equal(run.epochs.length, 0);
    assert.equal(run.live?.rowsRead, 500, 'figures not in the event are kept');
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 3, loss: 0.7, accuracy: 0.6, valLoss: 0.8, valAccuracy: 0.55, epochEnd: true });
    applyProgress(run, { phase: 'training', epoch: 2, epochs: 3, loss: 0.5, accuracy: 0.7, valLoss: 0.6, valAccuracy: 0.65, epochEnd: true });
    assert.deepEqual(run.epochs, [
      { epoch: 1, loss: 0.7, accuracy: 0.6, valLoss: 0.8, valAccuracy: 0.55 },
      { epoch: 2, loss: 0.5, accuracy: 0.7, valLoss: 0.6, valAccuracy: 0.65 },
    ]);
    assert.equal(run.live?.epoch, 2);
    assert.equal(run.live?.loss, 0.5);
  });

  it('shows the pace of the moment: rows per second and time left, cleared when the next event has none', () => {
    const run = newRun();
    applyProgress(run, { phase: 'reading', rowsRead: 50_000, readFraction: 0.5 }, { rowsPerSecond: 25_000, secondsLeft: 2 });
    assert.deepEqual(run.live, { phase: 'reading', rowsRead: 50_000, rowsPerSecond: 25_000, secondsLeft: 2 });
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 3, batch: 0, batches: 10 });
    assert.equal(run.live?.rowsPerSecond, undefined);
    assert.equal(run.live?.secondsLeft, undefined);
  });

  it('under cross-fitting draws fold 1 as the curves, says which fit runs, and splits the progress between the fits', () => {
    const run = newRun();
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 4, loss: 0.7, valLoss: 0.6, epochEnd: true, fold: 1, folds: 5 });
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 4, loss: 0.8, valLoss: 0.7, epochEnd: true, fold: 2, folds: 5 });
    assert.deepEqual(run.live?.fold, 2);
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 3, loss: 0.5, epochEnd: true, refit: true, folds: 5 });
    assert.deepEqual(
      run.epochs.map((e) => [e.epoch, e.loss]),
      [[1, 0.7]],
      'only fold 1 is drawn',
    );
    assert.equal(run.live?.refit, true);
    assert.equal(run.live?.fold, undefined);
    applyProgress(run, { phase: 'evaluating' });
    assert.equal(run.live?.refit, true, 'a later phase leaves the last fit named');
    const f = (p: TrainProgress): number => progressFraction(p);
    const fold1 = f({ phase: 'training', epoch: 4, epochs: 4, epochEnd: true, fold: 1, folds: 5 });
    const fold5 = f({ phase: 'training', epoch: 4, epochs: 4, epochEnd: true, fold: 5, folds: 5 });
    const refit = f({ phase: 'training', epoch: 3, epochs: 3, epochEnd: true, refit: true, folds: 5 });
    assert.ok(Math.abs(fold1 - (0.1 + 0.8 / 6)) < 1e-12 && Math.abs(fold5 - (0.1 + (0.8 * 5) / 6)) < 1e-12, `${fold1} ${fold5}`);
    assert.ok(Math.abs(refit - 0.9) < 1e-12);
  });

  it('replaces an epoch reported twice instead of drawing it twice', () => {
    const run = newRun();
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 2, loss: 1, epochEnd: true });
    applyProgress(run, { phase: 'training', epoch: 1, epochs: 2, loss: 0.9, epochEnd: true });
    assert.deepEqual(
      run.epochs.map((e) => [e.epoch, e.loss]),
      [[1, 0.9]],
    );
  });

  it('computes an overall fraction that grows through the phases and the epochs', () => {
    const events: TrainProgress[] = [
      { phase: 'reading' },
      { phase: 'tokenising' },
      { phase: 'training', epoch: 1, epochs: 4, batch: 0, batches: 10 },
      { phase: 'training', epoch: 1, epochs: 4, batch: 5, batches: 10 },
      { phase: 'training', epoch: 1, epochs: 4, epochEnd: true },
      { phase: 'training', epoch: 4, epochs: 4, batch: 9, batches: 10 },
      { phase: 'training', epoch: 4, epochs: 4, epochEnd: true },
      { phase: 'evaluating' },
      { phase: 'saving' },
    ];
    const fractions = events.map(progressFraction);
    for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1], `${fractions}`);
    assert.equal(fractions[0], 0);
    assert.ok(Math.abs(fractions[3] - (0.1 + 0.8 * (0.5 / 4))) < 1e-9);
    assert.ok(Math.abs(fractions[6] - 0.9) < 1e-9);
    assert.ok(fractions.every((f) => f >= 0 && f <= 1));
  });

  it('treats epoch ends and phase changes as milestones, batches as throttleable', () => {
    const batch: TrainProgress = { phase: 'training', epoch: 1, epochs: 2, batch: 3, batches: 9 };
    assert.equal(isMilestone(batch, undefined), true);
    assert.equal(isMilestone(batch, { phase: 'tokenising' }), true);
    assert.equal(isMilestone(batch, { ...batch, batch: 2 }), false);
    assert.equal(isMilestone({ ...batch, epochEnd: true }, batch), true);
  });
});
