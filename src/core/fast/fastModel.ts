// A trained fast model, collapsed for scoring. The network is linear up to the softmax:
//   logits = bias + out · mean_f(emb[f]) = bias + mean_f(out · emb[f])
// so each feature's embedding can be replaced by its class scores `table[f] = out · emb[f]` (classes numbers
// instead of dim). Scoring then costs one table lookup per feature, the saved model is a few megabytes, and a
// token's contribution to each class logit is exact: the mean of its features' table rows.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { memoryAvailable } from '../memoryBudget';
import { readRegularFile, refusalText } from '../regularFile';
import type { Classifier } from '../classifier';
import { CoreError, coreText } from '../coreText';
import { firstNonFinite } from '../divergence';
import { unpackPredictions, type Prediction, type TokenContribution } from '../predictions';
import { tokenSpans } from '../text';
import { Featurizer, type FeatureOptions } from './features';

export const FAST_FILE = 'fast.bin';
export const FAST_FORMAT = 1;

/** How feature vectors are pooled into the hidden vector (the same at training and scoring time). */
export interface Pooling {
  /** 1: weighted mean (fastText); 2: divided by the L2 norm of the weights. */
  norm: 1 | 2;
  /** Each feature's weight is its IDF (rows carry a weight) rather than 1. */
  idf: boolean;
  /** Weight of a feature never seen in training, in the denominator only (it has no vector). */
  unseenWeight: number;
}

export const DEFAULT_POOLING: Pooling = { norm: 2, idf: true, unseenWeight: 0 };

/** What a feature of weight `w` adds to a text's pooling total: w for a mean, w² for the L2 norm. */
export const poolingTerm = (w: number, norm: Pooling['norm']): number => (norm === 2 ? w * w : w);

/** The factor a text's summed vectors are scaled by, from its pooling total (0 for a text without features). */
export const poolingScale = (total: number, norm: Pooling['norm']): number => (total > 0 ? (norm === 2 ? 1 / Math.sqrt(total) : 1 / total) : 0);

/** What meta.json records about a fast model (besides what bundle.ts adds). */
export interface FastMeta {
  fastFormat: number;
  features: FeatureOptions;
  pooling: Pooling;
  rows: number;
  classes: number;
  dim: number;
}

export class FastModel implements Classifier {
  readonly kind = 'fast' as const;
  /** How it was trained (epochs, learning rate, threads), recorded in meta.json by save(). */
  trainedWith?: Record<string, unknown>;
  private readonly featurizer: Featurizer;
  /**
   * The scoring table: open addressing over one buffer, a slot per feature holding
   * [id (uint32), pooling weight w or w² (float32; -1 marks an empty slot), w·table[row][0..classes)], so a
   * lookup touches one cache line.
   */
  private readonly slotKeys: Uint32Array;
  private readonly slotValues: Float32Array;
  private readonly slotShift: number;
  private readonly slotMask: number;
  private readonly stride: number;
  /** Written by logitsInto so the engine cannot drop its cache-warming loads as dead code. */
  touched = 0;

  /**
   * @param ids feature id of each table row
   * @param table rows × classes class scores
   * @param rowWeights each row's pooling weight (IDF), when pooling.idf
   * @param dim embedding size it was trained with (informational once collapsed)
   */
  constructor(
    readonly labels: readonly string[],
    readonly features: FeatureOptions,
    readonly pooling: Pooling,
    readonly ids: Uint32Array,
    readonly table: Float32Array,
    readonly bias: Float32Array,
    readonly rowWeights: Float32Array | undefined,
    readonly dim: number,
  ) {
    if (table.length !== ids.length * labels.length) throw new RangeError('table size does not match ids × classes');
    if (pooling.idf && rowWeights?.length !== ids.length) throw new RangeError('IDF pooling needs one weight per row');
    this.featurizer = new Featurizer(features);
    const k = labels.length;
    this.stride = k + 2;
    let capacity = 16;
    while (capacity * 0.6 < ids.length) capacity *= 2;
    const buffer = new ArrayBuffer(capacity * this.stride * 4);
    this.slotKeys = new Uint32Array(buffer);
    this.slotValues = new Float32Array(buffer);
    this.slotMask = capacity - 1;
    this.slotShift = 32 - Math.log2(capacity);
    for (let slot = 0; slot < capacity; slot++) this.slotValues[slot * this.stride + 1] = -1;
    for (let row = 0; row < ids.length; row++) {
      const w = pooling.idf ? rowWeights![row] : 1;
      let slot = Math.imul(ids[row], 0x9e3779b1) >>> this.slotShift;
      while (this.slotValues[slot * this.stride + 1] >= 0) slot = (slot + 1) & this.slotMask;
      const base = slot * this.stride;
      this.slotKeys[base] = ids[row];
      this.slotValues[base + 1] = poolingTerm(w, pooling.norm);
      for (let c = 0; c < k; c++) this.slotValues[base + 2 + c] = w * table[row * k + c];
    }
  }

