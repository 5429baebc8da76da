// Trains the fast model: featurise once into typed arrays, then epochs of shuffled sparse SGD with a linearly
// decaying (or constant) learning rate, yielding to the event loop every few dozen milliseconds so a
// cancel message is seen within one slice, and reporting loss/accuracy (and validation figures) per epoch.
// With validation rows, early stopping (core/earlyStopping.ts) keeps the best epoch's weights.
import { assertTrainingFinite } from '../divergence';
import { EarlyStopping, type FitOutcome } from '../earlyStopping';
import { modelDefaults } from '../modelKinds';
import type { TrainProgress } from '../trainTypes';
import { DEFAULT_SEED, mulberry32, shuffleInPlace } from '../split';
import { DEFAULT_FEATURES, Featurizer, type FeatureOptions } from './features';
import { IdIndex } from './idIndex';
import { DEFAULT_POOLING, FastModel, poolingScale, poolingTerm, type Pooling } from './fastModel';
import { sgdSlice, type SgdState } from './sgd';
import { HogwildPool } from './hogwild';
import { encodeHeldOut, heldOutScores, type HeldOutRows } from './heldOut';
import { cancelPoint, TimeSlicer } from '../timeSlices';

export interface FastOptions {
  dim: number;
  /** 0 = auto: see {@link AUTO_EPOCH_BUDGET}. */
  epochs: number;
  /** Initial learning rate: decayed linearly to 0 over all `epochs` ('linear'), or kept ('constant'). */
  lr: number;
  decay: LearningRateDecay;
  features: FeatureOptions;
  pooling: Pooling;
  seed: number;
  /** Threads for SGD (hogwild); 0 = choose from the data size. */
  threads: number;
  /**
   * Keep only features found in at least this many training texts; 0 = auto: 1 (all), or
   * {@link AUTO_MIN_COUNT_LARGE} on large files (see {@link LARGE_EPOCH}), where most distinct n-grams occur
   * once (71% of them on the Chinese set, but only 14% of the occurrences): dropping them shrinks the model
   * and speeds scoring.
   */
  minCount: number;
  /** With validation rows: stop when the calibrated validation loss has not improved for `patience` epochs, keeping the best epoch. */
  earlyStopping: boolean;
  patience: number;
  /** Label smoothing of the training targets (0: none): see {@link LABEL_SMOOTHING}. */
  smoothing: number;
  /** How the SGD lays out its weights: see {@link sgdLayout}. */
  layout: 'auto' | 'factorised' | 'linear';
}

/**
 * 'linear': fastText's schedule, to 0 at the last of `epochs`. 'constant': the same rate throughout, so an
 * epoch count means the same whatever the maximum (cross-fitting refits for the folds' best epoch count).
 */
export type LearningRateDecay = 'linear' | 'constant';

const OPTION_DEFAULTS = modelDefaults('fast');

/**
 * The default label smoothing: the SGD aims at 0.95 + 0.05 / k on the label instead of 1, so a feature seen
 * in a few texts cannot push its weight without bound (the temperature fitted afterwards undoes the
 * flattening it causes). Cross-validated on the training files (bench/train/tune.ts, grids smoothing and
 * smoothing2; features counted once per text, every feature kept): macro-F1 +0.3 to +0.9 points on the four
 * sets against no smoothing, held-out NLL lower on three; 0.1 and 0.2 scored within 0.3 points of it on average.
 */
export const LABEL_SMOOTHING = 0.05;

/** The user-facing numbers are the registry's (core/modelKinds.ts); the rest are the model's own. */
export const FAST_DEFAULTS: FastOptions = {
  dim: OPTION_DEFAULTS.embeddingDim,
  epochs: OPTION_DEFAULTS.epochs,
  lr: OPTION_DEFAULTS.learningRate,
  decay: 'linear',
  features: DEFAULT_FEATURES,
  pooling: DEFAULT_POOLING,
  minCount: 0,
  seed: DEFAULT_SEED,
  threads: OPTION_DEFAULTS.threads,
  earlyStopping: true,
  patience: OPTION_DEFAULTS.patience,
  smoothing: LABEL_SMOOTHING,
  layout: 'auto',
};

