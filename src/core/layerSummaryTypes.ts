// A model's architecture as Keras' `model.summary()` lists it, and what the estimate of it starts from. Types
// only: the registry's per-kind estimates (fast/layers.ts, tfjs/layers.ts) and layerSummary.ts share them.
import type { ModelKind } from './modelKind';

export interface LayerSummary {
  name: string;
  type: string;
  /** Keras convention: `null` for the batch dimension. */
  outputShape: Array<number | null>;
  params: number;
}

export interface ArchitectureSummary {
  layers: LayerSummary[];
  totalParams: number;
}

/** What the fallback estimate needs to know about a trained model (from its meta.json or the training options). */
export interface ArchitectureFacts {
  kind: ModelKind;
  /** Rows of the embedding table: the vocabulary incl. padding/OOV (and hash buckets for `fast`). */
  vocabSize: number;
  classes: number;
  maxLength?: number;
  embeddingDim?: number;
  /** LSTM units. */
  units?: number;
  /** LSTM dropout rates (inputs, recurrent state): no parameters, shown in the layer's type. */
  dropout?: number;
  recurrentDropout?: number;
  /** fast: trained as a linear softmax (fast/train.ts sgdLayout): each row its feature's class scores, no hidden width. */
  linear?: boolean;
  /** Conv1D filters and kernel width. */
  filters?: number;
  kernelSize?: number;
}
