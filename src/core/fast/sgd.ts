// The fast model's SGD step over a slice of examples, fastText's supervised update: the hidden vector is the
// mean of the examples' feature embeddings, softmax on top; only the rows of those features are touched.
//
// The function is deliberately self-contained (no imports, no outer names): the hogwild helper thread is
// started from its source text (`sgdSlice.toString()`), so the same code runs on both cores whatever the
// bundler did to the module around it.

/** Shared state of one training run; every array may live in a SharedArrayBuffer. */
export interface SgdState {
  /** Feature embeddings, rows × dim. */
  emb: Float32Array;
  /** Output weights, classes × dim, and biases. */
  out: Float32Array;
  bias: Float32Array;
  dim: number;
  classes: number;
  /** Features of all training examples, concatenated; example i owns feats[offsets[i]..offsets[i+1]). */
  feats: Int32Array;
  offsets: Int32Array;
  y: Int32Array;
  /** Loss weight per class (1 when classes are not weighted). */
  classWeight: Float32Array;
  /**
   * Pooling weight of each row (the feature's IDF), or null when all weights are 1. Per row, not per
   * occurrence: a copy per occurrence saved a cache miss per feature but took as much memory as the features
   * themselves (87 MB of a 74,544-row Chinese file's peak), and the row array is small enough to stay cached.
   */
  rowWeight: Float32Array | null;
  /** Per example: 1 / Σ w (mean pooling) or 1 / √Σ w² (L2 pooling), computed once when featurising. */
  docScale: Float32Array;
  /** Label smoothing: the target is 1 − smoothing on the label plus smoothing / classes on every class. */
  smoothing: number;
  /**
   * Whether the output layer learns. Off for the linear layout (train.ts sgdLayout): `out` is the identity
   * (dim = classes), so an embedding row is the feature's class scores and only it and the bias learn.
   */
  trainOut: boolean;
}

/**
 * Trains on examples order[from..to). The learning rate decays linearly from `lr` to 0 over `totalSteps`
 * updates; this slice's first update is number `step`, and consecutive updates advance by `stride` (the
 * thread count, so two hogwild threads share one schedule). Adds [loss sum, correct, count] into `stats`.
 */
export function sgdSlice(
  s: SgdState,
  order: Int32Array,
  from: number,
  to: number,
  lr: number,
  step: number,
  stride: number,
  totalSteps: number,
  stats: Float64Array,
): void {
  const { emb, out, bias, dim, classes, feats, offsets, y, classWeight, rowWeight, docScale, smoothing, trainOut } = s;
  const spread = smoothing / classes;
  const hidden = new Float32Array(dim);
  const grad = new Float32Array(dim);
  const prob = new Float64Array(classes);
  let lossSum = 0;
  let correct = 0;
  for (let k = from; k < to; k++, step += stride) {
    const ex = order[k];
    const a = offsets[ex];
    const b = offsets[ex + 1];
    const inv = docScale[ex];
    if (b === a || inv === 0) continue;
    const rate = lr * Math.max(0, 1 - step / totalSteps);
    // Load each feature's row once before using any: independent loads, so their cache misses overlap (the
    // accumulating loop below keeps fewer of them in flight). The test only keeps the loads alive.
    let touched = 0;
    for (let j = a; j < b; j++) touched += emb[feats[j] * dim];
    if (touched === Infinity) lossSum += 0;
    hidden.fill(0);
    for (let j = a; j < b; j++) {
      const f = feats[j];
      const w = rowWeight === null ? 1 : rowWeight[f];
      const row = f * dim;
      for (let d = 0; d < dim; d++) hidden[d] += w * emb[row + d];
    }
    for (let d = 0; d < dim; d++) hidden[d] *= inv;
    let max = -Infinity;
    let argmax = 0;
    for (let c = 0; c < classes; c++) {
      let z = bias[c];
      const o = c * dim;
      for (let d = 0; d < dim; d++) z += out[o + d] * hidden[d];
      prob[c] = z;
      if (z > max) {
        max = z;
        argmax = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      prob[c] = Math.exp(prob[c] - max);
      sum += prob[c];
    }
    const label = y[ex];
    const cw = classWeight[label];
    lossSum += -Math.log(Math.max(prob[label] / sum, 1e-12)) * cw;
    if (argmax === label) correct++;
    grad.fill(0);
    for (let c = 0; c < classes; c++) {
      const g = (prob[c] / sum - (c === label ? 1 - smoothing : 0) - spread) * cw * rate;
      if (g === 0) continue;
      const o = c * dim;
      for (let d = 0; d < dim; d++) {
        grad[d] += g * out[o + d];
        if (trainOut) out[o + d] -= g * hidden[d];
      }
      bias[c] -= g;
    }
    for (let d = 0; d < dim; d++) grad[d] *= inv;
    for (let j = a; j < b; j++) {
      const f = feats[j];
      const w = rowWeight === null ? 1 : rowWeight[f];
      const row = f * dim;
      for (let d = 0; d < dim; d++) emb[row + d] -= w * grad[d];
    }
  }
  stats[0] += lossSum;
  stats[1] += correct;
  stats[2] += to - from;
}
