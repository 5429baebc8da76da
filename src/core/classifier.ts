// The one interface every model kind implements, so bundle.ts, the worker and the CLI never care which kind
// they hold.
import type { ModelKind } from './modelKind';
import type { Prediction, TokenContribution } from './predictions';

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
