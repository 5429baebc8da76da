// Host side of the worker boundary: starts the worker lazily, restarts it after a crash, and turns the
// message protocol into promises. Pure Node (no `vscode`), so it is unit-tested against the real worker.
// The worker runs under a heap limit of its own (resourceLimits): a job that exhausts it ends the worker with
// an out-of-memory error, which fails that job; the extension host, whose thread V8 would otherwise abort
// with the whole process, lives on, and the next job starts a new worker.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatCoreText } from '../core/coreText';
import { ENGINE_OUT_OF_MEMORY } from '../core/engineText';
import { addressSpaceLimit } from '../core/memoryBudget';
import {
  unpackPredictions,
  type CoreText,
  type EngineErrorInfo,
  type HostToWorker,
  type Prediction,
  type Evaluation,
  type TokenContribution,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
  type WorkerToHost,
} from './protocol';
import type { ExportFormat, ExportResult } from '../core/keras/exportFormat';

export class EngineError extends Error {
  readonly text?: CoreText;
  readonly file?: string;
  readonly line?: number;
  readonly code?: string;
  constructor(info: EngineErrorInfo) {
    super(info.message);
    this.name = 'EngineError';
    this.text = info.text;
    this.file = info.file;
    this.line = info.line;
    this.code = info.code;
  }
}

/** A job that filled the worker's heap limit: in English, and as a CoreText the editor translates. */
function outOfMemory(heapMb: number): EngineErrorInfo {
  const text: CoreText = { template: ENGINE_OUT_OF_MEMORY, args: [heapMb] };
  return { message: formatCoreText(text), text, code: 'out-of-memory' };
}

export interface EngineOptions {
  /** The worker's JavaScript heap limit (V8's old generation) in MB; absent or 0: defaultWorkerHeapMb(). */
  maxHeapMb?: number;
}

/**
 * A quarter of the machine's memory, or of the process's address-space limit (`ulimit -v`, where V8's own
 * default ignores it and a heap outgrowing it aborts the process), between 256 MB and 4 GB: V8's own default
 * for a main thread, so the worker hits its limit before the machine runs out.
 */
export function defaultWorkerHeapMb(totalBytes = os.totalmem(), addressSpace = addressSpaceLimit()): number {
  const budget = Math.min(totalBytes, addressSpace ?? Infinity);
  return Math.min(4096, Math.max(256, Math.floor(budget / 4 / 2 ** 20)));
}

export interface ScoreResult {
  predictions: Prediction[];
  explanations?: TokenContribution[][];
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: EngineError) => void;
  onProgress?: (progress: TrainProgress) => void;
}

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  /** @param workerPath the bundled worker (dist/worker.js). */
  constructor(
    private readonly workerPath: string,
    private readonly options: EngineOptions = {},
  ) {}

  train(options: TrainOptions, onProgress?: (p: TrainProgress) => void, signal?: AbortSignal): Promise<TrainResult> {
    const id = this.nextId++;
    const result = this.request<TrainResult>({ type: 'train', id, options }, onProgress);
    if (signal) {
      const cancel = (): void => this.post({ type: 'cancel', id });
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    }
    return result;
  }

  score(modelDir: string, texts: string[], explain = false): Promise<ScoreResult> {
    return this.request<ScoreResult>({ type: 'score', id: this.nextId++, modelDir, texts, explain });
  }

  /** `encoding`: the CSV's, when not UTF-8 (see TrainOptions.encoding). */
  evaluate(modelDir: string, data: string, encoding?: string): Promise<Evaluation> {
    return this.request<Evaluation>({ type: 'evaluate', id: this.nextId++, modelDir, data, encoding });
  }

  /** Writes the run of the model in `modelDir` to the new folder `out`: a Keras script, or fastText data. */
  export(modelDir: string, out: string, format?: ExportFormat): Promise<ExportResult> {
    return this.request<ExportResult>({ type: 'export', id: this.nextId++, modelDir, out, format });
  }

  /** True while a worker thread exists. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.failAll({ message: 'The Neural Lens engine was shut down.', code: 'disposed' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private request<T>(message: HostToWorker, onProgress?: (p: TrainProgress) => void): Promise<T> {
    if (this.disposed) return Promise.reject(new EngineError({ message: 'The engine is disposed.', code: 'disposed' }));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(message.id, { resolve: resolve as (v: never) => void, reject, onProgress });
      this.post(message);
      this.worker?.ref();
    });
  }

  private post(message: HostToWorker): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const heapMb = this.options.maxHeapMb || defaultWorkerHeapMb();
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    worker.on('message', (msg: WorkerToHost) => this.onMessage(msg));
    worker.on('error', (err: Error & { code?: string }) => {
      // The worker is gone (its 'exit' follows): a request made from here on starts a new one.
      if (this.worker === worker) this.worker = undefined;
      this.failAll(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? outOfMemory(heapMb)
          : { message: `The Neural Lens engine crashed: ${err.message}`, code: 'crashed' },
      );
    });
    worker.on('exit', (code) => {
      // Jobs pending now belong to a worker started since this one failed.
      if (this.worker !== worker && this.worker !== undefined) return;
      this.worker = undefined;
      if (this.pending.size > 0) this.failAll({ message: `The Neural Lens engine stopped (exit code ${code}).`, code: 'crashed' });
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(msg: WorkerToHost): void {
    if (msg.type === 'ready') return;
    const pending = this.pending.get(msg.id);
    if (!pending) return;
    switch (msg.type) {
      case 'progress':
        pending.onProgress?.(msg.progress);
        return;
      case 'trained':
        this.settle(msg.id)?.resolve(msg.result as never);
        return;
      case 'scored':
        this.settle(msg.id)?.resolve({ predictions: unpackPredictions(msg.labels, msg.probabilities), explanations: msg.explanations } as never);
        return;
      case 'evaluated':
        this.settle(msg.id)?.resolve(msg.evaluation as never);
        return;
      case 'exported':
        this.settle(msg.id)?.resolve(msg.result as never);
        return;
      case 'cancelled':
        this.settle(msg.id)?.reject(new EngineError({ message: 'Training was cancelled.', code: 'cancelled' }));
        return;
      case 'error':
        this.settle(msg.id)?.reject(new EngineError(msg.error));
        return;
    }
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    // An idle worker must never keep the process alive on its own.
    if (this.pending.size === 0) this.worker?.unref();
    return p;
  }

  private failAll(info: EngineErrorInfo): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new EngineError(info));
  }
}