/**
 * Automatic epochs — the maximum early stopping may use: enough passes for about AUTO_EPOCH_BUDGET feature
 * updates in all, between 2 and 10. Cross-validated on the training files only (bench/train/tune.ts): the
 * ~800-row sets (~20,000 features per epoch) want 10 epochs (5 lose 1–1.5 points of macro-F1); the 6,000-row
 * Chinese set (1.2–1.8 million) is as good after 2 as after 5, 10 or 20 — more data needs fewer passes, and
 * each pass costs more. With early stopping on, a maximum of 20 or 40 scored the same (within 0.3 points).
 */
export const AUTO_EPOCH_BUDGET = 3_000_000;
export const AUTO_EPOCHS_MIN = 2;
export const AUTO_EPOCHS_MAX = 10;
export const AUTO_MIN_COUNT_LARGE = 2;
/**
 * Feature occurrences per epoch above which a file counts as large (rare features are then dropped). On
 * chnsenticorp_htl (1.5 million occurrences; 243,000 of its 343,000 features in one text only) keeping them
 * gained 0.4 points of macro-F1 with label smoothing in cross-validation (0.8785 → 0.8828) for a model three
 * times the size (5.5 MB); a file of tens of millions (bench/train/fast.ts's 74,544 rows, 21.8 million)
 * still drops them, where they would cost hundreds of megabytes.
 */
export const LARGE_EPOCH = 4_000_000;
/**
 * Feature occurrences per epoch above which SGD runs on two threads (hogwild). Measured on a 74,544-row file
 * (bench/train/fast.ts, 21.8 million occurrences) on a 2-core machine shared with other work: 2 threads
 * 21.9 s wall / 11.7 s CPU / 422 MB, 1 thread 22.9 s / 9.2 s / 338 MB. With the automatic 2 epochs SGD is
 * about a third of the run, so the second thread saves little wall time and costs CPU and memory: it is
 * kept for very large epochs only (chnsenticorp's 1.8 million stay on one thread).
 */
export const HOGWILD_EPOCH = 8_000_000;

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
  /** Feature id of each row. */
  ids: Uint32Array;
  /** The row of a feature id, or -1 when the training texts have none (or it was dropped as rare). */
  rowOf: (id: number) => number;
  /** Feature occurrences per character of the training texts (sizes the validation rows' array). */
  perChar: number;
}

/**
 * Texts featurised to estimate the occurrences per character of a file: few, as they are featurised twice
 * (2,000 were a third of chnsenticorp_htl's featurising); the store's margin and growth cover a poor estimate.
 */
const SAMPLE_TEXTS = 256;

function intArray(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
}

/**
 * One array for every occurrence, sized from a sample's occurrences per character with a margin: a new typed
 * array's pages are not resident until written, so the margin costs address space, not memory. Grown (copied)
 * only if the estimate falls short.
 */
function occurrenceStore(texts: readonly string[], fz: Featurizer, chars: number, shared: boolean): Int32Array {
  let sampleChars = 0;
  let sampleOccurrences = 0;
  for (let i = 0; i < Math.min(texts.length, SAMPLE_TEXTS); i++) {
    sampleChars += texts[i].length;
    sampleOccurrences += fz.run(texts[i]);
  }
  const perChar = sampleOccurrences / Math.max(1, sampleChars);
  return intArray(Math.ceil(chars * perChar * 1.25) + 4096, shared);
}

/**
 * Featurises `texts` into rows (in order of first appearance), then keeps only the features found in at least
 * `minDocFreq(total occurrences)` texts, renumbering the rows that stay. One pass over the texts into one
 * array (shared memory when hogwild threads will read it), then renumbered and compacted in place: the
 * occurrences are held once (they were twice, as chunks and as their copy: 87 MB more on a 74,544-row
 * Chinese file).
 */
