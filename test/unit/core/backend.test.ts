import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend, wasmFolder } from '../../../src/core/backend';

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('tfjs backend selection', function () {
  after(async () => {
    // Leave the default (wasm here) for the other test files.
    await initBackend({ prefer: 'wasm' });
  });

  it('finds the WASM binaries (beside the bundle or in node_modules)', () => {
    const folder = wasmFolder();
    assert.ok(folder, 'no folder with tfjs-backend-wasm-simd.wasm');
    assert.ok(fs.existsSync(path.join(folder, 'tfjs-backend-wasm-simd.wasm')));
  });

  it('uses tfjs-node when it is installed', async function () {
    if (!tfjsNodeInstalled()) {
      console.log('      (skipped: @tensorflow/tfjs-node is not installed here; its libtensorflow download fails)');
      this.skip();
    }
    const { tf, name } = await initBackend({ prefer: 'node' });
    assert.equal(name, 'tensorflow');
    assert.equal(tf.getBackend(), 'tensorflow');
  });

  it('falls back to WASM when tfjs-node is absent, and says why', async function () {
    if (tfjsNodeInstalled()) {
      console.log('      (skipped: @tensorflow/tfjs-node is installed, so it is chosen instead)');
      this.skip();
    }
    const { tf, name, skipped } = await initBackend();
    assert.equal(name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.deepEqual(skipped, ['tfjs-node: not installed']);
  });

  it('runs on WASM when asked, and computes', async () => {
    const { tf, name } = await initBackend({ prefer: 'wasm' });
    assert.equal(name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2]));
    assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4]);
  });

  it('runs on CPU when asked, and says what it skipped', async () => {
    const { tf, name, skipped } = await initBackend({ prefer: 'cpu' });
    assert.equal(name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.deepEqual(skipped, ['tfjs-node: not tried (prefer cpu)', 'wasm: not tried (prefer cpu)']);
    assert.deepEqual(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()), [2, 3]);
  });

  it('registers the kernels the fallback backends lack', async () => {
    const { tf } = await initBackend({ prefer: 'wasm' });
    for (const backend of ['wasm', 'cpu']) {
      assert.ok(tf.getKernel('UnsortedSegmentSum', backend), `UnsortedSegmentSum on ${backend}`);
      assert.ok(tf.getKernel('Conv2DBackpropFilter', backend), `Conv2DBackpropFilter on ${backend}`);
    }
  });
});
