import * as assert from 'node:assert/strict';
import type { LayersModel, layers } from '@tensorflow/tfjs';
import { initBackend, type TF } from '../../../../src/core/backend';
import { fusedLstmClass } from '../../../../src/core/tfjs/fusedLstm';
import { gemm, gemmTransA } from '../../../../src/core/tfjs/gemm';
import { lstmBackward, lstmForward, type LstmInput, type LstmParams } from '../../../../src/core/tfjs/lstmMath';
import { forward } from '../../../../src/core/tfjs/networks';
import { Workspace, simdModuleBytes } from '../../../../src/core/tfjs/wasmSimd';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function random(n: number, seed: number, scale = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1) * scale);
}

// Pre-padded ids (0 = padding): rows of length 6, 2, 0 (all padding) and 4.
const IDS = [
  [3, 1, 4, 1, 5, 9],
  [0, 0, 0, 0, 2, 6],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 5, 3, 5, 8],
];

/** Embedding(mask_zero) → LSTM(units) → Dense(softmax): once with the stock LSTM, once with ours, same weights. */
function twins(tf: TF, units: number): { stock: LayersModel; fused: LayersModel } {
  const build = (lstm: layers.Layer) =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 10, outputDim: 5, maskZero: true, inputShape: [null] as unknown as number[] }),
        lstm,
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
  const stock = build(tf.layers.lstm({ units, recurrentActivation: 'sigmoid', unitForgetBias: true }));
  const FusedLstm = fusedLstmClass(tf);
  const fused = build(new FusedLstm({ units, seed: 1 }));
  // Random weights everywhere (bias too), copied into both.
  fused.setWeights(stock.weights.map((w, i) => tf.tensor(random(w.shape.reduce((a, b) => a! * b!, 1)!, 100 + i, 0.6), w.shape as number[])));
  stock.setWeights(fused.getWeights());
  return { stock, fused };
}

