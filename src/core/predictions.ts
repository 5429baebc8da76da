// What a classifier says about a text, and the packed form the worker sends a batch of them in.

export interface Prediction {
  label: string;
  confidence: number;
  /** In the order of the model's labels. */
  probabilities: number[];
}

export interface TokenContribution {
  token: string;
  /** Signed push towards the predicted label. */
  weight: number;
}

/** One Prediction per text as the probabilities, row-major texts × labels (the worker's 'scored' message). */
export function packProbabilities(predictions: readonly Prediction[], classes: number): Float32Array {
  const out = new Float32Array(predictions.length * classes);
  predictions.forEach((p, i) => out.set(p.probabilities, i * classes));
  return out;
}

/** Packed probabilities (texts × labels, row-major) as one Prediction per text (its label: the most probable). */
export function unpackPredictions(labels: readonly string[], probabilities: Float32Array): Prediction[] {
  const k = labels.length;
  const n = k === 0 ? 0 : probabilities.length / k;
  const out: Prediction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p: number[] = new Array(k);
    let best = 0;
    for (let c = 0; c < k; c++) {
      p[c] = probabilities[i * k + c];
      if (p[c] > p[best]) best = c;
    }
    out[i] = { label: labels[best], confidence: p[best], probabilities: p };
  }
  return out;
}
