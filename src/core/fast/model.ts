// A trained fast model, collapsed for scoring. The network is linear up to the softmax:
//   logits = bias + out · mean_f(emb[f]) = bias + mean_f(out · emb[f])
// so each feature's embedding can be replaced by its class scores `table[f] = out · emb[f]` (classes numbers
// instead of dim). Scoring then costs one table lookup per feature, the saved model is a few megabytes, and a
// token's contribution to each class logit is exact: the mean of its features' table rows.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Classifier } from '../classifier';
import type { Prediction, TokenContribution } from '../../engine/protocol';
import { tokenSpans } from '../text';
import { forEachFeature, type FeatureOptions } from './features';
import { IdIndex } from './idIndex';

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
  private readonly index: IdIndex;

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
    this.index = IdIndex.of(ids);
  }

  /**
   * Writes the class logits of `text` into `logits` (length classes) and returns the pooling denominator
   * (0 for a text without features). Each seen feature adds w·table[row] to the sum.
   */
  logitsInto(text: string, logits: Float64Array): number {
    const k = this.labels.length;
    const { table, index, rowWeights } = this;
    const { norm, unseenWeight } = this.pooling;
    const weights = this.pooling.idf ? rowWeights! : undefined;
    for (let c = 0; c < k; c++) logits[c] = 0;
    let total = 0;
    forEachFeature(text, this.features, (id) => {
      const row = index.get(id);
      if (row < 0) {
        total += norm === 2 ? unseenWeight * unseenWeight : unseenWeight;
        return;
      }
      const w = weights ? weights[row] : 1;
      total += norm === 2 ? w * w : w;
      const o = row * k;
      for (let c = 0; c < k; c++) logits[c] += w * table[o + c];
    });
    const scale = total > 0 ? (norm === 2 ? 1 / Math.sqrt(total) : 1 / total) : 0;
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
    const k = this.labels.length;
    const probs = this.probabilities(texts);
    const result: Prediction[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const p = Array.from(probs.subarray(i * k, i * k + k));
      let best = 0;
      for (let c = 1; c < k; c++) if (p[c] > p[best]) best = c;
      result[i] = { label: this.labels[best], confidence: p[best], probabilities: p };
    }
    return result;
  }

  async predict(texts: readonly string[]): Promise<Prediction[]> {
    return this.predictSync(texts);
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
    const found: { row: number; start: number; end: number }[] = [];
    forEachFeature(text, this.features, (id, start, end) => found.push({ row: this.index.get(id), start, end }));
    for (const f of found) {
      if (f.row < 0) continue;
      const o = f.row * k;
      let others = 0;
      for (let c = 0; c < k; c++) if (c !== pred) others += this.table[o + c];
      const w = this.pooling.idf ? this.rowWeights![f.row] : 1;
      const share = (this.table[o + pred] - (k > 1 ? others / (k - 1) : 0)) * w * scale;
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
    return { ...meta };
  }

  static async load(dir: string, meta: Record<string, unknown>, labels: readonly string[]): Promise<FastModel> {
    const m = meta as Partial<FastMeta>;
    if (m.fastFormat !== FAST_FORMAT) {
      throw new Error(`This fast model has format ${String(m.fastFormat)}; this version of Neural Lens reads format ${FAST_FORMAT}. Retrain the model.`);
    }
    const rows = Number(m.rows);
    const k = labels.length;
    const file = path.join(dir, FAST_FILE);
    const buf = await fsp.readFile(file);
    const pooling = { ...DEFAULT_POOLING, ...m.pooling };
    if (m.classes !== k || !Number.isInteger(rows) || buf.byteLength !== fileSize(rows, k, pooling.idf)) {
      throw new Error(`${file} does not match meta.json (${rows} rows × ${k} classes expected, ${buf.byteLength} bytes found): the bundle is damaged.`);
    }
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
    return new FastModel(labels, m.features as FeatureOptions, pooling, ids, table, bias, weights, Number(m.dim) || 0);
  }
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
