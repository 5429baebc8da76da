// A model's architecture as Keras' `model.summary()` shows it (layer, type, output shape, parameters), and the
// same list as a Mermaid flowchart like `plot_model(show_shapes=True)`. Pure: the dashboard webview gets the
// finished Mermaid source, and the fallback estimate below is tested against hand-computed Keras figures.
import type { ModelKind } from './modelKind';
import { TF_DEFAULTS } from './tfjs/options';

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
  /** Conv1D filters and kernel width. */
  filters?: number;
  kernelSize?: number;
}

/** The article's Keras model and the engine's defaults (tfjs/options.ts): used only when the bundle does not say. */
export const ARCHITECTURE_DEFAULTS = {
  maxLength: TF_DEFAULTS.maxLength,
  embeddingDim: TF_DEFAULTS.embeddingDim,
  units: TF_DEFAULTS.units,
  filters: TF_DEFAULTS.filters,
  kernelSize: TF_DEFAULTS.kernelSize,
  fastDim: 32,
} as const;

/** `LSTM(dropout 0.2, recurrent_dropout 0.2)`, or plain `LSTM` when the rates are not known (Keras' argument names). */
function lstmType(dropout: number | undefined, recurrentDropout: number | undefined): string {
  const args = [
    ...(dropout !== undefined ? [`dropout ${dropout}`] : []),
    ...(recurrentDropout !== undefined ? [`recurrent_dropout ${recurrentDropout}`] : []),
  ];
  return args.length ? `LSTM(${args.join(', ')})` : 'LSTM';
}

/** Layer list computed from the model kind and its sizes, with Keras' parameter formulas. */
export function estimateArchitecture(facts: ArchitectureFacts): ArchitectureSummary {
  const d = ARCHITECTURE_DEFAULTS;
  const maxLength = facts.maxLength ?? d.maxLength;
  const classes = facts.classes;
  const layers: LayerSummary[] = [];
  switch (facts.kind) {
    case 'fast': {
      const dim = facts.embeddingDim ?? d.fastDim;
      // fastText: token and n-gram ids -> mean of their embeddings -> linear softmax.
      layers.push({ name: 'tokens', type: 'InputLayer', outputShape: [null, null], params: 0 });
      layers.push({ name: 'embedding_bag', type: 'EmbeddingBag(mean)', outputShape: [null, dim], params: facts.vocabSize * dim });
      layers.push({ name: 'dense', type: 'Dense(softmax)', outputShape: [null, classes], params: dim * classes + classes });
      break;
    }
    case 'lstm': {
      const dim = facts.embeddingDim ?? d.embeddingDim;
      const units = facts.units ?? d.units;
      layers.push({ name: 'input', type: 'InputLayer', outputShape: [null, maxLength], params: 0 });
      layers.push({ name: 'embedding', type: 'Embedding', outputShape: [null, maxLength, dim], params: facts.vocabSize * dim });
      // Four gates, each with input kernel, recurrent kernel and bias.
      layers.push({ name: 'lstm', type: lstmType(facts.dropout, facts.recurrentDropout), outputShape: [null, units], params: 4 * units * (dim + units + 1) });
      layers.push({ name: 'dense', type: 'Dense(softmax)', outputShape: [null, classes], params: units * classes + classes });
      break;
    }
    case 'cnn': {
      const dim = facts.embeddingDim ?? d.embeddingDim;
      const filters = facts.filters ?? d.filters;
      const kernel = facts.kernelSize ?? d.kernelSize;
      layers.push({ name: 'input', type: 'InputLayer', outputShape: [null, maxLength], params: 0 });
      layers.push({ name: 'embedding', type: 'Embedding', outputShape: [null, maxLength, dim], params: facts.vocabSize * dim });
      layers.push({
        name: 'conv1d',
        type: `Conv1D(kernel ${kernel}, relu)`,
        outputShape: [null, Math.max(0, maxLength - kernel + 1), filters],
        params: kernel * dim * filters + filters,
      });
      layers.push({ name: 'global_max_pooling1d', type: 'GlobalMaxPooling1D', outputShape: [null, filters], params: 0 });
      layers.push({ name: 'dense', type: 'Dense(softmax)', outputShape: [null, classes], params: filters * classes + classes });
      break;
    }
  }
  return { layers, totalParams: layers.reduce((sum, l) => sum + l.params, 0) };
}

/** `(None, 100, 32)`, as Keras prints shapes. */
export function formatShape(shape: ReadonlyArray<number | null>): string {
  const parts = shape.map((n) => (n === null ? 'None' : String(n)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Mermaid's entity codes for the characters that would end a quoted label or open markup. Layer names come
 * from a bundle on disk, so they are treated as untrusted text (the webview also renders with securityLevel
 * 'strict').
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' })[c] as string);
}

/** A top-down flowchart, one box per layer: name and type, output shape, parameters (lines split by <br/>, which Mermaid's SVG text labels honour). */
export function architectureMermaid(summary: ArchitectureSummary): string {
  const lines = ['flowchart TD'];
  summary.layers.forEach((layer, i) => {
    const label = [
      `${escapeMermaidLabel(layer.name)}: ${escapeMermaidLabel(layer.type)}`,
      `output ${escapeMermaidLabel(formatShape(layer.outputShape))}`,
      `params ${formatCount(layer.params)}`,
    ].join('<br/>');
    lines.push(`  L${i}["${label}"]`);
  });
  for (let i = 1; i < summary.layers.length; i++) lines.push(`  L${i - 1} --> L${i}`);
  return lines.join('\n');
}
