// Trains the fast model: featurise once into typed arrays, then epochs of shuffled sparse SGD with a linearly
// decaying learning rate (fastText's recipe), yielding to the event loop every few dozen milliseconds so a
// cancel message is seen within one slice, and reporting loss/accuracy (and validation figures) per epoch.
import type { TrainProgress } from '../../engine/protocol';
import { mulberry32, shuffleInPlace } from '../split';
import { DEFAULT_FEATURES, forEachFeature, type FeatureOptions } from './features';
import { IdIndex } from './idIndex';
import { DEFAULT_POOLING, FastModel, softmaxInto, type Pooling } from './model';
import { sgdSlice, type SgdState } from './sgd';
import { HogwildPool } from './hogwild';

export interface FastOptions {
  dim: number;
  epochs: number;
  /** Initial learning rate, decayed linearly to 0 over all epochs. */
  lr: number;
  features: FeatureOptions;
  pooling: Pooling;
  seed: number;
  /** Threads for SGD (hogwild); 0 = choose from the data size. */
  threads: number;
  /** Stop when validation loss has not improved for `patience` epochs, keeping the best epoch. */
  earlyStopping: boolean;
  patience: number;
}

export const FAST_DEFAULTS: FastOptions = {
  dim: 32,
  epochs: 20,
  lr: 0.2,
  features: DEFAULT_FEATURES,
  pooling: DEFAULT_POOLING,
  seed: 42,
  threads: 0,
  earlyStopping: false,
  patience: 3,
};

/** Below this many feature occurrences per epoch a second thread costs more than it saves. */
const HOGWILD_MIN_FEATURES = 4_000_000;

export interface LabelledTexts {
  texts: readonly string[];
  y: readonly number[];
}

export interface FastTrainInput {
  train: LabelledTexts;
  validation?: LabelledTexts;
  labels: readonly string[];
  options?: Partial<FastOptions>;
  /** Loss weight per class; all 1 when absent. */
  classWeights?: readonly number[];
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

interface Encoded {
  feats: Int32Array;
  offsets: Int32Array;
  /** Number of texts each row occurs in. */
  docFreq: Int32Array;
}

/** Featurises `texts`, giving new feature ids the next rows of `index`. */
function encode(texts: readonly string[], features: FeatureOptions, index: IdIndex, shared: boolean): Encoded {
  let feats = new Int32Array(Math.max(1024, texts.length * 64));
  let docFreq = new Int32Array(1 << 16);
  let lastDoc = new Int32Array(1 << 16).fill(-1);
  const offsets = new Int32Array(texts.length + 1);
  let n = 0;
  let doc = 0;
  const push = (id: number): void => {
    if (n === feats.length) feats = grow(feats, feats.length * 2, 0);
    const row = index.add(id);
    feats[n++] = row;
    if (row >= docFreq.length) {
      docFreq = grow(docFreq, docFreq.length * 2, 0);
      lastDoc = grow(lastDoc, lastDoc.length * 2, -1);
    }
    if (lastDoc[row] !== doc) {
      lastDoc[row] = doc;
      docFreq[row]++;
    }
  };
  texts.forEach((t, i) => {
    doc = i;
    forEachFeature(t, features, push);
    offsets[i + 1] = n;
  });
  const out = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
  out.set(feats.subarray(0, n));
  return { feats: out, offsets: shared ? copyShared(offsets) : offsets, docFreq: docFreq.subarray(0, index.size) };
}

function grow(a: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length).fill(fill);
  b.set(a);
  return b;
}

/** Smoothed IDF as scikit-learn's TfidfVectorizer computes it: ln((1 + N) / (1 + df)) + 1. */
function idfWeights(docFreq: Int32Array, docs: number, shared: boolean): Float32Array {
  const w = floatArray(docFreq.length, shared);
  for (let r = 0; r < docFreq.length; r++) w[r] = Math.log((1 + docs) / (1 + docFreq[r])) + 1;
  return w;
}

function copyShared(a: Int32Array): Int32Array {
  const s = new Int32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

function floatArray(length: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
}

/** table = emb · outᵀ: each row's class scores (see model.ts). */
function collapse(state: SgdState, rows: number): Float32Array {
  const { emb, out, dim, classes } = state;
  const table = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const e = r * dim;
    for (let c = 0; c < classes; c++) {
      const o = c * dim;
      let z = 0;
      for (let d = 0; d < dim; d++) z += emb[e + d] * out[o + d];
      table[r * classes + c] = z;
    }
  }
  return table;
}