  /** Offset of the slot of feature `id` in the scoring table, or -1 if training never saw it. */
  private slotOf(id: number): number {
    const { slotKeys, slotValues, stride, slotMask } = this;
    let slot = Math.imul(id, 0x9e3779b1) >>> this.slotShift;
    for (;;) {
      const base = slot * stride;
      if (slotValues[base + 1] < 0) return -1;
      if (slotKeys[base] === id) return base;
      slot = (slot + 1) & slotMask;
    }
  }

  /**
   * Writes the class logits of `text` into `logits` (length classes) and returns the pooling denominator
   * (0 for a text without features). Each seen feature adds w·table[row] to the sum.
   */
  logitsInto(text: string, logits: Float64Array): number {
    const k = this.labels.length;
    const { norm, unseenWeight } = this.pooling;
    const unseen = poolingTerm(unseenWeight, norm);
    const { slotKeys, slotValues, stride, slotMask, slotShift } = this;
    for (let c = 0; c < k; c++) logits[c] = 0;
    let total = 0;
    const fz = this.featurizer;
    const n = fz.run(text);
    const ids = fz.ids;
    // Touch every feature's first slot before probing any: these loads do not depend on each other, so the CPU
    // overlaps their cache misses, where the probing loop below would wait for them one by one (1.5× faster
    // on long Chinese lines, whose tables do not fit in cache).
    let touched = 0;
    for (let j = 0; j < n; j++) touched += slotKeys[(Math.imul(ids[j], 0x9e3779b1) >>> slotShift) * stride];
    this.touched = touched;
    for (let j = 0; j < n; j++) {
      const id = ids[j];
      let slot = Math.imul(id, 0x9e3779b1) >>> slotShift;
      for (;;) {
        const base = slot * stride;
        const w = slotValues[base + 1];
        if (w < 0) {
          total += unseen;
          break;
        }
        if (slotKeys[base] === id) {
          total += w;
          for (let c = 0; c < k; c++) logits[c] += slotValues[base + 2 + c];
          break;
        }
        slot = (slot + 1) & slotMask;
      }
    }
    const scale = poolingScale(total, norm);
    for (let c = 0; c < k; c++) logits[c] = this.bias[c] + logits[c] * scale;
    return scale;
  }

  /** Probabilities of every text, row-major texts × classes: the allocation-free path for big batches. */
  probabilities(texts: readonly string[]): Float32Array {
    const k = this.labels.length;
    const out = new Float32Array(texts.length * k);
    const logits = new Float64Array(k);
    texts.forEach((t, i) => {
      this.logitsInto(t, logits);
      softmaxInto(logits, out, i * k);
    });
    return out;
  }

  predictSync(texts: readonly string[]): Prediction[] {
    return unpackPredictions(this.labels, this.probabilities(texts));
  }

  async predict(texts: readonly string[]): Promise<Prediction[]> {
    return this.predictSync(texts);
  }

  async predictPacked(texts: readonly string[]): Promise<Float32Array> {
    return this.probabilities(texts);
  }

