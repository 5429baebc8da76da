// The fast model as Keras-style layers, for the architecture summary (see core/layerSummary.ts). Pure
// arithmetic, no model code: the extension host draws it.
import type { ArchitectureFacts, LayerSummary } from '../layerSummaryTypes';

/**
 * fastText: token and n-gram ids → mean of their embeddings → linear softmax. Trained in the linear layout,
 * the mean is of the features' class scores, and a bias and the softmax follow.
 */
export function fastLayers(facts: ArchitectureFacts, defaults: { embeddingDim: number }): LayerSummary[] {
  if (facts.linear) {
    return [
      { name: 'tokens', type: 'InputLayer', outputShape: [null, null], params: 0 },
      { name: 'embedding_bag', type: 'EmbeddingBag(mean)', outputShape: [null, facts.classes], params: facts.vocabSize * facts.classes },
      { name: 'bias', type: 'Bias + softmax', outputShape: [null, facts.classes], params: facts.classes },
    ];
  }
  const dim = facts.embeddingDim ?? defaults.embeddingDim;
  return [
    { name: 'tokens', type: 'InputLayer', outputShape: [null, null], params: 0 },
    { name: 'embedding_bag', type: 'EmbeddingBag(mean)', outputShape: [null, dim], params: facts.vocabSize * dim },
    { name: 'dense', type: 'Dense(softmax)', outputShape: [null, facts.classes], params: dim * facts.classes + facts.classes },
  ];
}
