// The one interface every model kind implements, so bundle.ts, the worker and the CLI never care which kind
// they hold.
import type { ModelKind } from './modelKind';
import type { Prediction, TokenContribution } from './predictions';
import { TimeSlicer } from './timeSlices';

export interface Classifier {
  readonly kind: ModelKind;
  /** Label names in their saved, stable order; probabilities follow it. */
  readonly labels: readonly string[];
  predict(texts: readonly string[]): Promise<Prediction[]>;
  /**
   * The probabilities of every text, row-major texts × labels: what the worker sends for a batch of lines
   * (predictions.ts packs and unpacks it). A model that can skip the Prediction objects does.
   */
  predictPacked(texts: readonly string[]): Promise<Float32Array>;
  /** Tokens that pushed `text` towards its predicted label most (signed), strongest first. */
  explain(text: string, top?: number): Promise<TokenContribution[]>;
  /** Writes the model's own files into `dir` (an existing temporary folder) and returns metadata for meta.json. */
  save(dir: string): Promise<Record<string, unknown>>;
  dispose?(): void;
}

/** Texts per predictPacked call when many are scored at once: an lstm scores this many well within a second. */
export const SCORING_BATCH = 1_000;

/**
 * The probabilities of many texts (validation, out-of-fold and test rows), packed as predictPacked packs them,
 * a batch at a time: between batches a cancel is heard (`signal`), however many rows a file has.
 */
export async function predictPackedInBatches(classifier: Classifier, texts: readonly string[], signal?: AbortSignal): Promise<Float32Array> {
  const k = classifier.labels.length;
  const packed = new Float32Array(texts.length * k);
  const slicer = new TimeSlicer(signal);
  for (let i = 0; i < texts.length; i += SCORING_BATCH) {
    // A cancel comes as a message (the worker) or a signal (the CLI): the event loop runs between slices.
    if (slicer.due()) await slicer.pause();
    signal?.throwIfAborted();
    packed.set(await classifier.predictPacked(texts.slice(i, i + SCORING_BATCH)), i * k);
  }
  return packed;
}
