// Messages between the article panel's host code (src/preview) and its webview (media/preview).
// Both sides import these types (media/tsconfig.json includes src/**/protocol.ts): no stringly-typed
// postMessage. Import types only, from files that compile in both worlds (the diagram types are the core's,
// shared with `neural-lens render`).
import type { DiagramResult, DiagramSource, HeadlessPreviewApi, MermaidThemeSetting } from '../core/markdown/diagramTypes';
import type { Drawing } from '../core/markdown/drawingCache';

export type { DiagramResult, DiagramSource, Drawing, HeadlessPreviewApi, MermaidThemeSetting };

/** What every page that draws diagrams shows about them, localised on the host (src/preview/settings.ts). */
export interface DiagramStrings {
  diagramError: string;
  /** Contains `{0}` for the diagram's length and `{1}` for the limit. */
  diagramTooLarge: string;
  /** Contains `{0}` for the 1-based line number. */
  line: string;
}

/** The controls of a zoomable diagram (the article panel's diagrams, the diagram tab), localised on the host. */
export interface DiagramViewStrings {
  zoomIn: string;
  zoomOut: string;
  fitWidth: string;
  actualSize: string;
  /** Shown on a diagram wider than its box. */
  wideHint: string;
}

/** Localised strings the webview shows (it has no access to vscode.l10n). */
export interface PreviewStrings extends DiagramStrings, DiagramViewStrings {
  openInTab: string;
  copySvg: string;
  copyPng: string;
}

/** The `neuralLens.preview.*` settings the webview needs, resent with every update. */
export interface PreviewConfig {
  scrollPreviewWithEditor: boolean;
  scrollEditorWithPreview: boolean;
  doubleClickToSwitchToEditor: boolean;
  mermaidTheme: MermaidThemeSetting;
  maxDiagramTextSize: number;
  /** Smallest label size (px) fitting a diagram to the width may leave (neuralLens.preview.minDiagramLabelSize). */
  minDiagramLabelSize: number;
  allowHtml: boolean;
  strings: PreviewStrings;
}

/** One top-level block; `html` is omitted when the webview already holds a block with this key. */
export interface BlockPayload {
  key: string;
  line: number;
  html?: string;
}

export type HostToWebview =
  /** New content. `full`: forget every block held; otherwise reuse held blocks by key. */
  | {
      type: 'update';
      version: number;
      full: boolean;
      blocks: BlockPayload[];
      config: PreviewConfig;
      resource: string;
      /** Drawings the host kept of the diagrams in these blocks (any theme): the page uses those of its own. */
      drawings?: Drawing[];
    }
  /** The editor scrolled: show this (fractional, 0-based) source line at the top. */
  | { type: 'scrollToLine'; line: number }
  /** Render these diagrams (cached when already drawn) with a fixed theme, for the HTML export. */
  | { type: 'renderDiagrams'; requestId: number; diagrams: DiagramSource[]; theme: MermaidThemeSetting }
  /** Sanitise this raw HTML as the panel does (its DOMPurify, SANITIZE_CONFIG), for the HTML export. */
  | { type: 'sanitizeHtml'; requestId: number; html: string };

/** What the webview has on screen after an update, once every diagram of it has settled. */
export interface RenderStats {
  version: number;
  blocks: number;
  /** Blocks whose DOM was created by this update (the others were kept). */
  blocksReplaced: number;
  diagrams: number;
  diagramErrors: number;
  formulas: number;
  formulaErrors: number;
  /** mermaid.render calls since the webview loaded (cache hits excluded). */
  diagramRenders: number;
  /** From the update message arriving to all its diagrams drawn, in ms. */
  ms: number;
  /** From the update message arriving to the DOM patched (text visible), in ms. */
  patchMs: number;
  /** From the update message arriving to the diagrams near the viewport drawn (the first screen), in ms. */
  visibleMs: number;
}

export type WebviewToHost =
  | { type: 'ready' }
  /** The preview scrolled: this (fractional, 0-based) source line is at its top. */
  | { type: 'revealLine'; line: number }
  | { type: 'doubleClick'; line: number }
  | { type: 'openLink'; href: string }
  /** The update of this version is in the page's DOM (its diagrams may still be drawing): the host may send the next. */
  | { type: 'patched'; version: number }
  | { type: 'rendered'; stats: RenderStats }
  | { type: 'diagramsRendered'; requestId: number; results: DiagramResult[] }
  | { type: 'htmlSanitized'; requestId: number; html: string }
  /** Open this diagram in a tab of its own; `svg` is its drawing for the Mermaid theme `themeKey`. */
  | { type: 'openDiagram'; source: string; hash: string; line: number; svg: string; themeKey: string }
  /** Put this standalone SVG on the clipboard (as text). */
  | { type: 'copySvg'; svg: string }
  /** The page put a PNG on the clipboard itself. */
  | { type: 'pngCopied' }
  | { type: 'diagramActionFailed'; message: string }
  /** Mermaid drew these: the host keeps them for the next page that shows the same diagrams. */
  | { type: 'drawings'; drawings: Drawing[] };

/** What the webview keeps across reloads (vscode.setState) and the serializer gets back. */
export interface PreviewWebviewState {
  resource: string;
  line?: number;
  /** Each diagram's zoom, by its position in the article (see media/shared/mermaid/zoomPan.ts). */
  zoom?: Record<string, unknown>;
}
