// Messages between the Concepts side view's host code (src/preview/conceptsView.ts) and its webview
// (media/concepts). Both sides import these types (media/tsconfig.json includes src/**/protocol.ts).
// Only type imports of other protocol files, so it compiles in both worlds.
import type { DiagramStrings, MermaidThemeSetting } from '../protocol';

export type ConceptKindName = 'mermaid' | 'displayMath' | 'inlineMath';

/** Localised strings the webview shows (it has no access to vscode.l10n); the diagram ones are the preview's. */
export interface ConceptsStrings extends DiagramStrings {
  empty: string;
  noConcepts: string;
  noHeading: string;
  diagram: string;
  formula: string;
  inlineFormula: string;
  copySource: string;
  /** Short button text; copySource is its tooltip. */
  copy: string;
  exportSvg: string;
  exportPng: string;
  reveal: string;
  filterAll: string;
  filterDiagrams: string;
  filterFormulas: string;
  /** Contains `{0}` diagrams and `{1}` formulas (one-symbol ones not counted). */
  summary: string;
  /** The welcome's buttons, shown while no Markdown document is followed. */
  openSample: string;
  getStarted: string;
  /** The filter's toggle of one-symbol inline formulas; contains `{0}`, how many there are. */
  oneSymbolFormulas: string;
}

/** The `neuralLens.preview.*` settings the view's page needs (read and clamped by readPreviewSettings). */
export interface ConceptsConfig {
  mermaidTheme: MermaidThemeSetting;
  maxDiagramTextSize: number;
}

export interface ConceptItem {
  /** Stable id: kind + content hash + occurrence (see src/core/concepts.ts). */
  id: string;
  kind: ConceptKindName;
  source: string;
  /** 0-based first and last (inclusive) source lines. */
  startLine: number;
  endLine: number;
  heading?: { text: string; level: number; line: number };
  /** An inline formula of one symbol (`$l$`): shown only when the view's toggle says so. */
  oneSymbol: boolean;
  /**
   * Formulas: KaTeX's HTML (or an error box), rendered on the host. Omitted when the webview already
   * holds this id since its last reset: it keeps what it drew.
   */
  html?: string;
}

export interface ConceptsDocument {
  uri: string;
  /** File name for the view's description. */
  name: string;
  version: number;
}

export type HostToConcepts =
  /** The followed document's concepts, in document order. `full`: every formula carries its HTML. */
  | { type: 'update'; document: ConceptsDocument; items: ConceptItem[]; full: boolean; config: ConceptsConfig }
  /** No Markdown document to follow. */
  | { type: 'clear' }
  /** KaTeX's stylesheet with its fonts inlined, for exporting formulas as self-contained SVG/PNG. */
  | { type: 'exportStyles'; requestId: number; css: string };

/** What the webview shows after an update, once its diagrams settled (the extension-host tests read it). */
export interface ConceptsRenderReport {
  documentVersion: number;
  uri: string;
  cards: number;
  diagramsDrawn: number;
  diagramErrors: number;
  formulas: number;
  /** Cards on show (the filter and the one-symbol toggle applied). */
  shown: number;
  /** mermaid.render calls since the webview loaded. */
  diagramRenders: number;
}

export type ConceptsToHost =
  | { type: 'ready' }
  /** A card was clicked: reveal its source in the editor (and the article panel). */
  | { type: 'reveal'; id: string }
  | { type: 'copySource'; id: string }
  /** `data`: SVG markup, or a `data:image/png;base64,` URL. */
  | { type: 'saveImage'; id: string; format: 'svg' | 'png'; data: string }
  | { type: 'requestExportStyles'; requestId: number }
  | { type: 'exportFailed'; id: string; message: string }
  | { type: 'rendered'; report: ConceptsRenderReport }
  /** The welcome's buttons: the bundled sample article, the walkthrough. */
  | { type: 'openSample' }
  | { type: 'openWalkthrough' };

/** What the view's page keeps across reloads (it is re-created whenever it is hidden and shown again). */
export interface ConceptsViewState {
  filter: 'all' | 'diagrams' | 'formulas';
  /** One-symbol inline formulas shown too (off by default: an article has dozens of `$l$` and `$i$`). */
  oneSymbol?: boolean;
  scrollY?: number;
}