  /**
   * Exact attribution of the predicted class's margin to the words of `text`. The margin is
   * logit[predicted] − mean of the other logits (for two classes: the log-odds); each feature's share of it is
   * (table[f][pred] − mean_{c≠pred} table[f][c]) · w_f / pooling denominator, and a feature spanning several words (a bigram, a
   * character n-gram across two Chinese words) splits its share evenly between them. The shares of all words
   * plus the bias term add up to the margin.
   */
  explainSync(text: string, top = 8): TokenContribution[] {
    const k = this.labels.length;
    const logits = new Float64Array(k);
    const scale = this.logitsInto(text, logits);
    let pred = 0;
    for (let c = 1; c < k; c++) if (logits[c] > logits[pred]) pred = c;
    const words = tokenSpans(text);
    if (words.length === 0) return [];
    const weights = new Float64Array(words.length);
    const found: { base: number; start: number; end: number }[] = [];
    const fz = new Featurizer(this.features, true);
    const count = fz.run(text);
    for (let j = 0; j < count; j++) found.push({ base: this.slotOf(fz.ids[j]), start: fz.starts[j], end: fz.ends[j] });
    const v = this.slotValues;
    for (const f of found) {
      if (f.base < 0) continue;
      let others = 0;
      for (let c = 0; c < k; c++) if (c !== pred) others += v[f.base + 2 + c];
      const share = (v[f.base + 2 + pred] - (k > 1 ? others / (k - 1) : 0)) * scale;
      // Words overlapping the feature's span.
      let first = -1;
      let last = -1;
      for (let w = 0; w < words.length; w++) {
        if (words[w].end > f.start && words[w].start < f.end) {
          if (first < 0) first = w;
          last = w;
        }
      }
      if (first < 0) continue; // e.g. "!" is a feature but not a word
      const each = share / (last - first + 1);
      for (let w = first; w <= last; w++) weights[w] += each;
    }
    // The same word may occur several times: report it once with its total.
    const byToken = new Map<string, number>();
    words.forEach((w, i) => byToken.set(w.token, (byToken.get(w.token) ?? 0) + weights[i]));
    return [...byToken.entries()]
      .map(([token, weight]) => ({ token, weight }))
      .filter((t) => t.weight !== 0)
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .slice(0, top);
  }

  async explain(text: string, top?: number): Promise<TokenContribution[]> {
    return this.explainSync(text, top);
  }

  /**
   * fast.bin, little-endian: ids (uint32 × rows), bias (float32 × classes), table (float32 × rows × classes),
   * then with IDF pooling the row weights (float32 × rows).
   */
  async save(dir: string): Promise<Record<string, unknown>> {
    const rows = this.ids.length;
    const k = this.labels.length;
    const weights = this.pooling.idf ? this.rowWeights! : undefined;
    const buf = Buffer.alloc(fileSize(rows, k, this.pooling.idf));
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let o = 0;
    for (let i = 0; i < rows; i++, o += 4) view.setUint32(o, this.ids[i], true);
    for (let c = 0; c < k; c++, o += 4) view.setFloat32(o, this.bias[c], true);
    for (let i = 0; i < rows * k; i++, o += 4) view.setFloat32(o, this.table[i], true);
    if (weights) for (let i = 0; i < rows; i++, o += 4) view.setFloat32(o, weights[i], true);
    await fsp.writeFile(path.join(dir, FAST_FILE), buf);
    const meta: FastMeta = { fastFormat: FAST_FORMAT, features: { ...this.features }, pooling: { ...this.pooling }, rows, classes: k, dim: this.dim };
    return { ...meta, ...(this.trainedWith ? { trainedWith: this.trainedWith } : {}) };
  }

