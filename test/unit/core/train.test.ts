import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classWeightsFor, runTraining } from '../../../src/core/train';
import { DataError } from '../../../src/core/csv';
import { loadBundle } from '../../../src/core/bundle';
import type { TrainProgress } from '../../../src/engine/protocol';
import { repoRoot as REPO } from '../../harness/paths';

const SAMPLE = path.join(REPO, 'samples/reviews.csv');
const FIXTURES = path.join(REPO, 'test/fixtures/csv');

describe('runTraining', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-train-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads, splits, trains, reports and saves the sample (three classes, English and Chinese)', async () => {
    const phases = new Set<string>();
    const out = path.join(root, 'model');
    const result = await runTraining({ data: SAMPLE, out, seed: 42 }, { onProgress: (p: TrainProgress) => phases.add(p.phase) });
    assert.deepEqual([...phases], ['reading', 'tokenising', 'training', 'evaluating', 'saving']);
    assert.equal(result.model, 'fast');
    assert.deepEqual(result.report.labels, ['negative', 'neutral', 'positive']);
    assert.equal(result.trainRows + result.testRows, fs.readFileSync(SAMPLE, 'utf8').trim().split('\n').length - 1);
    assert.ok(result.report.accuracy > 0.6, `accuracy ${result.report.accuracy}`);
    const { meta } = await loadBundle(out);
    assert.deepEqual(meta.report, result.report);
    assert.equal(meta.testRows, result.testRows);
  });

  it('is reproducible: the same seed gives the same report', async () => {
    const a = await runTraining({ data: SAMPLE, out: path.join(root, 'a'), seed: 7 });
    const b = await runTraining({ data: SAMPLE, out: path.join(root, 'b'), seed: 7 });
    assert.deepEqual(a.report, b.report);
  });

  it('names the label with too few rows for the split, and its line', async () => {
    await assert.rejects(
      runTraining({ data: path.join(FIXTURES, 'too-few-rows.csv'), out: path.join(root, 'm') }),
      (e: DataError) => e instanceof DataError && e.code === 'too-few-rows' && e.line === 6 && /"neutral" has only 1 row/.test(e.message),
    );
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('refuses data whose label count is not the classes the model was written for (outputClasses), before training', async () => {
    let trained = false;
    await assert.rejects(
      runTraining({ data: SAMPLE, out: path.join(root, 'm'), outputClasses: 2 }, { onProgress: (p) => (trained ||= p.phase === 'training') }),
      (e: DataError) => e instanceof DataError && e.code === 'class-count' && /2 outputs.*"label" has 3 labels \(negative, neutral, positive\)/.test(e.message),
    );
    assert.equal(trained, false);
    assert.deepEqual(fs.readdirSync(root), []);
    const ok = await runTraining({ data: SAMPLE, out: path.join(root, 'm3'), outputClasses: 3, epochs: 1 });
    assert.deepEqual(ok.report.labels, ['negative', 'neutral', 'positive']);
  });

  it('a cancelled run leaves nothing on disk', async () => {
    const controller = new AbortController();
    const out = path.join(root, 'm');
    await assert.rejects(
      runTraining({ data: SAMPLE, out, epochs: 1000 }, { signal: controller.signal, onProgress: (p) => p.phase === 'training' && controller.abort() }),
      { name: 'AbortError' },
    );
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('weights classes (sklearn "balanced") when they are imbalanced, under auto', () => {
    assert.equal(classWeightsFor([0, 0, 1, 1], 2), undefined);
    assert.deepEqual(classWeightsFor([0, 0, 0, 1], 2), [4 / 6, 4 / 2]);
    assert.deepEqual(classWeightsFor([0, 0, 1, 1], 2, 'on'), [1, 1]);
    assert.equal(classWeightsFor([0, 0, 0, 1], 2, 'off'), undefined);
  });
});
