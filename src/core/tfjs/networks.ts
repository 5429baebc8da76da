// The two TensorFlow.js architectures, as tfjs-layers Sequential models, and the forward pass we train with.
// Every number comes from the run's options (defaults and checks in options.ts):
//   lstm: the article's Keras model — Embedding(vocab, embeddingDim 32, mask_zero) → LSTM(units 64, dropout 0.2,
//         recurrent_dropout 0.2) → Dense(classes, softmax). mask_zero makes padded steps no-ops, so a batch
//         padded to its own longest text gives exactly what padding to maxLength gives; the LSTM is our fused
//         layer (fusedLstm.ts).
//   cnn:  Embedding(vocab, embeddingDim) → Conv1D(filters 128, kernelSize 5, relu) → GlobalMaxPooling1D
//         → Dense(classes, softmax).
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TF } from './tf';
import { fusedLstmClass } from './fusedLstm';
import { TF_DEFAULTS, type TfModelKind } from './options';

export type TfKind = TfModelKind;

/** Every number of the architectures; all can be set per training run (the other kind's keep their defaults and change nothing). */
export interface Architecture {
  kind: TfKind;
  vocabSize: number;
  classes: number;
  maxLength: number;
  embeddingDim: number;
  /** lstm */
  units: number;
  dropout: number;
  recurrentDropout: number;
  /** cnn */
  filters: number;
  kernelSize: number;
}

export const ARCHITECTURE_DEFAULTS = {
  maxLength: TF_DEFAULTS.maxLength,
  embeddingDim: TF_DEFAULTS.embeddingDim,
  units: TF_DEFAULTS.units,
  dropout: TF_DEFAULTS.dropout,
  recurrentDropout: TF_DEFAULTS.recurrentDropout,
  filters: TF_DEFAULTS.filters,
  kernelSize: TF_DEFAULTS.kernelSize,
} as const;

export function buildModel(tf: TF, arch: Architecture, seed: number): LayersModel {
  const embedding = tf.layers.embedding({
    name: 'embedding',
    inputDim: arch.vocabSize,
    outputDim: arch.embeddingDim,
    inputShape: [null] as unknown as number[],
    maskZero: arch.kind === 'lstm',
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
  });
  const dense = tf.layers.dense({
    name: 'dense',
    units: arch.classes,
    activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
  });
  if (arch.kind === 'lstm') {
    const FusedLstm = fusedLstmClass(tf);
    const lstm = new FusedLstm({
      name: 'lstm',
      units: arch.units,
      dropout: arch.dropout,
      recurrentDropout: arch.recurrentDropout,
      seed: seed + 1,
    });
    return tf.sequential({ name: 'lstm_classifier', layers: [embedding, lstm, dense] });
  }
  const conv = tf.layers.conv1d({
    name: 'conv1d',
    filters: arch.filters,
    kernelSize: arch.kernelSize,
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
  });
  const pool = tf.layers.globalMaxPooling1d({ name: 'global_max_pooling1d' });
  return tf.sequential({ name: 'cnn_classifier', layers: [embedding, conv, pool, dense] });
}

/**
 * The model's output for a batch of token ids (B×L, pre-padded), layer by layer so that `training` reaches
 * every layer (dropout) and the embedding's padding mask reaches the LSTM. (LayersModel.apply forwards
 * neither: its internal graph replays the call arguments recorded when the model was built.)
 */
export function forward(model: LayersModel, ids: Tensor, training: boolean): Tensor {
  let x = ids;
  let mask: Tensor | null = null;
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const y = layer.apply(x, { mask, training }) as Tensor;
    mask = (layer.computeMask(x, mask ?? undefined) as Tensor | null) ?? null;
    x = y;
  }
  return x;
}

/**
 * How long the padded batch must be so that its predictions equal those at full `maxLength` padding.
 * lstm: padded steps are masked, so the longest text suffices. cnn: every window that overlaps padding must
 * exist and one all-padding window too (its value is the same however many there are), so kernelSize more.
 */
export function batchLength(arch: Pick<Architecture, 'kind' | 'maxLength' | 'kernelSize'>, longest: number): number {
  if (arch.kind === 'lstm') return Math.max(1, Math.min(arch.maxLength, longest));
  return Math.max(arch.kernelSize, Math.min(arch.maxLength, longest + arch.kernelSize));
}
