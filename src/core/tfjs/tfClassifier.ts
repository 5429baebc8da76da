// A trained lstm/cnn model behind the Classifier interface: prediction in length-sorted batches, occlusion
// explanations, saving as a TensorFlow.js layers model plus the vocabulary.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import { packProbabilities, type Prediction, type TokenContribution } from '../predictions';
import type { TF } from './tf';
import type { Classifier } from '../classifier';
import { firstNonFinite } from '../divergence';
import { lastTokens, Vocabulary } from '../text';
import { encodeTexts, lengthSortedChunks, padRows } from './batches';
import { layersModelOf, saveLayersModel } from './modelFiles';
import { MODEL_FILE, VOCAB_FILE, WEIGHTS_FILE, readTfModelFiles } from './savedModel';
import { batchLength, forward, type Architecture } from './networks';
import { TF_MODEL_KINDS } from './options';
import { CoreError, coreText } from '../coreText';

/** Version of what save() writes; loadTfClassifier refuses others. */
export const TF_MODEL_FORMAT = 'neural-lens-tfjs-1';
/** Rows per forward pass when predicting: bounds memory, sorted by length so padding stays small. */
const PREDICT_BATCH = 128;

/** What save() returns for meta.json, and loadTfClassifier reads back. */
export interface TfModelMeta extends Record<string, unknown> {
  format: typeof TF_MODEL_FORMAT;
  kind: Architecture['kind'];
  labels: string[];
  architecture: Architecture;
  tokenizer: 'words';
  files: { model: string; weights: string; vocabulary: string };
}

export class TfClassifier implements Classifier {
  constructor(
    private readonly tf: TF,
    private readonly model: LayersModel,
    private readonly vocab: Vocabulary,
    private readonly arch: Architecture,
    readonly labels: readonly string[],
  ) {}

  get kind(): Architecture['kind'] {
    return this.arch.kind;
  }

  async predict(texts: readonly string[]): Promise<Prediction[]> {
    const probs = this.probabilities(encodeTexts(texts, this.vocab, this.arch.maxLength));
    return probs.map((p) => {
      const best = argMax(p);
      return { label: this.labels[best], confidence: p[best], probabilities: Array.from(p) };
    });
  }

  async predictPacked(texts: readonly string[]): Promise<Float32Array> {
    return packProbabilities(await this.predict(texts), this.labels.length);
  }

  /**
   * Occlusion: each kept token is removed in turn, and its weight is how much the predicted label's log-odds
   * drop without it (negative when the text leans that way more without it). Log-odds, not probability:
   * a confident model's probability barely moves for any one word (0.99999 → 0.9999), which would rank
   * words by noise; log-odds keep the evidence visible. All variants run as one batched pass.
   */
  async explain(text: string, top = 8): Promise<TokenContribution[]> {
    // 'pre' truncation: the model reads the end of the text.
    const tokens = lastTokens(text, this.arch.maxLength);
    const kept = this.vocab.encode(tokens);
    if (kept.length === 0) return [];
    const variants = [kept, ...kept.map((_, i) => [...kept.slice(0, i), ...kept.slice(i + 1)])];
    const probs = this.probabilities(variants);
    const label = argMax(probs[0]);
    const base = logOdds(probs[0], label);
    return kept
      .map((_, i) => ({ token: tokens[i], weight: base - logOdds(probs[i + 1], label) }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .slice(0, top);
  }

  async save(dir: string): Promise<TfModelMeta> {
    await saveLayersModel(this.tf, this.model, dir);
    await fsp.writeFile(path.join(dir, VOCAB_FILE), JSON.stringify(this.vocab.toJSON()));
    return {
      format: TF_MODEL_FORMAT,
      kind: this.arch.kind,
      labels: [...this.labels],
      architecture: { ...this.arch },
      tokenizer: 'words',
      files: { model: MODEL_FILE, weights: WEIGHTS_FILE, vocabulary: VOCAB_FILE },
    };
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Class probabilities for each id sequence (already truncated), in input order. */
  private probabilities(seqs: number[][]): Float32Array[] {
    const out = new Array<Float32Array>(seqs.length);
    const classes = this.labels.length;
    for (const rows of lengthSortedChunks(seqs.map((s) => s.length), PREDICT_BATCH)) {
      const length = batchLength(this.arch, seqs[rows[rows.length - 1]].length);
      const values = this.tf.tidy(() => {
        const ids = this.tf.tensor2d(padRows(seqs, rows, length), [rows.length, length], 'int32');
        return forward(this.model, ids, false).dataSync() as Float32Array;
      });
      rows.forEach((r, i) => (out[r] = values.slice(i * classes, (i + 1) * classes)));
    }
    return out;
  }
}

/** log(p_c / Σ_{j≠c} p_j), from the other classes' probabilities so that p_c ≈ 1 loses no precision. */
function logOdds(p: ArrayLike<number>, c: number): number {
  let rest = 0;
  for (let j = 0; j < p.length; j++) if (j !== c) rest += p[j];
  return Math.log(Math.max(p[c], 1e-30)) - Math.log(Math.max(rest, 1e-30));
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Loads what TfClassifier.save wrote; `meta` is what it returned (plus the bundle's labels and kind). */
export async function loadTfClassifier(tf: TF, dir: string, meta: Record<string, unknown>): Promise<TfClassifier> {
  if (meta.format !== TF_MODEL_FORMAT) {
    throw new CoreError(coreText('tfjsFormat', dir, String(meta.format), TF_MODEL_FORMAT));
  }
  const arch = meta.architecture as Architecture | undefined;
  const labels = meta.labels as string[] | undefined;
  if (!arch || !(TF_MODEL_KINDS as readonly unknown[]).includes(arch.kind) || !Array.isArray(labels) || labels.length !== arch.classes) {
    throw new CoreError(coreText('tfjsIncomplete', dir));
  }
  // Read and checked against meta.json before TensorFlow.js builds anything (savedModel.ts).
  const files = readTfModelFiles(dir, arch);
  const model = await layersModelOf(tf, files);
  if (model.weights.some((w) => firstNonFinite(w.read().dataSync() as Float32Array) >= 0)) {
    model.dispose();
    throw new CoreError(coreText('weightsNotFinite', dir));
  }
  return new TfClassifier(tf, model, files.vocab, arch, labels);
}