/** Mean cross-entropy and accuracy of `model` on `data`. */
function evaluate(model: FastModel, data: LabelledTexts): { loss: number; accuracy: number } {
  const k = model.labels.length;
  const logits = new Float64Array(k);
  const p = new Float32Array(k);
  let loss = 0;
  let correct = 0;
  data.texts.forEach((t, i) => {
    model.logitsInto(t, logits);
    softmaxInto(logits, p, 0);
    const y = data.y[i];
    loss -= Math.log(Math.max(p[y], 1e-12));
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c] > p[best]) best = c;
    if (best === y) correct++;
  });
  const n = Math.max(1, data.texts.length);
  return { loss: loss / n, accuracy: correct / n };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function trainFast(input: FastTrainInput): Promise<FastModel> {
  const o: FastOptions = {
    ...FAST_DEFAULTS,
    ...input.options,
    features: { ...FAST_DEFAULTS.features, ...input.options?.features },
    pooling: { ...FAST_DEFAULTS.pooling, ...input.options?.pooling },
  };
  const { labels, signal, onProgress } = input;
  const k = labels.length;
  const n = input.train.texts.length;
  if (n === 0) throw new Error('No training rows.');

  onProgress?.({ phase: 'tokenising', rowsRead: n });
  const index = new IdIndex(1 << 16);
  // Decide on threads after featurising (it depends on the number of features), but SharedArrayBuffers
  // must be chosen up front: use them whenever a second thread is allowed at all.
  const mayShare = o.threads !== 1;
  const enc = encode(input.train.texts, o.features, index, mayShare);
  signal?.throwIfAborted();
  const rows = index.size;
  const threads = o.threads > 0 ? o.threads : enc.feats.length >= HOGWILD_MIN_FEATURES ? 2 : 1;

  const random = mulberry32(o.seed);
  const shared = mayShare && threads > 1;
  const state: SgdState = {
    emb: floatArray(rows * o.dim, shared),
    out: floatArray(k * o.dim, shared),
    bias: floatArray(k, shared),
    dim: o.dim,
    classes: k,
    feats: enc.feats,
    offsets: enc.offsets,
    y: shared ? copyShared(Int32Array.from(input.train.y)) : Int32Array.from(input.train.y),
    classWeight: Float32Array.from(input.classWeights ?? labels.map(() => 1)),
    featWeight: o.pooling.idf ? idfWeights(enc.docFreq, n, shared) : null,
    norm: o.pooling.norm,
  };
  const makeModel = (table: Float32Array, bias: Float32Array): FastModel =>
    new FastModel(labels, o.features, o.pooling, index.ids(), table, bias, state.featWeight ? Float32Array.from(state.featWeight) : undefined, o.dim);
  // fastText initialises the input embeddings and zeroes the output; zero embeddings with a random output
  // learn the same and leave features unseen in training at exactly 0.
  const scale = 1 / o.dim;
  for (let i = 0; i < state.out.length; i++) state.out[i] = (random() * 2 - 1) * scale;

  const pool = threads > 1 ? await HogwildPool.start(state, threads - 1) : undefined;
  const order = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const totalSteps = o.epochs * n;
  let best: { loss: number; table: Float32Array; bias: Float32Array; epoch: number } | undefined;
  let sinceBest = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffleInPlace(order, random);
      const stats = new Float64Array(3);
      const stepBase = epoch * n;
      if (pool) {
        // Hogwild: the helper threads take the tail of the shuffled order, this thread the head; all write
        // the same shared weights without locks (sparse updates rarely collide).
        const mine = Math.floor(n / threads);
        const others = pool.run(order, mine, n, o.lr, stepBase, totalSteps, threads);
        await runSlices(state, order, 0, mine, o.lr, stepBase, threads, totalSteps, stats, signal, (done) =>
          onProgress?.({ phase: 'training', epoch: epoch + 1, epochs: o.epochs, batch: done * threads, batches: n }),
        );
        const theirs = await others;
        for (let i = 0; i < 3; i++) stats[i] += theirs[i];
      } else {
        await runSlices(state, order, 0, n, o.lr, stepBase, 1, totalSteps, stats, signal, (done) =>
          onProgress?.({ phase: 'training', epoch: epoch + 1, epochs: o.epochs, batch: done, batches: n }),
        );
      }
      signal?.throwIfAborted();
      const progress: TrainProgress = {
        phase: 'training',
        epoch: epoch + 1,
        epochs: o.epochs,
        loss: stats[0] / Math.max(1, stats[2]),
        accuracy: stats[1] / Math.max(1, stats[2]),
        epochEnd: true,
      };
      if (input.validation && input.validation.texts.length > 0) {
        const model = makeModel(collapse(state, rows), Float32Array.from(state.bias));
        const v = evaluate(model, input.validation);
        progress.valLoss = v.loss;
        progress.valAccuracy = v.accuracy;
        if (o.earlyStopping) {
          if (!best || v.loss < best.loss) {
            best = { loss: v.loss, table: model.table, bias: model.bias, epoch };
            sinceBest = 0;
          } else if (++sinceBest >= o.patience) {
            onProgress?.(progress);
            break;
          }
        }
      }
      onProgress?.(progress);
    }
  } finally {
    await pool?.stop();
  }
  if (best) return makeModel(best.table, best.bias);
  return makeModel(collapse(state, rows), Float32Array.from(state.bias));
}

/** Runs sgdSlice over order[from..to) in slices of about 30 ms, yielding in between so cancel is heard. */
async function runSlices(
  state: SgdState,
  order: Int32Array,
  from: number,
  to: number,
  lr: number,
  stepBase: number,
  stride: number,
  totalSteps: number,
  stats: Float64Array,
  signal: AbortSignal | undefined,
  onSlice: (done: number) => void,
): Promise<void> {
  let size = 256;
  let last = performance.now();
  for (let i = from; i < to; ) {
    const end = Math.min(to, i + size);
    sgdSlice(state, order, i, end, lr, stepBase + (i - from) * stride, stride, totalSteps, stats);
    i = end;
    const now = performance.now();
    // Aim at ~30 ms per slice whatever the text length.
    size = Math.max(16, Math.min(1 << 16, Math.round((size * 30) / Math.max(1, now - last))));
    if (i < to) {
      onSlice(i - from);
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    last = performance.now();
  }
}
