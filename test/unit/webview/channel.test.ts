import * as assert from 'node:assert/strict';
import { ACKNOWLEDGE_TIMEOUT_MS, WebviewChannel, type ChannelOptions } from '../../../src/webview/channel';
import { FakeClock } from './fakeClock';

type Message = { type: 'state'; n: number } | { type: 'scroll'; line: number } | { type: 'reply'; id: number };

/** A channel whose page is an array, and whose snapshot is a counter the test moves. */
function setup(options: Partial<ChannelOptions<Message>> = {}) {
  const clock = new FakeClock();
  const delivered: Message[] = [];
  let n = 0;
  const channel = new WebviewChannel<Message>({
    deliver: (m) => delivered.push(m),
    snapshot: (send) => void send({ type: 'state', n: n++ }),
    throttleMs: 300,
    unloadsWhenHidden: true,
    supersedeKey: (m) => (m.type === 'scroll' ? 'scroll' : undefined),
    clock,
    ...options,
  });
  return { channel, clock, delivered, states: () => delivered.filter((m) => m.type === 'state').length };
}

describe('webview channel', () => {
  it('sends nothing before the page is ready: messages wait, snapshots are not built', () => {
    const { channel, delivered } = setup();
    channel.post({ type: 'reply', id: 1 });
    channel.refresh();
    channel.refreshNow();
    assert.deepEqual(delivered, []);
    assert.equal(channel.queued, 1);
    channel.pageReady();
    assert.deepEqual(delivered, [
      { type: 'reply', id: 1 },
      { type: 'state', n: 0 },
    ]);
    assert.equal(channel.queued, 0);
  });

  it('keeps only the newest queued message of a key, and every message without one', () => {
    const { channel, delivered } = setup();
    channel.post({ type: 'scroll', line: 1 });
    channel.post({ type: 'reply', id: 1 });
    channel.post({ type: 'scroll', line: 2 });
    channel.post({ type: 'reply', id: 2 });
    channel.post({ type: 'scroll', line: 3 });
    channel.pageReady();
    assert.deepEqual(delivered.slice(0, 3), [
      { type: 'reply', id: 1 },
      { type: 'reply', id: 2 },
      { type: 'scroll', line: 3 },
    ]);
  });

  it('delivers at once when ready, and queues again once the page is hidden and unloaded', () => {
    const { channel, delivered } = setup();
    channel.pageReady();
    channel.post({ type: 'scroll', line: 1 });
    assert.deepEqual(delivered.at(-1), { type: 'scroll', line: 1 });
    channel.visibilityChanged(false);
    assert.equal(channel.isReady, false);
    channel.post({ type: 'scroll', line: 2 });
    channel.refreshNow();
    assert.equal(delivered.length, 2, 'nothing reaches an unloaded page');
    channel.visibilityChanged(true);
    assert.equal(channel.isReady, false, 'shown again, it is ready only once it says so');
    channel.pageReady();
    assert.deepEqual(delivered.slice(2), [
      { type: 'scroll', line: 2 },
      { type: 'state', n: 1 },
    ]);
  });

  it('stays ready while hidden when the page is retained', () => {
    const { channel, delivered } = setup({ unloadsWhenHidden: false });
    channel.pageReady();
    channel.visibilityChanged(false);
    channel.post({ type: 'reply', id: 7 });
    assert.deepEqual(delivered.at(-1), { type: 'reply', id: 7 });
  });

  it('builds the first snapshot of a burst at once, then at most one per interval, and always the last', () => {
    const { channel, clock, states } = setup();
    channel.pageReady();
    assert.equal(states(), 1);
    clock.advance(1000);
    channel.refresh();
    assert.equal(states(), 2, 'first change after a quiet spell: at once');
    for (let i = 0; i < 10; i++) {
      clock.advance(50);
      channel.refresh();
    }
    assert.equal(states(), 3, 'one more after 300 ms, while changes stream in');
    clock.advance(1000);
    assert.equal(states(), 4, 'the trailing one');
    channel.refreshNow();
    assert.equal(states(), 5, 'refreshNow does not wait');
  });

  it('with flow control, holds the next snapshot until the page has drawn the last', () => {
    const { channel, clock, states } = setup({ awaitAcknowledge: true });
    channel.pageReady();
    assert.equal(states(), 1);
    clock.advance(1000);
    channel.refreshNow();
    channel.refresh();
    clock.advance(1000);
    assert.equal(states(), 1, 'nothing while one is in flight');
    channel.acknowledge();
    assert.equal(states(), 2, 'the change owed goes out once drawn');
    channel.acknowledge();
    clock.advance(1000);
    assert.equal(states(), 2, 'nothing owed, nothing sent');
    channel.refresh();
    assert.equal(states(), 3);
  });

  it('with flow control, a page that never acknowledges holds the next snapshot back for ACKNOWLEDGE_TIMEOUT_MS only', () => {
    const { channel, clock, states } = setup({ awaitAcknowledge: true });
    channel.pageReady();
    channel.refresh();
    clock.advance(ACKNOWLEDGE_TIMEOUT_MS - 1);
    assert.equal(states(), 1, 'held while the acknowledgement may still come');
    clock.advance(1);
    assert.equal(states(), 2, 'the change owed goes out once the wait is over');
    // An acknowledgement in time stops the wait: nothing more is sent for it.
    channel.acknowledge();
    clock.advance(ACKNOWLEDGE_TIMEOUT_MS * 2);
    assert.equal(states(), 2);
  });

  it('does not deliver a snapshot built for a page that went away meanwhile', async () => {
    let release: () => void = () => undefined;
    const results: boolean[] = [];
    const { channel, delivered } = setup({
      snapshot: async (send) => {
        await new Promise<void>((r) => (release = r));
        results.push(send({ type: 'state', n: 0 }));
      },
    });
    channel.pageReady();
    channel.pageLost();
    release();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(results, [false]);
    assert.deepEqual(delivered, []);
  });

  it('runs onReady before the first snapshot, so the page is sent everything', () => {
    const order: string[] = [];
    const { channel } = setup({ onReady: () => order.push('reset'), snapshot: () => void order.push('snapshot') });
    channel.pageReady();
    channel.pageReady();
    assert.deepEqual(order, ['reset', 'snapshot', 'reset', 'snapshot']);
  });

  it('reports a snapshot that failed to build, sync or async', async () => {
    const errors: unknown[] = [];
    const sync = setup({ snapshot: () => { throw new Error('sync'); }, onError: (e) => errors.push(e) });
    sync.channel.pageReady();
    const later = setup({ snapshot: async () => { throw new Error('async'); }, onError: (e) => errors.push(e) });
    later.channel.pageReady();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(errors.map((e) => (e as Error).message), ['sync', 'async']);
  });

  it('sends nothing after it is disposed', () => {
    const { channel, clock, delivered } = setup();
    channel.pageReady();
    channel.refresh();
    channel.refresh();
    channel.dispose();
    clock.advance(1000);
    channel.post({ type: 'reply', id: 1 });
    assert.equal(delivered.length, 1);
  });
});
