// Helper threads for hogwild SGD: they run the same sgdSlice over shared weights (SharedArrayBuffer) on their
// share of each epoch. Started from source text (see sgd.ts) so no separate bundle entry is needed.
import { Worker } from 'node:worker_threads';
import { sgdSlice, type SgdState } from './sgd';

const helperSource = `
const { parentPort, workerData } = require('node:worker_threads');
const sgdSlice = (${sgdSlice.toString()});
const state = workerData.state;
parentPort.on('message', (m) => {
  const stats = new Float64Array(3);
  sgdSlice(state, m.order, m.from, m.to, m.lr, m.step, m.stride, m.totalSteps, stats);
  parentPort.postMessage(stats);
});
parentPort.postMessage('ready');
`;

export class HogwildPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` helper threads sharing `state` (its arrays must live in SharedArrayBuffers). */
  static async start(state: SgdState, count: number): Promise<HogwildPool> {
    const workers = Array.from({ length: count }, () => new Worker(helperSource, { eval: true, workerData: { state } }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve());
            w.once('error', reject);
          }),
      ),
    );
    return new HogwildPool(workers);
  }

  /**
   * Splits order[from..to) among the helpers; resolves with the summed [loss, correct, count]. Helper h's
   * updates are numbered step + h + 1, + stride, … (the calling thread takes step + 0, + stride, …).
   */
  run(order: Int32Array, from: number, to: number, lr: number, step: number, totalSteps: number, stride: number): Promise<Float64Array> {
    const per = Math.ceil((to - from) / this.workers.length);
    return Promise.all(
      this.workers.map(
        (w, h) =>
          new Promise<Float64Array>((resolve, reject) => {
            const a = from + h * per;
            const b = Math.min(to, a + per);
            const onError = (e: Error): void => reject(e);
            w.once('error', onError);
            w.once('message', (stats: Float64Array) => {
              w.off('error', onError);
              resolve(stats);
            });
            w.postMessage({ order, from: a, to: b, lr, step: step + h + 1, stride, totalSteps });
          }),
      ),
    ).then((all) => {
      const sum = new Float64Array(3);
      for (const s of all) for (let i = 0; i < 3; i++) sum[i] += s[i];
      return sum;
    });
  }

  /** Stops the helpers at once, even mid-slice (cancel). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
