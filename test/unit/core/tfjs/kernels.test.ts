import * as assert from 'node:assert/strict';
import type { NamedTensorMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { initBackend, type TF } from '../../../../src/core/backend';
import { stockKernel } from '../../../../src/core/tfjs/kernels';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * (1 + Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`);
  }
}

/** Runs the stock kernel tfjs-backend-cpu shipped (which registerFastKernels replaced) on tensors. */
function runStock(tf: TF, name: 'UnsortedSegmentSum' | 'Conv2DBackpropFilter', inputs: Record<string, Tensor>, attrs: object): { values: ArrayLike<number>; shape: number[] } {
  const stock = stockKernel(name, 'cpu');
  assert.ok(stock, `the cpu backend's own ${name} was kept`);
  const backend = tf.backend() as unknown as { readSync(id: object): ArrayLike<number> };
  const out = stock.kernelFunc({ inputs: inputs as unknown as NamedTensorMap, backend: tf.backend(), attrs: attrs as never }) as TensorInfo;
  return { values: backend.readSync(out.dataId), shape: out.shape };
}

function random(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

describe('fast kernels match the reference kernels', function () {
  let tf: TF;
  before(async () => {
    tf = (await initBackend({ prefer: 'cpu' })).tf;
  });
  after(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  const segmentCases: { name: string; xShape: number[]; ids: number[]; idsShape: number[]; numSegments: number }[] = [
    { name: 'embedding gradient (rows → vocabulary)', xShape: [6, 3], ids: [4, 0, 4, 2, 1, 4], idsShape: [6], numSegments: 5 },
    { name: 'ids out of range are dropped', xShape: [4, 2], ids: [0, 7, -1, 1], idsShape: [4], numSegments: 3 },
    { name: '2-D segment ids', xShape: [2, 3, 2], ids: [1, 0, 1, 2, 2, 0], idsShape: [2, 3], numSegments: 3 },
  ];
  for (const c of segmentCases) {
    it(`UnsortedSegmentSum: ${c.name}`, () => {
      const size = c.xShape.reduce((a, b) => a * b);
      const x = tf.tensor(random(size, 7), c.xShape);
      const ids = tf.tensor(c.ids, c.idsShape, 'int32');
      const ours = tf.unsortedSegmentSum(x, ids as never, c.numSegments);
      // The stock kernel mis-broadcasts ids of rank > 1, so the reference gets the same sum with ids flattened.
      const rows = c.ids.length;
      const ref = runStock(tf, 'UnsortedSegmentSum', { x: x.reshape([rows, size / rows]), segmentIds: ids.reshape([rows]) }, { numSegments: c.numSegments });
      ref.shape = [c.numSegments, ...c.xShape.slice(c.idsShape.length)];
      assert.deepEqual(ours.shape, ref.shape);
      assertClose(ours.dataSync(), ref.values, 1e-6, c.name);
    });
  }

  it('UnsortedSegmentSum keeps int32', () => {
    const ours = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2);
    assert.equal(ours.dtype, 'int32');
    assert.deepEqual(Array.from(ours.dataSync()), [3, 3]);
  });

  const convCases: { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: 'valid' | 'same' }[] = [
    { name: 'Conv1D as conv2d, valid', x: [2, 1, 9, 3], filter: [1, 3, 3, 4], strides: [1, 1], pad: 'valid' },
    { name: 'Conv1D, same padding', x: [2, 1, 7, 2], filter: [1, 4, 2, 3], strides: [1, 1], pad: 'same' },
    { name: '2-D, stride 2, same', x: [1, 5, 6, 2], filter: [3, 2, 2, 2], strides: [2, 2], pad: 'same' },
    { name: '2-D, stride 2, valid', x: [3, 6, 5, 1], filter: [2, 3, 1, 2], strides: [2, 1], pad: 'valid' },
  ];
  for (const c of convCases) {
    it(`Conv2DBackpropFilter: ${c.name}`, () => {
      const x = tf.tensor4d(random(c.x.reduce((a, b) => a * b), 3), c.x);
      const outShape = tf.conv2d(x, tf.zeros(c.filter) as never, c.strides, c.pad).shape;
      const dy = tf.tensor4d(random(outShape.reduce((a, b) => a * b), 5), outShape as [number, number, number, number]);
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.filter };
      // The filter gradient of conv2d is Conv2DBackpropFilter(x, dy).
      const ours = tf.grad((f: Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as never, c.strides, c.pad), dy)))(tf.zeros(c.filter));
      const ref = runStock(tf, 'Conv2DBackpropFilter', { x, dy }, attrs);
      assert.deepEqual(ours.shape, ref.shape);
      assertClose(ours.dataSync(), ref.values, 1e-5, c.name);
    });
  }

  it('make Embedding and Conv1D trainable on WASM (which has no such kernels), agreeing with the CPU backend', async () => {
    const grads = (t: TF) => {
      const table = t.tensor2d(random(10 * 4, 11), [10, 4]);
      const filter = t.tensor3d(random(3 * 4 * 5, 13), [3, 4, 5]);
      const ids = t.tensor2d([1, 2, 3, 9, 0, 2, 2, 2], [2, 4], 'int32');
      const f = (e: Tensor, w: Tensor) => t.sum(t.square(t.conv1d(t.gather(e, ids) as never, w as never, 1, 'valid')));
      return t.grads(f)([table, filter]).map((g) => Array.from(g.dataSync()));
    };
    const onCpu = grads(tf);
    const wasm = (await initBackend({ prefer: 'wasm' })).tf;
    assert.equal(wasm.getBackend(), 'wasm');
    const onWasm = grads(wasm);
    assertClose(onWasm[0], onCpu[0], 1e-4, 'embedding gradient');
    assertClose(onWasm[1], onCpu[1], 1e-4, 'conv filter gradient');
    await initBackend({ prefer: 'cpu' });
  });
});
