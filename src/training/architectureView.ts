// The architecture the dashboard draws for a model: the layers the bundle reports when it has them,
// otherwise the estimate from the model kind and the sizes its meta.json records.
import { architectureMermaid, estimateArchitecture, type ArchitectureSummary } from '../core/layerSummary';
import { isModelKind } from '../core/modelKind';
import type { ArchitectureView } from './dashboard/protocol';
import type { ModelInfo } from './modelRegistry';

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const rate = (v: unknown): number | undefined => (typeof v === 'number' && v >= 0 && v < 1 ? v : undefined);

export function architectureView(model: ModelInfo): ArchitectureView | undefined {
  let summary: ArchitectureSummary;
  let estimated: boolean;
  if (model.layers && model.layers.length > 0) {
    summary = { layers: model.layers, totalParams: model.layers.reduce((n, l) => n + (l.params || 0), 0) };
    estimated = false;
  } else {
    if (!model.vocabSize || !isModelKind(model.kind)) return undefined;
    const meta = model.modelMeta ?? {};
    const declared = meta.architecture && typeof meta.architecture === 'object' ? (meta.architecture as Record<string, unknown>) : {};
    const o = { ...(model.options ?? {}), ...meta, ...declared };
    summary = estimateArchitecture({
      kind: model.kind,
      vocabSize: model.vocabSize,
      classes: model.labels.length,
      maxLength: int(o.maxLength),
      embeddingDim: int(o.embeddingDim) ?? int(o.dim),
      units: int(o.units) ?? int(o.lstmUnits),
      dropout: rate(o.dropout),
      recurrentDropout: rate(o.recurrentDropout),
      filters: int(o.filters),
      kernelSize: int(o.kernelSize),
      linear: (o.trainedWith as Record<string, unknown> | undefined)?.layout === 'linear',
    });
    estimated = true;
  }
  return { ...summary, mermaid: architectureMermaid(summary), estimated };
}