async function encode(
  texts: readonly string[],
  features: FeatureOptions,
  chars: number,
  expectedRows: number,
  minDocFreq: (occurrences: number) => number,
  shared: boolean,
  slicer: TimeSlicer,
): Promise<Encoded> {
  const index = new IdIndex(expectedRows);
  const fz = new Featurizer(features);
  let store = occurrenceStore(texts, fz, chars, shared);
  const offsets = intArray(texts.length + 1, shared);
  let total = 0;
  let touched = 0;
  for (let doc = 0; doc < texts.length; doc++) {
    const count = fz.run(texts[doc]);
    const ids = fz.ids;
    touched += index.touch(ids, count); // ~30% faster adds on tables larger than the cache
    if (total + count > store.length) {
      const grown = intArray(Math.max(Math.ceil(store.length * 1.5), total + count), shared);
      grown.set(store.subarray(0, total));
      store = grown;
    }
    for (let j = 0; j < count; j++) store[total + j] = index.addInDoc(ids[j], doc);
    total += count;
    offsets[doc + 1] = total;
    if (slicer.due()) await slicer.pause();
  }
  if (touched === Infinity) throw new Error('unreachable'); // keeps the touches live
  const allIds = index.ids();
  const allDf = index.docFreqs();
  const minDf = minDocFreq(total);

  // Renumber the rows that stay; -1 for those dropped.
  const newRow = new Int32Array(allIds.length);
  let rows = 0;
  for (let r = 0; r < allIds.length; r++) newRow[r] = allDf[r] >= minDf ? rows++ : -1;
  const ids = new Uint32Array(rows);
  const docFreq = new Int32Array(rows);
  for (let r = 0; r < allIds.length; r++) {
    if (newRow[r] >= 0) {
      ids[newRow[r]] = allIds[r];
      docFreq[newRow[r]] = allDf[r];
    }
  }
  // Compact in place: the write position never passes the read position.
  let at = 0;
  let start = 0;
  for (let doc = 0; doc < texts.length; doc++) {
    const end = offsets[doc + 1];
    for (let j = start; j < end; j++) {
      const r = newRow[store[j]];
      if (r >= 0) store[at++] = r;
    }
    offsets[doc + 1] = at;
    start = end;
  }
  const feats = store.subarray(0, at);
  const rowOf = (id: number): number => {
    const r = index.get(id);
    return r < 0 ? -1 : newRow[r];
  };
  return { feats, offsets, docFreq, ids, rowOf, perChar: total / Math.max(1, chars) };
}

/** Smoothed IDF as scikit-learn's TfidfVectorizer computes it: ln((1 + N) / (1 + df)) + 1. */
export function idfWeights(docFreq: Int32Array, docs: number): Float32Array {
  const w = new Float32Array(docFreq.length);
  for (let r = 0; r < docFreq.length; r++) w[r] = Math.log((1 + docs) / (1 + docFreq[r])) + 1;
  return w;
}

/** Per-row weights (shared with the helper threads when they run) and per-example scales for sgdSlice (see SgdState). */
async function poolingArrays(
  enc: Encoded,
  rowWeights: Float32Array | undefined,
  docs: number,
  pooling: Pooling,
  shared: boolean,
  slicer: TimeSlicer,
): Promise<Pick<SgdState, 'rowWeight' | 'docScale'>> {
  const rowWeight = rowWeights ? (shared ? copySharedFloat(rowWeights) : rowWeights) : null;
  const docScale = floatArray(docs, shared);
  for (let i = 0; i < docs; i++) {
    let total = 0;
    for (let j = enc.offsets[i]; j < enc.offsets[i + 1]; j++) {
      const w = rowWeight ? rowWeight[enc.feats[j]] : 1;
      total += poolingTerm(w, pooling.norm);
    }
    docScale[i] = poolingScale(total, pooling.norm);
    if (slicer.due()) await slicer.pause();
  }
  return { rowWeight, docScale };
}

