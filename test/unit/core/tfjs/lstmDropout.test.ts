// The fused LSTM's dropout and recurrent dropout against the same LSTM written as plain TensorFlow.js ops
// with the same masks (Keras' semantics: one mask per row, fixed over the time steps and shared by the four
// gates; inputs × input mask, previous h × recurrent mask), forward and every gradient by tf.grads.
import * as assert from 'node:assert/strict';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { initBackend, type TF } from '../../../../src/core/backend';
import { lstmBackward, lstmForward, type LstmInput, type LstmParams } from '../../../../src/core/tfjs/lstmMath';
import { Random } from '../../../../src/core/tfjs/random';
import { Workspace } from '../../../../src/core/tfjs/wasmSimd';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function uniform(random: Random, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (2 * random.next() - 1) * scale);
}

/** Σ h_T · dy of the LSTM written out step by step with tf ops, masks applied as the fused layer documents. */
function referenceLoss(tf: TF, B: number, T: number, D: number, H: number, mask: Uint8Array, inputKeep: Float32Array | null, recurrentKeep: Float32Array | null, dy: Float32Array) {
  return (x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor): Tensor => {
    const x3 = x as Tensor3D;
    let h: Tensor2D = tf.zeros([B, H]);
    let c: Tensor2D = tf.zeros([B, H]);
    const xKeep = inputKeep ? tf.tensor2d(inputKeep, [B, D]) : null;
    const hKeep = recurrentKeep ? tf.tensor2d(recurrentKeep, [B, H]) : null;
    for (let t = 0; t < T; t++) {
      let xt = tf.squeeze(tf.slice(x3, [0, t, 0], [B, 1, D]), [1]) as Tensor2D;
      if (xKeep) xt = tf.mul(xt, xKeep);
      const hIn = hKeep ? tf.mul(h, hKeep) : h;
      const z = tf.add(tf.add(tf.matMul(xt, kernel as Tensor2D), tf.matMul(hIn, recurrentKernel as Tensor2D)), bias);
      const [zi, zf, zg, zo] = tf.split(z, 4, 1);
      const cNew = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg))) as Tensor2D;
      const hNew = tf.mul(tf.sigmoid(zo), tf.tanh(cNew)) as Tensor2D;
      const m = tf.tensor2d(Array.from({ length: B }, (_, b) => mask[b * T + t]), [B, 1]);
      const keep = tf.sub(1, m);
      h = tf.add(tf.mul(m, hNew), tf.mul(keep, h)) as Tensor2D;
      c = tf.add(tf.mul(m, cNew), tf.mul(keep, c)) as Tensor2D;
    }
    return tf.sum(tf.mul(h, tf.tensor2d(dy, [B, H])));
  };
}

describe('fused LSTM dropout and recurrent dropout', function () {
  let tf: TF;
  before(async () => {
    tf = (await initBackend({ prefer: 'wasm' })).tf;
  });

  const B = 3, T = 5, D = 6, H = 4;
  // Row 1 starts with two padded steps (skipped, state carried), row 2 is padding after its first step.
  const mask = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  const cases: Array<[string, number, number]> = [
    ['no dropout', 0, 0],
    ['input dropout only', 0.3, 0],
    ['recurrent dropout only', 0, 0.4],
    ['both', 0.25, 0.5],
  ];
  for (const [name, rate, recurrentRate] of cases) {
    it(`forward and gradients equal the step-by-step tf ops (${name})`, () => {
      const r = new Random(11);
      const p: LstmParams = { kernel: uniform(r, D * 4 * H, 0.5), recurrentKernel: uniform(r, H * 4 * H, 0.5), bias: uniform(r, 4 * H, 0.5), inputDim: D, units: H };
      const masks = new Random(3);
      const input: LstmInput = {
        x: uniform(r, B * T * D, 1),
        batch: B,
        steps: T,
        mask,
        inputKeep: rate > 0 ? masks.dropoutMask(B * D, rate) : null,
        recurrentKeep: recurrentRate > 0 ? masks.dropoutMask(B * H, recurrentRate) : null,
      };
      if (input.recurrentKeep) assert.ok(input.recurrentKeep.some((v) => v === 0) && input.recurrentKeep.some((v) => v > 1), 'the mask both drops and scales');
      const dy = uniform(r, B * H, 1);

      const { h, trace } = lstmForward(p, input, new Workspace());
      const g = lstmBackward(p, input, trace, dy);

      const loss = referenceLoss(tf, B, T, D, H, mask, input.inputKeep ?? null, input.recurrentKeep ?? null, dy);
      const args = [tf.tensor3d(input.x, [B, T, D]), tf.tensor2d(p.kernel, [D, 4 * H]), tf.tensor2d(p.recurrentKernel, [H, 4 * H]), tf.tensor1d(p.bias!)];
      const { value, grads } = tf.valueAndGrads(loss)(args);
      let hDotDy = 0;
      for (let i = 0; i < h.length; i++) hDotDy += h[i] * dy[i];
      assert.ok(Math.abs(value.dataSync()[0] - hDotDy) < 1e-5, `forward: ${value.dataSync()[0]} vs ${hDotDy}`);
      const names = ['dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const;
      names.forEach((n, i) => {
        const d = maxDiff(g[n]!, grads[i].dataSync());
        assert.ok(d < 1e-5, `${n}: max difference ${d}`);
      });
      tf.dispose([value, ...grads, ...args]);
    });
  }

  it('recurrent dropout changes the output and the recurrent-kernel gradient (it is not a no-op)', () => {
    const r = new Random(2);
    const p: LstmParams = { kernel: uniform(r, D * 4 * H, 0.5), recurrentKernel: uniform(r, H * 4 * H, 0.5), bias: null, inputDim: D, units: H };
    const base: LstmInput = { x: uniform(r, B * T * D, 1), batch: B, steps: T };
    const dropped: LstmInput = { ...base, recurrentKeep: new Random(4).dropoutMask(B * H, 0.5) };
    const dy = uniform(r, B * H, 1);
    const a = lstmForward(p, base, new Workspace());
    const ga = lstmBackward(p, base, a.trace, dy);
    const b = lstmForward(p, dropped, new Workspace());
    const gb = lstmBackward(p, dropped, b.trace, dy);
    assert.ok(maxDiff(a.h, b.h) > 1e-3);
    assert.ok(maxDiff(ga.dRecurrentKernel, gb.dRecurrentKernel) > 1e-3);
  });
});
