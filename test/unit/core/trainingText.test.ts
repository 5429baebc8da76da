import * as assert from 'node:assert/strict';
import { dashboardLink, progressText, shownOptions } from '../../../src/core/trainingText';

describe('core/trainingText: a running training in words', () => {
  it('names the phase, and while training the epoch, batch, loss and accuracy', () => {
    assert.equal(progressText({ phase: 'reading', rowsRead: 1200 }), 'reading the CSV (1200 rows)');
    assert.equal(progressText({ phase: 'reading' }), 'reading the CSV');
    assert.equal(progressText({ phase: 'saving' }), 'saving the model');
    const p = { phase: 'training' as const, epoch: 3, epochs: 10, batch: 7, batches: 20, loss: 0.41234, accuracy: 0.8312 };
    assert.equal(progressText(p), 'epoch 3/10 · batch 7/20 · loss 0.412 · accuracy 83.1%');
    assert.equal(progressText(p, true), 'epoch 3/10 · loss 0.412', 'the status bar leaves out batch and accuracy');
    // Cross-fitting: which fit is running.
    assert.equal(progressText({ ...p, fold: 2, folds: 5 }, true), 'fold 2/5 · epoch 3/10 · loss 0.412');
    assert.equal(progressText({ ...p, refit: true }, true), 'final fit on all rows · epoch 3/10 · loss 0.412');
    assert.deepEqual(shownOptions({ earlyStopping: false, patience: 4 }), { 'Early stopping': 'off', Patience: '4' });
  });

  it('passes every word through the translation function', () => {
    const upper = (message: string, ...args: Array<string | number>) => message.toUpperCase().replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
    assert.equal(progressText({ phase: 'training', epoch: 1, epochs: 2, loss: 1 }, false, upper), 'EPOCH 1/2 · LOSS 1.000');
    assert.deepEqual(shownOptions({ epochs: 5, seed: 42, textColumn: 'review' }, upper), { 'TEXT COLUMN': 'review', EPOCHS: '5', SEED: '42' });
    assert.equal(dashboardLink(upper), '[SHOW DASHBOARD](command:neuralLens.training.showDashboard)');
  });
});