describe('fused LSTM', function () {
  let tf: TF;
  before(async () => {
    tf = (await initBackend({ prefer: 'wasm' })).tf;
  });

  it('assembles a valid WebAssembly SIMD module', () => {
    const simd = new Workspace();
    assert.equal(simd.simd, true, 'Node 20 supports WebAssembly SIMD, so the SIMD path must be active');
    assert.ok(simdModuleBytes().length > 100);
  });

  it('multiplies matrices in SIMD exactly as the JS loops do (odd rows, narrow columns, accumulate, Aᵀ·B)', () => {
    const ws = new Workspace();
    for (const [m, k, n] of [[7, 5, 20], [2, 64, 256], [33, 32, 4], [1, 3, 64], [6, 256, 64]]) {
      ws.reset(2 * m * k + 2 * k * n + 3 * m * n + 64);
      const a = ws.take(m * k);
      a.set(random(m * k, m));
      const b = ws.take(k * n);
      b.set(random(k * n, n));
      const c = ws.take(m * n);
      c.set(random(m * n, k));
      const expected = c.slice();
      gemm(a, b, expected, m, k, n, true);
      assert.equal(ws.gemm(a, b, c, m, k, n, true), true);
      assert.ok(maxDiff(c, expected) < 1e-5, `A·B ${m}×${k}×${n}`);
      // Aᵀ·B: A is m×k, B is m×n, C is k×n.
      const b2 = ws.take(m * n);
      b2.set(random(m * n, 17));
      const c2 = ws.take(k * n, true);
      const expected2 = new Float32Array(k * n);
      gemmTransA(a, b2, expected2, m, k, n);
      assert.equal(ws.gemmTransA(a, b2, c2, m, k, n), true);
      assert.ok(maxDiff(c2, expected2) < 1e-5, `Aᵀ·B ${m}×${k}×${n}`);
    }
    assert.equal(ws.gemm(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2, false), false, 'arrays outside the workspace: caller falls back to JS');
  });

  it('computes the same with the SIMD product and the plain JS loops', () => {
    const D = 5, H = 8, B = 3, T = 4; // D not a multiple of 4 exercises the JS fallback inside the SIMD path too
    const p: LstmParams = { kernel: random(D * 4 * H, 1, 0.5), recurrentKernel: random(H * 4 * H, 2, 0.5), bias: random(4 * H, 3, 0.5), inputDim: D, units: H };
    const input: LstmInput = { x: random(B * T * D, 4), batch: B, steps: T, mask: Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1]) };
    const dy = random(B * H, 5);
    const results = [new Workspace(true), new Workspace(false)].map((ws) => {
      const { h, trace } = lstmForward(p, input, ws);
      return { h, g: lstmBackward(p, input, trace, dy) };
    });
    assert.ok(maxDiff(results[0].h, results[1].h) < 1e-6);
    assert.ok(maxDiff(results[0].g.dx, results[1].g.dx) < 1e-6);
    assert.ok(maxDiff(results[0].g.dKernel, results[1].g.dKernel) < 1e-6);
    assert.ok(maxDiff(results[0].g.dRecurrentKernel, results[1].g.dRecurrentKernel) < 1e-6);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`matches the stock tfjs LSTM, forward and gradients, with padding masked (${backend})`, async () => {
      tf = (await initBackend({ prefer: backend })).tf;
      const { stock, fused } = twins(tf, 6);
      const ids = tf.tensor2d(IDS, [4, 6], 'int32');
      const target = tf.tensor2d(random(12, 9), [4, 3]);
      const loss = (model: LayersModel) => () => tf.sum(tf.mul(forward(model, ids, true), target)) as never;
      assert.ok(maxDiff(forward(stock, ids, false).dataSync(), forward(fused, ids, false).dataSync()) < 1e-5, 'outputs');
      const gStock = tf.variableGrads(loss(stock));
      const gFused = tf.variableGrads(loss(fused));
      assert.ok(Math.abs(gStock.value.dataSync()[0] - gFused.value.dataSync()[0]) < 1e-5, 'loss');
      const names = (m: LayersModel) => m.weights.map((w) => w.name);
      const stockGrads = names(stock).map((n) => gStock.grads[n]);
      const fusedGrads = names(fused).map((n) => gFused.grads[n]);
      assert.equal(fusedGrads.length, 6);
      for (let i = 0; i < stockGrads.length; i++) {
        const d = maxDiff(stockGrads[i].dataSync(), fusedGrads[i].dataSync());
        assert.ok(d < 1e-5, `gradient of ${stock.weights[i].originalName}: max difference ${d}`);
      }
      // The all-padding row and a row's padding do not matter: same output padded to 6 or to its own length.
      const short = forward(fused, tf.tensor2d([[2, 6]], [1, 2], 'int32'), false).dataSync();
      assert.ok(maxDiff(short, forward(fused, ids, false).dataSync().slice(3, 6)) < 1e-6);
      stock.dispose();
      fused.dispose();
    });
  }

  it('applies dropout only when training, reproducibly for a seed', async () => {
    tf = (await initBackend({ prefer: 'wasm' })).tf;
    const FusedLstm = fusedLstmClass(tf);
    const make = () => {
      const layer = new FusedLstm({ units: 4, dropout: 0.5, recurrentDropout: 0.5, seed: 7 });
      return tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [3, 2] }), layer] });
    };
    const x = tf.tensor3d(Array.from(random(12, 3)), [2, 3, 2]);
    const a = make();
    const b = make();
    const inference = forward(a, x, false).dataSync();
    const trainA = forward(a, x, true).dataSync();
    const trainB = forward(b, x, true).dataSync();
    assert.ok(maxDiff(inference, trainA) > 1e-3, 'dropout changes the training output');
    assert.deepEqual(Array.from(trainA), Array.from(trainB), 'same seed, same masks');
    assert.deepEqual(Array.from(forward(b, x, false).dataSync()), Array.from(inference), 'same seed, same weights');
  });
});
