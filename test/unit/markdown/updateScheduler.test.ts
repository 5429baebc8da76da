import * as assert from 'node:assert/strict';
import { UpdateScheduler, type Clock } from '../../../src/preview/updateScheduler';

/** A clock the test moves by hand. */
class FakeClock implements Clock {
  time = 1000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time forward, firing due timers in order at their own time. */
  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

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
