// A model's architecture as Keras' `model.summary()` shows it (layer, type, output shape, parameters), and the
// same list as a Mermaid flowchart like `plot_model(show_shapes=True)`. Pure: the dashboard webview gets the
// finished Mermaid source, and the fallback estimate below is tested against hand-computed Keras figures.
import type { ArchitectureFacts, ArchitectureSummary } from './layerSummaryTypes';
import { MODEL_REGISTRY } from './modelKinds';

export type { ArchitectureFacts, ArchitectureSummary, LayerSummary } from './layerSummaryTypes';

/** Layer list computed from the model kind and its sizes (its registry entry's estimate, with Keras' parameter formulas). */
export function estimateArchitecture(facts: ArchitectureFacts): ArchitectureSummary {
  const layers = MODEL_REGISTRY[facts.kind].estimate(facts);
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
