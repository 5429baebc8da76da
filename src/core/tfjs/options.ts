// The numbers of an lstm or cnn run, every one filled in: the registry's defaults and checks (core/modelKinds.ts)
// gathered for the TensorFlow.js half. Pure — no TensorFlow.js, types only — so it loads without it.
//
//   lstm: Tokenizer(maxWords) → pad/truncate to maxLength → Embedding(vocab, embeddingDim)
//         → LSTM(units, dropout, recurrentDropout) → Dense(classes, softmax)
//   cnn:  … → Embedding(vocab, embeddingDim) → Conv1D(filters, kernelSize, relu) → GlobalMaxPooling1D → Dense
//   both: adam(learningRate) on categorical cross-entropy, `epochs` epochs of `batchSize` rows.
import type { ModelKind } from '../modelKind';
import { modelDefaults, resolveModelOptions } from '../modelKinds';
import type { TrainOptions } from '../trainTypes';

/** The kinds the TensorFlow.js half builds (models.ts). */
export const TF_MODEL_KINDS = ['lstm', 'cnn'] as const satisfies readonly ModelKind[];

export type TfModelKind = (typeof TF_MODEL_KINDS)[number];

/** The defaults of both kinds: a setting of one kind keeps its default in the other's run (and changes nothing there). */
export const TF_DEFAULTS = { ...modelDefaults('lstm'), ...modelDefaults('cnn') } as const;

/** Every number a TensorFlow.js training run uses, defaults filled in. */
export type TfSettings = { -readonly [K in keyof typeof TF_DEFAULTS]: number };

/**
 * The settings of an lstm/cnn run: the options given, else the defaults, checked (RangeError naming the
 * option). Options the other kind uses are ignored: their entries keep the defaults.
 */
export function resolveTfSettings(kind: TfModelKind, o: Partial<TrainOptions>): TfSettings {
  return { ...TF_DEFAULTS, ...resolveModelOptions(kind, o) };
}
