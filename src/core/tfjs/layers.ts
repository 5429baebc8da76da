// The lstm and cnn models as Keras-style layers with Keras' parameter formulas, for the architecture summary
// (see core/layerSummary.ts). Pure arithmetic, no TensorFlow.js: the extension host draws it.
import type { ArchitectureFacts, LayerSummary } from '../layerSummaryTypes';

interface SequenceDefaults {
  maxLength: number;
  embeddingDim: number;
}

/** `LSTM(dropout 0.2, recurrent_dropout 0.2)`, or plain `LSTM` when the rates are not known (Keras' argument names). */
function lstmType(dropout: number | undefined, recurrentDropout: number | undefined): string {
  const args = [
    ...(dropout !== undefined ? [`dropout ${dropout}`] : []),
    ...(recurrentDropout !== undefined ? [`recurrent_dropout ${recurrentDropout}`] : []),
  ];
  return args.length ? `LSTM(${args.join(', ')})` : 'LSTM';
}

function embedded(facts: ArchitectureFacts, d: SequenceDefaults): { maxLength: number; dim: number; layers: LayerSummary[] } {
  const maxLength = facts.maxLength ?? d.maxLength;
  const dim = facts.embeddingDim ?? d.embeddingDim;
  return {
    maxLength,
    dim,
    layers: [
      { name: 'input', type: 'InputLayer', outputShape: [null, maxLength], params: 0 },
      { name: 'embedding', type: 'Embedding', outputShape: [null, maxLength, dim], params: facts.vocabSize * dim },
    ],
  };
}

/** Embedding → LSTM → Dense(softmax). */
export function lstmLayers(facts: ArchitectureFacts, d: SequenceDefaults & { units: number }): LayerSummary[] {
  const { dim, layers } = embedded(facts, d);
  const units = facts.units ?? d.units;
  const classes = facts.classes;
  return [
    ...layers,
    // Four gates, each with input kernel, recurrent kernel and bias.
    { name: 'lstm', type: lstmType(facts.dropout, facts.recurrentDropout), outputShape: [null, units], params: 4 * units * (dim + units + 1) },
    { name: 'dense', type: 'Dense(softmax)', outputShape: [null, classes], params: units * classes + classes },
  ];
}

/** Embedding → Conv1D (valid: the sequence shortens by kernel − 1) → GlobalMaxPooling1D → Dense(softmax). */
export function cnnLayers(facts: ArchitectureFacts, d: SequenceDefaults & { filters: number; kernelSize: number }): LayerSummary[] {
  const { maxLength, dim, layers } = embedded(facts, d);
  const filters = facts.filters ?? d.filters;
  const kernel = facts.kernelSize ?? d.kernelSize;
  const classes = facts.classes;
  return [
    ...layers,
    {
      name: 'conv1d',
      type: `Conv1D(kernel ${kernel}, relu)`,
      outputShape: [null, Math.max(0, maxLength - kernel + 1), filters],
      params: kernel * dim * filters + filters,
    },
    { name: 'global_max_pooling1d', type: 'GlobalMaxPooling1D', outputShape: [null, filters], params: 0 },
    { name: 'dense', type: 'Dense(softmax)', outputShape: [null, classes], params: filters * classes + classes },
  ];
}
