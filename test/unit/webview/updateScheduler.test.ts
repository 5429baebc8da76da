import * as assert from 'node:assert/strict';
import { UpdateScheduler } from '../../../src/webview/updateScheduler';
import { FakeClock } from './fakeClock';

describe('update scheduling while typing', () => {
  it('renders the first change at once, then at most once per 300 ms, and always the last one', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const s = new UpdateScheduler(() => runs.push(clock.now()), 300, clock);
    s.request();
    assert.deepEqual(runs, [1000], 'first change: immediately');
    for (let i = 0; i < 10; i++) {
      clock.advance(50);
      s.request();
    }
    // 500 ms of typing after the first render: one render at 1300, the trailing one at 1600.
    clock.advance(1000);
    assert.deepEqual(runs, [1000, 1300, 1600]);
  });

  it('renders immediately again after a quiet spell', () => {
    const clock = new FakeClock();
    let runs = 0;
    const s = new UpdateScheduler(() => runs++, 300, clock);
    s.request();
    clock.advance(1000);
    s.request();
    assert.equal(runs, 2);
  });

  it('flush() renders now and drops the pending render; cancel() drops it', () => {
    const clock = new FakeClock();
    let runs = 0;
    const s = new UpdateScheduler(() => runs++, 300, clock);
    s.request();
    s.request();
    s.flush();
    assert.equal(runs, 2);
    clock.advance(1000);
    assert.equal(runs, 2, 'the pending render was dropped');
    s.request();
    s.request();
    assert.equal(runs, 3, 'after a quiet spell the first request renders at once');
    s.cancel();
    clock.advance(1000);
    assert.equal(runs, 3, 'the cancelled trailing render never ran');
  });
});
