import * as assert from 'node:assert/strict';
import { DataError } from '../../../src/core/dataError';
import { addressSpaceLimit, checkTrainingMemory, featureRowBytes, memoryAvailable, planTrainingPath, STREAM_FROM_BYTES, STREAMING_MEMORY, trainingMemoryNeed } from '../../../src/core/memoryBudget';

const MB = 2 ** 20;
const GB = 2 ** 30;

describe('memoryBudget (training refused before it reads data it cannot hold)', () => {
  it('estimates what a kind needs from the size of its data', () => {
    assert.deepEqual(trainingMemoryNeed('fast', 100 * MB), { heap: 250 * MB + 12 * MB, total: 1400 * MB + 64 * MB });
    assert.ok(trainingMemoryNeed('lstm', 10 * MB).heap > trainingMemoryNeed('fast', 10 * MB).heap);
  });

  it('refuses with the sizes and what to do, naming the file; passes what fits', () => {
    const roomy = { heap: 4 * GB, total: 16 * GB, heapLimit: 4 * GB };
    checkTrainingMemory('big.csv', 'fast', 500 * MB, roomy);
    assert.throws(
      () => checkTrainingMemory('big.csv', 'fast', 500 * MB, { heap: 600 * MB, total: 16 * GB, heapLimit: 640 * MB }),
      (e: DataError) =>
        e instanceof DataError &&
        e.code === 'too-large' &&
        e.file === 'big.csv' &&
        /fast model on 500 MB of data would need about 1\.2 GB of JavaScript heap, and the engine has 600 MB free of its 640 MB limit\. Train on a sample of the rows, or raise the limit \(setting neuralLens\.training\.maxMemoryMb/.test(e.message),
    );
    assert.throws(
      () => checkTrainingMemory('big.csv', 'lstm', 100 * MB, { heap: 4 * GB, total: 1 * GB, heapLimit: 4 * GB }),
      /lstm model on 100 MB of data would need about 3\.1 GB of memory, and 1\.0 GB is free\. Train on a sample of the rows or with the fast model, or free memory\./,
    );
  });

  it('reads an address-space limit (ulimit -v) from /proc/self/limits, and none when unlimited', () => {
    const limits = (value: string): string => `Limit                     Soft Limit           Hard Limit           Units\nMax address space         ${value}           unlimited            bytes\n`;
    assert.equal(addressSpaceLimit(limits('2684354560')), 2684354560);
    assert.equal(addressSpaceLimit(limits('unlimited')), undefined);
    assert.equal(addressSpaceLimit(undefined), undefined);
  });

  it('knows what this process has left', () => {
    const available = memoryAvailable();
    assert.ok(available.heap > 0 && available.heap < available.heapLimit);
    assert.ok(available.total > 0);
  });

  describe('the training path: held in memory, or streamed', () => {
    const roomy = { heap: 4 * GB, total: 16 * GB, heapLimit: 4 * GB };
    const fast = { kind: 'fast' as const, streamable: true, dim: 8 };

    it('holds a small file, streams one from STREAM_FROM_BYTES on, and one whose in-memory need is over the heap', () => {
      assert.deepEqual(planTrainingPath('a.csv', 10 * MB, fast, roomy), { path: 'in-memory' });
      assert.equal(planTrainingPath('a.csv', STREAM_FROM_BYTES, fast, roomy).path, 'streamed');
      const smallHeap = { heap: 40 * MB, total: 16 * GB, heapLimit: 48 * MB };
      assert.ok(trainingMemoryNeed('fast', 12 * MB).heap > smallHeap.heap);
      assert.equal(planTrainingPath('a.csv', 12 * MB, fast, smallHeap).path, 'streamed');
      // Forced either way; a network never streams, and neither does a run with corrections to merge.
      assert.equal(planTrainingPath('a.csv', 1 * MB, { ...fast, stream: true }, roomy).path, 'streamed');
      assert.deepEqual(planTrainingPath('a.csv', 100 * MB, { ...fast, stream: false }, roomy), { path: 'in-memory' });
      assert.deepEqual(planTrainingPath('a.csv', 100 * MB, { ...fast, kind: 'lstm', streamable: false }, roomy), { path: 'in-memory' });
      assert.throws(() => planTrainingPath('a.csv', 12 * MB, { ...fast, streamable: false }, smallHeap), (e: DataError) => e.code === 'too-large');
    });

    it('sizes the dictionary from the budget, and refuses when the heap cannot take even the streamed path', () => {
      const plan = planTrainingPath('a.csv', 500 * MB, { ...fast, budget: 512 * MB }, roomy);
      assert.deepEqual(plan, { path: 'streamed', maxFeatureRows: Math.floor((512 * MB - STREAMING_MEMORY.totalFixed) / featureRowBytes(8)) });
      const half = planTrainingPath('a.csv', 500 * MB, { ...fast, budget: 256 * MB }, roomy);
      assert.ok(half.path === 'streamed' && plan.path === 'streamed' && half.maxFeatureRows < plan.maxFeatureRows / 2);
      assert.throws(
        () => planTrainingPath('a.csv', 500 * MB, fast, { heap: 20 * MB, total: 16 * GB, heapLimit: 24 * MB }),
        (e: DataError) => e.code === 'too-large' && e.file === 'a.csv',
      );
      // A budget below what a worthwhile model takes gets that model when the machine has the memory; else refused.
      assert.deepEqual(planTrainingPath('a.csv', 500 * MB, { ...fast, budget: 130 * MB }, roomy), { path: 'streamed', maxFeatureRows: 100_000 });
      assert.throws(() => planTrainingPath('a.csv', 500 * MB, fast, { heap: 4 * GB, total: 100 * MB, heapLimit: 4 * GB }), (e: DataError) => e.code === 'too-large');
      // The budget never sends a small file that fits down the streamed path.
      assert.deepEqual(planTrainingPath('a.csv', 5 * MB, { ...fast, budget: 128 * MB }, roomy), { path: 'in-memory' });
    });
  });
});