  /**
   * Loads what save() wrote. meta.json says what fast.bin holds, and everything is checked against it before a
   * byte is allocated: the features and pooling, the rows and classes, then fast.bin's size (a regular file of
   * exactly that size, or nothing is read) and the memory the table will take.
   */
  static async load(dir: string, meta: Record<string, unknown>, labels: readonly string[]): Promise<FastModel> {
    const m = meta as Partial<FastMeta>;
    if (m.fastFormat !== FAST_FORMAT) {
      throw new CoreError(coreText('fastFormat', String(m.fastFormat), FAST_FORMAT));
    }
    const rows = Number(m.rows);
    const k = labels.length;
    const file = path.join(dir, FAST_FILE);
    const features = checkedFeatures(m.features);
    const pooling = checkedPooling({ ...DEFAULT_POOLING, ...m.pooling });
    if (m.classes !== k || !Number.isInteger(rows) || rows < 0) {
      throw new CoreError(coreText('fastMetaShape', String(m.rows), String(m.classes), k));
    }
    const bytes = fileSize(rows, k, pooling.idf);
    // The scoring table takes up to about four times the file (open addressing at ≤ 60% load) besides the file itself.
    const limits = { exactBytes: bytes, maxBytes: Math.floor(memoryAvailable().total / 5) };
    const read = readRegularFile(file, limits);
    if (!read.ok) {
      if (read.reason === 'wrong-size') throw new CoreError(coreText('fastDamaged', file, rows, k, read.size ?? 0));
      throw new CoreError(coreText('bundleDamaged', refusalText(file, read, limits)));
    }
    const buf = read.bytes;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const ids = new Uint32Array(rows);
    const bias = new Float32Array(k);
    const table = new Float32Array(rows * k);
    let o = 0;
    for (let i = 0; i < rows; i++, o += 4) ids[i] = view.getUint32(o, true);
    for (let c = 0; c < k; c++, o += 4) bias[c] = view.getFloat32(o, true);
    for (let i = 0; i < rows * k; i++, o += 4) table[i] = view.getFloat32(o, true);
    let weights: Float32Array | undefined;
    if (pooling.idf) {
      weights = new Float32Array(rows);
      for (let i = 0; i < rows; i++, o += 4) weights[i] = view.getFloat32(o, true);
    }
    if ([bias, table, weights ?? bias].some((a) => firstNonFinite(a) >= 0)) {
      throw new CoreError(coreText('weightsNotFinite', file));
    }
    return new FastModel(labels, features, pooling, ids, table, bias, weights, Number(m.dim) || 0);
  }
}

/** The longest character n-gram a saved model may ask for (the default is 3). */
const MAX_CJK_N = 8;

const isWhole = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** A saved model's feature options, checked: an absurd n-gram length would make every text cost millions of features. */
function checkedFeatures(f: unknown): FeatureOptions {
  const o = (f ?? {}) as Partial<FeatureOptions>;
  const { wordNgrams, cjkMinN, cjkMaxN, minWordLength, symbols, distinct } = o;
  if (
    !isWhole(wordNgrams, 1, 2) ||
    !isWhole(cjkMaxN, 0, MAX_CJK_N) ||
    !isWhole(cjkMinN, 0, Math.max(1, cjkMaxN)) ||
    (minWordLength !== undefined && !isWhole(minWordLength, 1, Number.MAX_SAFE_INTEGER)) ||
    (symbols !== undefined && typeof symbols !== 'boolean') ||
    (distinct !== undefined && typeof distinct !== 'boolean')
  ) {
    throw new CoreError(coreText('fastFeatures', JSON.stringify(f)));
  }
  // The optional ones stay absent when absent: an older bundle's meaning (see FeatureOptions).
  return {
    wordNgrams,
    cjkMinN,
    cjkMaxN,
    ...(minWordLength !== undefined ? { minWordLength } : {}),
    ...(symbols !== undefined ? { symbols } : {}),
    ...(distinct !== undefined ? { distinct } : {}),
  };
}

function checkedPooling(p: Pooling): Pooling {
  if ((p.norm !== 1 && p.norm !== 2) || typeof p.idf !== 'boolean' || !(Number.isFinite(p.unseenWeight) && p.unseenWeight >= 0)) {
    throw new CoreError(coreText('fastPooling', JSON.stringify(p)));
  }
  return p;
}

function fileSize(rows: number, classes: number, idf: boolean): number {
  return 4 * (rows + classes + rows * classes + (idf ? rows : 0));
}

export function softmaxInto(logits: Float64Array, out: Float32Array, offset: number): void {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) if (logits[c] > max) max = logits[c];
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += Math.exp(logits[c] - max);
  for (let c = 0; c < logits.length; c++) out[offset + c] = Math.exp(logits[c] - max) / sum;
}
