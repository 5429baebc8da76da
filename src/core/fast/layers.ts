// The fast model as Keras-style layers, for the architecture summary (see core/layerSummary.ts). Pure
// arithmetic, no model code: the extension host draws it.
import type { ArchitectureFacts, LayerSummary } from '../layerSummaryTypes';

/** fastText: token and n-gram ids → mean of their embeddings → linear softmax. */
export function fastLayers(facts: ArchitectureFacts, defaults: { embeddingDim: number }): LayerSummary[] {
  const dim = facts.embeddingDim ?? defaults.embeddingDim;
  return [
    { name: 'tokens', type: 'InputLayer', outputShape: [null, null], params: 0 },
    { name: 'embedding_bag', type: 'EmbeddingBag(mean)', outputShape: [null, dim], params: facts.vocabSize * dim },
    { name: 'dense', type: 'Dense(softmax)', outputShape: [null, facts.classes], params: dim * facts.classes + facts.classes },
  ];
}
