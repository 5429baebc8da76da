// Worker entry (dist/worker.js, started by EngineClient with worker_threads): runs training jobs, scores
// lines and evaluates models, speaking only the messages of protocol.ts. Training yields to the event loop
// between slices, so cancel messages — and score requests — are answered while a model trains.
import { parentPort } from 'node:worker_threads';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { EngineErrorInfo, HostToWorker, TrainProgress, WorkerToHost } from './protocol';
import type { Classifier } from '../core/classifier';
import { DataError } from '../core/csv';
import { BundleError, META_FILE, loadBundle, type BundleMeta } from '../core/bundle';
import { coreTextOf } from '../core/coreText';
import { evaluateClassifier, readEvaluationData, runTraining } from '../core/train';
import { LruCache } from '../core/lru';
import { exportModel } from '../core/keras/export';

const port = parentPort;
if (!port) throw new Error('engine/worker.ts must run in a worker thread');
const post = (msg: WorkerToHost): void => port.postMessage(msg);

const jobs = new Map<number, AbortController>();

// ---- model cache: one loaded classifier per folder, reloaded when its meta.json changes ----

interface Loaded {
  mtimeMs: number;
  model: Promise<{ meta: BundleMeta; classifier: Classifier }>;
}
const MAX_MODELS = 4;
const models = new LruCache<string, Loaded>(MAX_MODELS, (_, old) => release(old));

function release(entry: Loaded): void {
  void entry.model.then((m) => m.classifier.dispose?.(), () => undefined);
}

async function getModel(dir: string): Promise<{ meta: BundleMeta; classifier: Classifier }> {
  const key = path.resolve(dir);
  const mtimeMs = await fsp
    .stat(path.join(key, META_FILE))
    .then((s) => s.mtimeMs)
    .catch(() => -1);
  let entry = models.get(key); // marks it most recently used
  if (entry && entry.mtimeMs !== mtimeMs) {
    models.delete(key);
    release(entry);
    entry = undefined;
  }
  if (!entry) {
    entry = { mtimeMs, model: loadBundle(key) };
    entry.model.catch(() => models.delete(key));
    models.set(key, entry); // evicts (and disposes) the least recently used beyond MAX_MODELS
  }
  return entry.model;
}

// ---- errors ----

function toErrorInfo(e: unknown): EngineErrorInfo {
  if (e instanceof DataError) return { message: e.message, text: e.text, file: e.file, line: e.line, code: e.code };
  if (e instanceof BundleError) return { message: e.message, text: e.text, file: e.dir, code: 'bad-model' };
  const err = e as Error & { code?: unknown };
  return { message: err?.message ?? String(e), text: coreTextOf(e), code: typeof err?.code === 'string' ? err.code : 'internal' };
}

// ---- progress: at most every 100 ms, but never drop an epoch end or a phase change ----

function throttled(id: number): (p: TrainProgress) => void {
  let last = 0;
  let phase: string | undefined;
  return (p) => {
    const now = performance.now();
    if (p.epochEnd || p.phase !== phase || now - last >= 100) {
      last = now;
      phase = p.phase;
      post({ type: 'progress', id, progress: p });
    }
  };
}

// ---- handlers ----

async function train(msg: Extract<HostToWorker, { type: 'train' }>): Promise<void> {
  const controller = new AbortController();
  jobs.set(msg.id, controller);
  try {
    const result = await runTraining(msg.options, { onProgress: throttled(msg.id), signal: controller.signal });
    post({ type: 'trained', id: msg.id, result });
  } catch (e) {
    if (controller.signal.aborted) post({ type: 'cancelled', id: msg.id });
    else post({ type: 'error', id: msg.id, error: toErrorInfo(e) });
  } finally {
    jobs.delete(msg.id);
  }
}

async function score(msg: Extract<HostToWorker, { type: 'score' }>): Promise<void> {
  const { classifier } = await getModel(msg.modelDir);
  const probabilities = await classifier.predictPacked(msg.texts);
  let explanations;
  if (msg.explain) {
    explanations = [];
    for (const t of msg.texts) explanations.push(await classifier.explain(t));
  }
  const reply: WorkerToHost = { type: 'scored', id: msg.id, labels: classifier.labels, probabilities, explanations };
  port!.postMessage(reply, [probabilities.buffer as ArrayBuffer]);
}

async function evaluate(msg: Extract<HostToWorker, { type: 'evaluate' }>): Promise<void> {
  const { meta, classifier } = await getModel(msg.modelDir);
  const data = await readEvaluationData(msg.data, meta, { encoding: msg.encoding });
  const { report, reliability } = await evaluateClassifier(classifier, data);
  post({ type: 'evaluated', id: msg.id, evaluation: { report, reliability } });
}

async function exportRun(msg: Extract<HostToWorker, { type: 'export' }>): Promise<void> {
  post({ type: 'exported', id: msg.id, result: await exportModel(msg.modelDir, msg.out, { format: msg.format }) });
}

port.on('message', (msg: HostToWorker) => {
  const run = async (): Promise<void> => {
    switch (msg.type) {
      case 'train':
        return train(msg);
      case 'cancel':
        jobs.get(msg.id)?.abort();
        return;
      case 'score':
        return score(msg);
      case 'evaluate':
        return evaluate(msg);
      case 'export':
        return exportRun(msg);
    }
  };
  run().catch((e: unknown) => {
    if (msg.type !== 'cancel') post({ type: 'error', id: msg.id, error: toErrorInfo(e) });
  });
});

post({ type: 'ready' });
