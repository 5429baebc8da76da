// What the Keras recogniser (recognise.ts) finds, as the extension host sees it: the types and the cheap test
// that decides whether a document is worth parsing. No parser here, so the host imports it directly; the
// parsing runs in dist/parsers.js (codeBlocks.ts).
import type { TrainOptions } from '../trainTypes';
import type { TfModelKind } from '../tfjs/options';

/** The options a Keras model fixes (model included); what it leaves out, the wizard's and engine's defaults fill. */
export type KerasOptions = Pick<
  TrainOptions,
  | 'epochs'
  | 'batchSize'
  | 'maxLength'
  | 'maxWords'
  | 'embeddingDim'
  | 'units'
  | 'dropout'
  | 'recurrentDropout'
  | 'filters'
  | 'kernelSize'
  | 'learningRate'
  | 'validationSplit'
  | 'earlyStopping'
  | 'patience'
  | 'classWeights'
  | 'testSize'
  | 'seed'
> & { model: TfModelKind };

/** Something of the code the engine does not train as written; `code` quotes it (one line). */
export type KerasDifference =
  /** Not trained at all: a layer, an argument, a callback. */
  | { kind: 'dropped'; code: string }
  /** Trained as `by` instead (an optimizer, an activation, a layer the engine has an equivalent of). */
  | { kind: 'replaced'; code: string; by: string }
  /** A number Python computes at run time: the wizard's value is used. */
  | { kind: 'computed'; code: string };

export interface KerasModel {
  /** 0-based line of the `Sequential(…)` call in the text read. */
  line: number;
  /** The variable the model is assigned to, when it is. */
  variable?: string;
  options: KerasOptions;
  /** Units of the output Dense layer when a literal: the CSV must have that many classes. */
  outputClasses?: number;
  /** The model as it will be trained, in Keras notation: "Embedding(10000, 32) → LSTM(64, …) → Dense(3, softmax)". */
  summary: string;
  differences: KerasDifference[];
}

/** Whether a document of this text might hold a Keras Sequential model at all (a cheap test before parsing). */
export function mayHoldKerasModel(text: string): boolean {
  return text.includes('Sequential');
}
