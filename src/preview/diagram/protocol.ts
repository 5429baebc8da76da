// Messages between the diagram tab's host code (src/preview/diagramTab.ts) and its webview (media/diagram).
// Both sides import these types (media/tsconfig.json includes src/**/protocol.ts). Only type imports of other
// protocol files, so it compiles in both worlds.
import type { DiagramStrings, DiagramViewStrings, MermaidThemeSetting } from '../protocol';

/** Localised strings the tab shows (it has no access to vscode.l10n). */
export interface DiagramTabStrings extends DiagramStrings, DiagramViewStrings {
  exportSvg: string;
  exportPng: string;
  copySource: string;
}

/** One diagram, as the article panel had it when the tab was opened. */
export interface DiagramTabContent {
  source: string;
  /** Content hash of the source (the key of every Mermaid drawing cache). */
  hash: string;
  /** 0-based line of its opening fence in the article. */
  line: number;
  /** The article panel's drawing, valid for the Mermaid theme `themeKey`: shown at once when the tab's theme is the same. */
  svg?: string;
  themeKey?: string;
  mermaidTheme: MermaidThemeSetting;
  maxDiagramTextSize: number;
}

export type HostToDiagramTab = { type: 'show'; diagram: DiagramTabContent };

/** What the tab shows once its diagram has settled (the extension-host and UI tests read it). */
export interface DiagramTabReport {
  drawn: boolean;
  error?: string;
  /** The scale the diagram is drawn at (1: actual size). */
  scale: number;
  /** mermaid.render calls since the tab's page loaded (0 when the panel's drawing was reused). */
  renders: number;
}

export type DiagramTabToHost =
  | { type: 'ready' }
  | { type: 'copySource' }
  /** `data`: SVG markup, or a `data:image/png;base64,` URL. */
  | { type: 'saveImage'; format: 'svg' | 'png'; data: string }
  | { type: 'exportFailed'; message: string }
  | { type: 'rendered'; report: DiagramTabReport };

/** What the tab's page keeps across reloads. */
export interface DiagramTabState {
  zoom?: unknown;
}
