import * as assert from 'node:assert/strict';
import { LruCache } from '../../../src/core/lru';

describe('core/lru', () => {
  it('evicts the least recently used entry when full', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3);
    assert.equal(lru.has('b'), false);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.equal(lru.size, 2);
  });

  it('peek does not change the order', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.peek('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.has('a'), false);
  });

  it('re-setting a key refreshes it and replaces the value', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('a', 10);
    lru.set('c', 3);
    assert.equal(lru.get('a'), 10);
    assert.equal(lru.has('b'), false);
  });

  it('clear empties it; a bad capacity is refused', () => {
    const lru = new LruCache<string, number>(3);
    lru.set('a', 1);
    lru.clear();
    assert.equal(lru.size, 0);
    assert.equal(lru.get('a'), undefined);
    assert.throws(() => new LruCache(0), RangeError);
    assert.throws(() => new LruCache(1.5), RangeError);
  });

  it('with a weight budget, evicts the least recently used until the weights fit, and keeps no entry heavier than the budget', () => {
    const evicted: string[] = [];
    const lru = new LruCache<string, string>(100, (key) => evicted.push(key), { maxWeight: 10, weigh: (_, value) => value.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'xxxx');
    assert.equal(lru.get('a'), 'xxxx'); // b is now the oldest
    lru.set('c', 'xxxx');
    assert.deepEqual(evicted, ['b']);
    assert.equal(lru.weight, 8);
    lru.set('a', 'x'); // replacing an entry replaces its weight
    assert.equal(lru.weight, 5);
    lru.set('huge', 'x'.repeat(11));
    assert.equal(lru.has('huge'), false);
    assert.deepEqual(evicted, ['b']);
    lru.delete('c');
    assert.equal(lru.weight, 1);
    lru.clear();
    assert.equal(lru.weight, 0);
  });
});
