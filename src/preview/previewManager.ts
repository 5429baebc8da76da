// Owns the article panels: one per document, revealed when asked again, restored after a window
// reload, fed by document edits, editor scrolling and settings changes.
import * as vscode from 'vscode';
import { ArticlePanel, previewViewType, type ArticlePanelSnapshot } from './articlePanel';
import type { DiagramTabs } from './diagramTab';
import { DrawingCache } from '../core/markdown/drawingCache';
import type { PreviewWebviewState } from './protocol';
import { loadRenderer } from './rendererLoader';

export class PreviewManager implements vscode.Disposable, vscode.WebviewPanelSerializer<PreviewWebviewState> {
  private readonly panels = new Map<string, ArticlePanel>();
  /** Mermaid drawings of every panel: a panel opened again shows its diagrams without drawing them. */
  private readonly drawings = new DrawingCache();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagramTabs: DiagramTabs,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.panels.get(e.document.uri.toString())?.requestUpdate();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        const panel = this.panels.get(e.textEditor.document.uri.toString());
        const top = e.visibleRanges[0];
        if (panel && top) panel.scrollToLine(top.start.line);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('neuralLens.preview')) return;
        for (const panel of this.panels.values()) panel.refreshSettings();
      }),
      // Trust may turn raw HTML on (settings.ts).
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const panel of this.panels.values()) panel.refreshSettings();
      }),
    );
  }

  /** Opens the preview of `resource` (or reveals the one already open) and returns it. */
  open(resource: vscode.Uri, toSide: boolean): ArticlePanel {
    const existing = this.panels.get(resource.toString());
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, toSide);
      return existing;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active);
    const panel = vscode.window.createWebviewPanel(
      previewViewType,
      vscode.l10n.t('Preview'),
      { viewColumn: column, preserveFocus: toSide },
      // Kept alive while hidden: switching tabs must not redraw every diagram.
      { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: true },
    );
    return this.adopt(panel, resource);
  }

  /** Restores a panel after a window reload, from the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewWebviewState | undefined): Promise<void> {
    if (!state?.resource) {
      panel.dispose();
      return;
    }
    const resource = vscode.Uri.parse(state.resource, true);
    const existing = this.panels.get(resource.toString());
    if (existing) {
      panel.dispose();
      return;
    }
    this.adopt(panel, resource);
  }

  private adopt(panel: vscode.WebviewPanel, resource: vscode.Uri): ArticlePanel {
    const article = new ArticlePanel(panel, resource, this.extensionUri, () => loadRenderer(this.extensionUri), this.diagramTabs, this.drawings);
    const key = resource.toString();
    this.panels.set(key, article);
    article.onDidDispose(() => {
      if (this.panels.get(key) === article) this.panels.delete(key);
    });
    return article;
  }

  get(resource: vscode.Uri): ArticlePanel | undefined {
    return this.panels.get(resource.toString());
  }

  /** The panel the user is looking at, if a preview has focus. */
  active(): ArticlePanel | undefined {
    return [...this.panels.values()].find((p) => p.panel.active);
  }

  /** Scrolls the preview of `resource` (when open) to a source line: used by the Concepts view. */
  revealLine(resource: vscode.Uri, line: number): void {
    const panel = this.panels.get(resource.toString());
    if (!panel) return;
    panel.panel.reveal(panel.panel.viewColumn, true);
    panel.revealLine(line);
  }

  snapshot(): ArticlePanelSnapshot[] {
    return [...this.panels.values()].map((p) => p.snapshot());
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