function copySharedFloat(a: Float32Array): Float32Array {
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

function copyShared(a: Int32Array): Int32Array {
  const s = new Int32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

export function floatArray(length: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
}

/** |emb| max · |out| max · dim in float32: Infinity when the collapsed table could overflow (weights gone astray). */
function collapsedBound(state: SgdState): number {
  const maxAbs = (a: Float32Array): number => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
    return m;
  };
  return Math.fround(maxAbs(state.emb) * maxAbs(state.out) * state.dim);
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

/** A trained fast model and how its training ended. */
export interface FastFit {
  model: FastModel;
  fit: FitOutcome;
}

/** The options given over the defaults. */
export function fastOptions(given: Partial<FastOptions> | undefined): FastOptions {
  return {
    ...FAST_DEFAULTS,
    ...given,
    features: { ...FAST_DEFAULTS.features, ...given?.features },
    pooling: { ...FAST_DEFAULTS.pooling, ...given?.pooling },
  };
}

/** The texts a feature must occur in to be kept: minCount, or automatically 1 (AUTO_MIN_COUNT_LARGE on a large epoch). */
export function minDocFreqFor(o: FastOptions, occurrences: number): number {
  return o.minCount > 0 ? o.minCount : occurrences > LARGE_EPOCH ? AUTO_MIN_COUNT_LARGE : 1;
}

/** The epochs to run: the option, or automatically from an epoch's feature occurrences (AUTO_EPOCH_BUDGET). */
export function epochsFor(o: FastOptions, occurrences: number): number {
  return o.epochs > 0 ? o.epochs : Math.min(AUTO_EPOCHS_MAX, Math.max(AUTO_EPOCHS_MIN, Math.ceil(AUTO_EPOCH_BUDGET / Math.max(1, occurrences))));
}

/** The weights early stopping kept. */
interface Kept {
  emb: Float32Array;
  out: Float32Array;
  bias: Float32Array;
}

/**
 * What every fast training does at an epoch's end and after its last: the divergence checks, the validation
 * rows scored from the training state, early stopping with the best epoch's weights copied, and the model
 * collapsed from the weights kept. One place for both trainers (in memory, and streamed: stream.ts).
 */
export class EpochKeeper {
  private readonly stopping: EarlyStopping;
  private best: Kept | undefined;
  private epochsRun = 0;

  constructor(
    private readonly o: FastOptions,
    private readonly state: SgdState,
    private readonly validation: HeldOutRows | undefined,
  ) {
    this.stopping = new EarlyStopping({ patience: o.patience, enabled: o.earlyStopping });
  }

  /** The progress event of epoch `epoch` (stats: [loss sum, correct, count]), and whether to stop. */
  endEpoch(epoch: number, epochs: number, stats: Float64Array): { progress: TrainProgress; stop: boolean } {
    const { o, state, validation } = this;
    this.epochsRun = epoch;
    const loss = stats[0] / Math.max(1, stats[2]);
    // The output layer is small and every update passes through it: a diverging run shows there first.
    assertTrainingFinite(epoch, o.lr, loss, state.out, state.bias);
    const progress: TrainProgress = { phase: 'training', epoch, epochs, loss, accuracy: stats[1] / Math.max(1, stats[2]), epochEnd: true };
    if (!validation) return { progress, stop: false };
    // The weights the scoring table is collapsed from, and a bound on its float32 values (built at the end only).
    assertTrainingFinite(epoch, o.lr, loss, state.emb, [collapsedBound(state)]);
    const scores = heldOutScores(validation, state);
    const verdict = this.stopping.observe(epoch, scores.logits, state.classes, validation.y);
    progress.valLoss = verdict.loss;
    progress.valAccuracy = scores.accuracy;
    // Copied, which is cheaper than collapsing them into a table at every improvement.
    if (verdict.improved) this.best = { emb: state.emb.slice(), out: state.out.slice(), bias: state.bias.slice() };
    return { progress, stop: verdict.stop };
  }

  /** The model of the weights kept, and how the training ended. */
  finish(labels: readonly string[], ids: Uint32Array, rowWeights: Float32Array | undefined, trainedWith: Record<string, unknown>): FastFit {
    const { o, state, stopping, epochsRun } = this;
    const fit = stopping.outcome(epochsRun);
    const kept = stopping.restores(epochsRun) && this.best ? { ...state, ...this.best } : state;
    const final = { table: collapse(kept, ids.length), bias: Float32Array.from(kept.bias) };
    assertTrainingFinite(epochsRun, o.lr, 0, final.table, final.bias);
    const model = new FastModel(labels, o.features, o.pooling, ids, final.table, final.bias, rowWeights, o.dim);
    model.trainedWith = { epochsRun, bestEpoch: fit.bestEpoch, lr: o.lr, decay: o.decay, dim: o.dim, seed: o.seed, smoothing: o.smoothing, ...trainedWith };
    return { model, fit };
  }
}

/** The width of the SGD's embedding rows, whether its output layer learns, and its learning rate. */
export interface SgdLayout {
  kind: 'factorised' | 'linear';
  dim: number;
  trainOut: boolean;
  lr: number;
}

/**
 * Feature occurrences per epoch from which the automatic layout is linear. Cross-validated on the training
 * files (bench/train/tune.ts, grid linear): on chnsenticorp_htl (about 1.2 million per fit) the linear layout
 * scored as the factorised one (macro-F1 0.883 / ECE 0.017 against 0.883 / 0.016), on the ~800-row English
 * sets (about 20,000) 0.006–0.015 lower; nothing between was measured.
 */
export const LINEAR_EPOCH = 300_000;

/**
 * The linear layout's learning rate is the option's times this: a row's gradient no longer passes through
 * an output layer, and the pooling divides it by √(Σ w²) (some 300 features per Chinese review). 20 (the
 * default 0.1 → 2) cross-validated best of 0.05–0.4 × 20 (grid linear).
 */
export const LINEAR_RATE_SCALE = 20;

/**
 * fastText's factorised layout (dim-wide embeddings, a learnt classes × dim output layer), or the linear one:
 * each row holds its feature's class scores directly (the output layer the identity) — the table the model
 * is collapsed to anyway, so with no more classes than dim it can learn every model the factorised one can.
 * It moves a quarter of the memory per feature on two classes (the SGD is bound by fetching random rows of
 * a table larger than the cache). Automatically linear on large epochs (LINEAR_EPOCH) with classes ≤ dim.
 */
export function sgdLayout(o: FastOptions, classes: number, occurrences: number): SgdLayout {
  const linear = o.layout === 'linear' || (o.layout === 'auto' && classes <= o.dim && occurrences >= LINEAR_EPOCH);
  return linear ? { kind: 'linear', dim: classes, trainOut: false, lr: o.lr * LINEAR_RATE_SCALE } : { kind: 'factorised', dim: o.dim, trainOut: true, lr: o.lr };
}

/** The weights an SGD run starts from, for `layout`: rows × dim embeddings, the output layer and its biases. */
export type SgdWeights = Pick<SgdState, 'emb' | 'out' | 'bias' | 'dim' | 'trainOut' | 'classes'>;

/**
 * The first weights, in the in-memory and the streamed trainers alike: embeddings and biases at zero, the
 * output layer small and random. fastText initialises the input embeddings and zeroes the output; zero
 * embeddings with a random output learn the same and leave features unseen in training at exactly 0. The
 * linear layout's output layer is the identity, and stays so.
 */
export function initialWeights(layout: SgdLayout, rows: number, classes: number, random: () => number, shared = false): SgdWeights {
  const { dim } = layout;
  const out = floatArray(classes * dim, shared);
  if (!layout.trainOut) {
    for (let c = 0; c < classes; c++) out[c * dim + c] = 1;
  } else {
    const scale = 1 / dim;
    for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * scale;
  }
  return { emb: floatArray(rows * dim, shared), out, bias: floatArray(classes, shared), dim, trainOut: layout.trainOut, classes };
}

export async function trainFast(input: FastTrainInput): Promise<FastFit> {
  const o = fastOptions(input.options);
  const { labels, signal, onProgress } = input;
  const k = labels.length;
  const n = input.train.texts.length;
  if (n === 0) throw new Error('No training rows.');

  onProgress?.({ phase: 'tokenising', rowsRead: n });
  // Distinct features grow with the text (a small file must not pay for a big table): start from its size.
  let chars = 0;
  for (const t of input.train.texts) chars += t.length;
  // Decide on threads after featurising (it depends on the number of features), but SharedArrayBuffers
  // must be chosen up front: use them whenever a second thread is allowed at all.
  const mayShare = o.threads !== 1;
  // Featurising a large file takes seconds: in slices, so a cancel is seen at once.
  const slicer = new TimeSlicer(signal);
  const enc = await encode(
    input.train.texts,
    o.features,
    chars,
    Math.min(1 << 18, chars),
    (occurrences) => minDocFreqFor(o, occurrences),
    mayShare,
    slicer,
  );
  signal?.throwIfAborted();
  const rows = enc.ids.length;
  const threads = o.threads > 0 ? o.threads : enc.feats.length > HOGWILD_EPOCH ? 2 : 1;
  const epochs = epochsFor(o, enc.feats.length);

  const random = mulberry32(o.seed);
  const shared = mayShare && threads > 1;
  const rowWeights = o.pooling.idf ? idfWeights(enc.docFreq, n) : undefined;
  const pooled = await poolingArrays(enc, rowWeights, n, o.pooling, shared, slicer);
  const layout = sgdLayout(o, k, enc.feats.length);
  const state: SgdState = {
    ...initialWeights(layout, rows, k, random, shared),
    feats: enc.feats,
    offsets: enc.offsets,
    y: shared ? copyShared(Int32Array.from(input.train.y)) : Int32Array.from(input.train.y),
    classWeight: Float32Array.from(input.classWeights ?? labels.map(() => 1)),
    smoothing: o.smoothing,
    ...pooled,
  };

  const pool = threads > 1 ? await HogwildPool.start(state, threads - 1) : undefined;
  const order = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // A constant rate is a schedule that never reaches its end.
  const totalSteps = o.decay === 'constant' ? Infinity : epochs * n;
  const validation =
    input.validation && input.validation.texts.length > 0
      ? encodeHeldOut(input.validation.texts, input.validation.y, o.features, o.pooling, enc.rowOf, rowWeights, enc.perChar)
      : undefined;
  const keeper = new EpochKeeper(o, state, validation);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(order, random);
      const stats = new Float64Array(3);
      const stepBase = (epoch - 1) * n;
      if (pool) {
        // Hogwild: the helper threads take the tail of the shuffled order, this thread the head; all write
        // the same shared weights without locks (sparse updates rarely collide).
        const mine = Math.floor(n / threads);
        const others = pool.run(order, mine, n, layout.lr, stepBase, totalSteps, threads);
        await runSlices(state, order, 0, mine, layout.lr, stepBase, threads, totalSteps, stats, signal, (done) =>
          onProgress?.({ phase: 'training', epoch, epochs, batch: done * threads, batches: n }),
        );
        const theirs = await others;
        for (let i = 0; i < 3; i++) stats[i] += theirs[i];
      } else {
        await runSlices(state, order, 0, n, layout.lr, stepBase, 1, totalSteps, stats, signal, (done) =>
          onProgress?.({ phase: 'training', epoch, epochs, batch: done, batches: n }),
        );
      }
      signal?.throwIfAborted();
      const { progress, stop } = keeper.endEpoch(epoch, epochs, stats);
      onProgress?.(progress);
      if (stop) break;
    }
  } finally {
    await pool?.stop();
  }
  return keeper.finish(labels, enc.ids, rowWeights, { epochs, threads, layout: layout.kind });
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
      await cancelPoint(signal);
    }
    last = performance.now();
  }
}
