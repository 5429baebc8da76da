import * as assert from 'node:assert/strict';
import { SCORING_BATCH, predictPackedInBatches, type Classifier } from '../../../src/core/classifier';

/** A classifier that scores each text by its length, records its calls, and runs `during` in each. */
function recording(during: (call: number) => void = () => undefined): { classifier: Classifier; calls: number[] } {
  const calls: number[] = [];
  const classifier = {
    kind: 'fast',
    labels: ['a', 'b'],
    predictPacked: async (texts: readonly string[]) => {
      calls.push(texts.length);
      during(calls.length);
      return Float32Array.from(texts.flatMap((t) => [t.length, -t.length]));
    },
  } as unknown as Classifier;
  return { classifier, calls };
}

describe('core/classifier: scoring many texts', () => {
  it('packs every text in its order, a batch at a time', async () => {
    const texts = Array.from({ length: 2 * SCORING_BATCH + 7 }, (_, i) => 'x'.repeat(i % 13));
    const { classifier, calls } = recording();
    const packed = await predictPackedInBatches(classifier, texts);
    assert.deepEqual(calls, [SCORING_BATCH, SCORING_BATCH, 7]);
    assert.deepEqual([...packed], texts.flatMap((t) => [t.length, -t.length]));
  });

  it('hears a cancel between batches (the validation and test rows of a large file took seconds after it)', async () => {
    const controller = new AbortController();
    const { classifier, calls } = recording((call) => {
      if (call === 2) controller.abort();
    });
    const texts = Array.from({ length: 20 * SCORING_BATCH }, () => 'text');
    await assert.rejects(predictPackedInBatches(classifier, texts, controller.signal), { name: 'AbortError' });
    assert.equal(calls.length, 2);
  });
});
