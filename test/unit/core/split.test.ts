import * as assert from 'node:assert/strict';
import { findTooSmallClass, mulberry32, stratifiedSplit } from '../../../src/core/split';

describe('mulberry32', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
    assert.notEqual(mulberry32(43)(), xs[0]);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  });
});

describe('stratifiedSplit', () => {
  const y = [...Array(80).fill(0), ...Array(20).fill(1), ...Array(5).fill(2)];

  it('holds out round(n × testSize) of each class, at least one', () => {
    const { train, test } = stratifiedSplit(y, 3, 0.2, 42);
    const count = (rows: number[], k: number): number => rows.filter((i) => y[i] === k).length;
    assert.deepEqual([0, 1, 2].map((k) => count(test, k)), [16, 4, 1]);
    assert.deepEqual([0, 1, 2].map((k) => count(train, k)), [64, 16, 4]);
    assert.equal(new Set([...train, ...test]).size, y.length);
    assert.deepEqual(train, [...train].sort((a, b) => a - b));
  });

  it('is reproducible with the same seed and differs with another', () => {
    assert.deepEqual(stratifiedSplit(y, 3, 0.2, 42), stratifiedSplit(y, 3, 0.2, 42));
    assert.notDeepEqual(stratifiedSplit(y, 3, 0.2, 42).test, stratifiedSplit(y, 3, 0.2, 7).test);
  });

  it('refuses a class with fewer than two rows', () => {
    assert.deepEqual(findTooSmallClass([0, 0, 1, 2, 2], 3), { classIndex: 1, count: 1 });
    assert.equal(findTooSmallClass([0, 0, 1, 1], 2), undefined);
    assert.throws(() => stratifiedSplit([0, 0, 1], 2), RangeError);
  });
});
