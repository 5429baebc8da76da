// Validation rows scored straight from the training state: featurised once, against the training run's rows,
// then per epoch bias + out · (Σ w·emb[row]) · scale — the same logits FastModel.logitsInto gives once the
// model is collapsed (table = emb · outᵀ, see fastModel.ts), without collapsing the table, building a scoring
// table and featurising the texts again at every epoch (half of an epoch's time on chnsenticorp_htl).
import { Featurizer, type FeatureOptions } from './features';
import { poolingScale, poolingTerm, type Pooling } from './fastModel';
import type { SgdState } from './sgd';

export interface HeldOutRows {
  /** Training rows of the seen features, concatenated; text i owns feats[offsets[i]..offsets[i+1]). */
  feats: Int32Array;
  offsets: Int32Array;
  /** Per text: 1 / Σ w or 1 / √Σ w², unseen features counted with pooling.unseenWeight (0 without features). */
  scale: Float64Array;
  y: Int32Array;
  /** Each training row's pooling weight (IDF), or undefined when all are 1. */
  rowWeights: Float32Array | undefined;
}

/**
 * Featurises `texts` once: `rowOf(id)` is the training row of a feature id, or -1 when training never kept it.
 * `perChar` (the training texts' occurrences per character) sizes the array once; it grows only if short.
 */
export function encodeHeldOut(
  texts: readonly string[],
  y: readonly number[],
  features: FeatureOptions,
  pooling: Pooling,
  rowOf: (id: number) => number,
  rowWeights: Float32Array | undefined,
  perChar = 1,
): HeldOutRows {
  const fz = new Featurizer(features);
  const offsets = new Int32Array(texts.length + 1);
  const scale = new Float64Array(texts.length);
  let chars = 0;
  for (const t of texts) chars += t.length;
  let feats = new Int32Array(Math.ceil(chars * perChar * 1.1) + 1024);
  let at = 0;
  const unseen = poolingTerm(pooling.unseenWeight, pooling.norm);
  texts.forEach((text, i) => {
    const n = fz.run(text);
    if (at + n > feats.length) {
      const f = new Int32Array(Math.max(Math.ceil(feats.length * 1.5), at + n));
      f.set(feats.subarray(0, at));
      feats = f;
    }
    let total = 0;
    for (let j = 0; j < n; j++) {
      const row = rowOf(fz.ids[j]);
      if (row < 0) {
        total += unseen;
        continue;
      }
      const w = rowWeights ? rowWeights[row] : 1;
      feats[at++] = row;
      total += poolingTerm(w, pooling.norm);
    }
    offsets[i + 1] = at;
    scale[i] = poolingScale(total, pooling.norm);
  });
  return { feats: feats.subarray(0, at), offsets, scale, y: Int32Array.from(y), rowWeights };
}

/** The logits of every held-out text under the current weights (texts × classes), and the share whose largest logit is the label's. */
export function heldOutScores(rows: HeldOutRows, state: Pick<SgdState, 'emb' | 'out' | 'bias' | 'dim' | 'classes'>): { logits: Float64Array; accuracy: number } {
  const { emb, out, bias, dim, classes } = state;
  const texts = rows.y.length;
  const logits = new Float64Array(texts * classes);
  const hidden = new Float64Array(dim);
  let correct = 0;
  for (let i = 0; i < texts; i++) {
    hidden.fill(0);
    for (let j = rows.offsets[i]; j < rows.offsets[i + 1]; j++) {
      const f = rows.feats[j];
      const w = rows.rowWeights ? rows.rowWeights[f] : 1;
      const e = f * dim;
      for (let d = 0; d < dim; d++) hidden[d] += w * emb[e + d];
    }
    const s = rows.scale[i];
    let best = 0;
    for (let c = 0; c < classes; c++) {
      let z = 0;
      const o = c * dim;
      for (let d = 0; d < dim; d++) z += out[o + d] * hidden[d];
      logits[i * classes + c] = bias[c] + z * s;
      if (logits[i * classes + c] > logits[i * classes + best]) best = c;
    }
    if (best === rows.y[i]) correct++;
  }
  return { logits, accuracy: correct / Math.max(1, texts) };
}
