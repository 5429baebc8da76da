import * as assert from 'node:assert/strict';
import { fitTemperature, nllAt } from '../../../src/core/calibration';
import { EarlyStopping } from '../../../src/core/earlyStopping';
import { trainFast } from '../../../src/core/fast/train';
import { mulberry32 } from '../../../src/core/split';
import type { TrainProgress } from '../../../src/core/trainTypes';

/** Logits for 100 two-class rows of which `right` are predicted right, each with a margin of 2. */
function epochScores(right: number): { logits: Float64Array; y: number[] } {
  const y = Array.from({ length: 100 }, (_, i) => i % 2);
  const logits = new Float64Array(200);
  y.forEach((label, i) => {
    const predicted = i < right ? label : 1 - label;
    logits[i * 2 + predicted] = 2;
  });
  return { logits, y };
}

/**
 * A set that overfits: each text is a unique id word plus one of two cue words that agree with the label
 * on 70% of the rows. The ids let the model memorise the training rows; only the cues generalise.
 */
function overfittingSet(n: number, seed: number, offset: number): { texts: string[]; y: number[] } {
  const random = mulberry32(seed);
  const texts: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = random() < 0.5 ? 0 : 1;
    const cue = random() < 0.7 ? label : 1 - label;
    texts.push(`row${offset + i} item${offset + i} ${cue ? 'fine' : 'poor'}`);
    y.push(label);
  }
  return { texts, y };
}

describe('early stopping', () => {
  it('tracks the best epoch by calibrated validation loss, stops after `patience` worse epochs', () => {
    const stopping = new EarlyStopping({ patience: 2, enabled: true });
    const verdicts = [60, 80, 90, 85, 70, 95].map((right, i) => {
      const { logits, y } = epochScores(right);
      return stopping.observe(i + 1, logits, 2, y);
    });
    assert.deepEqual(
      verdicts.map((v) => v.improved),
      [true, true, true, false, false, true],
    );
    assert.deepEqual(
      verdicts.map((v) => v.stop),
      [false, false, false, false, true, false],
    );
    // The loss is the NLL at the temperature fitted on the epoch's scores.
    const { logits, y } = epochScores(90);
    assert.ok(Math.abs(verdicts[2].loss - nllAt(logits, 2, y, fitTemperature(logits, 2, y))) < 1e-12);
    assert.ok(verdicts[2].temperature > 0);
    // Had the trainer stopped at epoch 5 (as told), it restores epoch 3.
    const stopped = new EarlyStopping({ patience: 2, enabled: true });
    [60, 80, 90, 85, 70].forEach((right, i) => stopped.observe(i + 1, epochScores(right).logits, 2, epochScores(right).y));
    assert.deepEqual(stopped.outcome(5), { epochsRun: 5, bestEpoch: 3, stopReason: 'patience', validationLoss: verdicts[2].loss });
    assert.equal(stopped.restores(5), true);
  });

  it('says why it ended: max epochs, no validation rows, or switched off', () => {
    const all = new EarlyStopping({ patience: 3, enabled: true });
    [60, 70, 80].forEach((right, i) => all.observe(i + 1, epochScores(right).logits, 2, epochScores(right).y));
    assert.equal(all.outcome(3).stopReason, 'max-epochs');
    assert.equal(all.restores(3), false);
    assert.deepEqual(new EarlyStopping({ patience: 3, enabled: true }).outcome(4), { epochsRun: 4, bestEpoch: 4, stopReason: 'no-validation' });
    const off = new EarlyStopping({ patience: 1, enabled: false });
    const v = [90, 60, 50].map((right, i) => off.observe(i + 1, epochScores(right).logits, 2, epochScores(right).y));
    assert.ok(v.every((x) => !x.stop && (x.improved === false)), 'switched off: never stops, never asks for a snapshot');
    assert.deepEqual(off.outcome(3), { epochsRun: 3, bestEpoch: 3, stopReason: 'disabled' });
  });

  it('the fast model restores the best epoch on a set that overfits', async () => {
    const train = overfittingSet(600, 1, 0);
    const validation = overfittingSet(300, 2, 10_000);
    const ends: TrainProgress[] = [];
    const { model, fit } = await trainFast({
      train,
      validation,
      labels: ['negative', 'positive'],
      options: { epochs: 40, lr: 0.5, dim: 8, threads: 1, patience: 3, decay: 'constant' },
      onProgress: (p) => p.epochEnd && ends.push(p),
    });
    assert.equal(fit.stopReason, 'patience');
    assert.ok(fit.epochsRun < 40, `stopped after ${fit.epochsRun} epochs`);
    assert.equal(ends.length, fit.epochsRun);
    const losses = ends.map((e) => e.valLoss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    assert.equal(fit.bestEpoch, best);
    assert.ok(fit.bestEpoch < fit.epochsRun, 'the last epoch is not the best one');
    assert.ok(losses[fit.epochsRun - 1] > losses[best - 1], 'later epochs are worse: it overfits');
    // The model returned is the best epoch's: its calibrated validation loss is that epoch's.
    const logits = new Float64Array(validation.texts.length * 2);
    validation.texts.forEach((t, i) => model.logitsInto(t, logits.subarray(i * 2, i * 2 + 2)));
    const loss = nllAt(logits, 2, validation.y, fitTemperature(logits, 2, validation.y));
    assert.ok(Math.abs(loss - losses[best - 1]) < 1e-6, `restored loss ${loss}, best epoch's ${losses[best - 1]}`);
    assert.equal(model.trainedWith?.bestEpoch, best);
  });
});
