// Which rows validate a run (core/validation.ts), and the run that follows the plan (core/calibratedFit.ts
// through runTraining): cross-fitting on small data, a holdout on larger data, validation always from the
// training rows, also when a test file is given.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBundleMeta } from '../../../src/core/bundle';
import { stratifiedFolds } from '../../../src/core/split';
import { runTraining } from '../../../src/core/train';
import type { TrainProgress } from '../../../src/core/trainTypes';
import { CROSS_FIT_FOLDS, DEFAULT_VALIDATION_SPLIT, isCurvePoint, planValidation } from '../../../src/core/validation';
import { MODEL_REGISTRY } from '../../../src/core/modelKinds';
import { repoRoot as REPO } from '../../harness/paths';

const SAMPLE = path.join(REPO, 'samples/reviews.csv');

describe('validation plan', () => {
  const balanced = (n: number): number[] => Array.from({ length: n }, (_, i) => i % 2);

  it('cross-fits the fast model on small data, holds out 10% on larger data and for lstm/cnn', () => {
    const limit = MODEL_REGISTRY.fast.crossFitMaxRows!;
    assert.deepEqual(planValidation('fast', balanced(limit), 2), { strategy: 'cross-fit', folds: CROSS_FIT_FOLDS });
    assert.deepEqual(planValidation('fast', balanced(limit + 1), 2), { strategy: 'holdout', fraction: DEFAULT_VALIDATION_SPLIT });
    assert.deepEqual(planValidation('lstm', balanced(100), 2), { strategy: 'holdout', fraction: DEFAULT_VALIDATION_SPLIT });
    assert.deepEqual(planValidation('cnn', balanced(100), 2), { strategy: 'holdout', fraction: DEFAULT_VALIDATION_SPLIT });
    // A class too small to be in every fold: a holdout instead.
    assert.deepEqual(planValidation('fast', [...balanced(100), 2, 2, 2, 2], 3), { strategy: 'holdout', fraction: DEFAULT_VALIDATION_SPLIT });
    // A split the user gives is a holdout of that share; 0 is none.
    assert.deepEqual(planValidation('fast', balanced(100), 2, 0.25), { strategy: 'holdout', fraction: 0.25 });
    assert.deepEqual(planValidation('fast', balanced(100), 2, 0), { strategy: 'none' });
  });

  it('deals stratified folds: every row once, sizes within one, each class spread evenly', () => {
    const y = [...Array(53).fill(0), ...Array(21).fill(1)];
    const folds = stratifiedFolds(y, 2, 5, 7);
    assert.equal(folds.length, 5);
    assert.deepEqual(folds.flat().sort((a, b) => a - b), y.map((_, i) => i));
    const sizes = folds.map((f) => f.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    for (const f of folds) {
      const ones = f.filter((i) => y[i] === 1).length;
      assert.ok(ones === 4 || ones === 5, `class 1 in a fold: ${ones}`);
    }
    assert.deepEqual(stratifiedFolds(y, 2, 5, 7), folds, 'seeded');
    assert.notDeepEqual(stratifiedFolds(y, 2, 5, 8), folds);
  });

  it('draws fold 1 (or the single fit) as the curves, never the refit', () => {
    assert.equal(isCurvePoint({ phase: 'training', epoch: 1, epochEnd: true }), true);
    assert.equal(isCurvePoint({ phase: 'training', epoch: 1, epochEnd: true, fold: 1, folds: 5 }), true);
    assert.equal(isCurvePoint({ phase: 'training', epoch: 1, epochEnd: true, fold: 2, folds: 5 }), false);
    assert.equal(isCurvePoint({ phase: 'training', epoch: 1, epochEnd: true, refit: true }), false);
    assert.equal(isCurvePoint({ phase: 'training', epoch: 1, batch: 3 }), false);
  });
});

describe('validated, calibrated training runs', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-validation-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('cross-fits the sample: five folds with progress, a refit for their median best epoch, T from all rows', async () => {
    const progress: TrainProgress[] = [];
    const out = path.join(root, 'm');
    const result = await runTraining({ data: SAMPLE, out }, { onProgress: (p) => progress.push(p) });
    assert.equal(result.validation.strategy, 'cross-fit');
    assert.equal(result.validation.folds, 5);
    assert.equal(result.validationRows, result.trainRows, 'every training row validates once, out of fold');
    assert.equal(result.trainRows + result.testRows, 282);
    assert.equal(result.fit.stopReason, 'cross-fit');
    const folds = result.fit.foldBestEpochs!;
    assert.equal(folds.length, 5);
    assert.equal(result.fit.bestEpoch, [...folds].sort((a, b) => a - b)[2]);
    assert.equal(result.calibration.fittedOn, 'cross-fit');
    assert.equal(result.calibration.rows, result.trainRows);
    assert.ok(result.calibration.temperature > 0 && result.calibration.temperature !== 1);
    // Progress names the fold, then the refit, whose epochs are the median.
    assert.deepEqual([...new Set(progress.filter((p) => p.fold).map((p) => `${p.fold}/${p.folds}`))], ['1/5', '2/5', '3/5', '4/5', '5/5']);
    const refitEnds = progress.filter((p) => p.refit && p.epochEnd);
    assert.equal(refitEnds.length, result.fit.bestEpoch);
    assert.ok(refitEnds.every((p) => p.valLoss === undefined), 'the refit has no validation rows');
    // The report's calibration is on the test rows.
    assert.equal(result.reliability.rows, result.testRows);
    const meta = await readBundleMeta(out);
    assert.deepEqual(meta.calibration, result.calibration);
    assert.deepEqual(meta.fit, result.fit);
    assert.equal(meta.training.validation, 'cross-fit');
  });

  it('holds out validation rows from the training file, also when a test file is given', async () => {
    const test = path.join(root, 'test.csv');
    const lines = fs.readFileSync(SAMPLE, 'utf8').trim().split('\n');
    fs.writeFileSync(test, [lines[0], ...lines.slice(1, 61)].join('\n') + '\n');
    const result = await runTraining({ data: SAMPLE, test, out: path.join(root, 'm'), validationSplit: 0.2 });
    assert.equal(result.validation.strategy, 'holdout');
    assert.equal(result.testRows, 60);
    assert.equal(result.trainRows + result.validationRows, 282, 'validation came out of the training file');
    assert.ok(Math.abs(result.validationRows - 0.2 * 282) <= 3, `${result.validationRows} validation rows`);
    assert.equal(result.calibration.fittedOn, 'holdout');
    assert.equal(result.calibration.rows, result.validationRows);
    assert.ok(['patience', 'max-epochs'].includes(result.fit.stopReason));
  });

  it('without validation rows: every epoch, T = 1', async () => {
    const result = await runTraining({ data: SAMPLE, out: path.join(root, 'm'), validationSplit: 0, epochs: 3 });
    assert.deepEqual(result.validation, { strategy: 'none', rows: 0 });
    assert.deepEqual(result.calibration, { temperature: 1, fittedOn: 'none', rows: 0 });
    assert.deepEqual([result.fit.epochsRun, result.fit.bestEpoch, result.fit.stopReason], [3, 3, 'no-validation']);
  });
});
