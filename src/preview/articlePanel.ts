// One article panel: a webview showing one Markdown document. It renders on the host (markdown-it +
// KaTeX, block by block), sends only the blocks the webview does not hold, and turns the webview's
// messages (scroll, double-click, links) into editor actions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { linkTarget, localResource } from '../core/markdown/links';
import type { IncrementalRenderer } from '../core/markdown/rendererBundle';
import { connectWebview, pageResources, type WebviewConnection } from '../webview/vscodeWebview';
import { buildPreviewHtml } from './previewHtml';
import type { DiagramResult, DiagramSource, HostToWebview, MermaidThemeSetting, RenderStats, WebviewToHost } from './protocol';
import type { DiagramTabs } from './diagramTab';
import { diagramHashes, needsMermaid, type DrawingCache } from '../core/markdown/drawingCache';
import type { RendererModule } from './rendererLoader';
import { readPreviewSettings, type PreviewSettings } from './settings';

export const previewViewType = 'neuralLens.preview';

/** The least time between two updates of a page: a frame (it cannot show two in one). */
const UPDATE_INTERVAL_MS = 16;

/** The webview's answers to the export's requests. */
type PanelReply = Extract<WebviewToHost, { requestId: number }>;

/** What the extension-host tests read through `_neuralLens.preview.state`. */
export interface ArticlePanelSnapshot {
  resource: string;
  visible: boolean;
  active: boolean;
  viewColumn: number | undefined;
  ready: boolean;
  updatesPosted: number;
  lastUpdate?: { version: number; documentVersion: number; blocks: number; rendered: number; reused: number; ms: number };
  lastStats?: RenderStats;
  /** ms since the panel was created: when its webview said ready, first update posted, first drawn. */
  timings: { ready?: number; firstUpdate?: number; firstRendered?: number };
}

export class ArticlePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly connection: WebviewConnection<HostToWebview>;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;
  private readonly onRenderedEmitter = new vscode.EventEmitter<RenderStats>();
  /** Fires when the webview has drawn an update (or a theme change): text, formulas and diagrams. */
  readonly onDidRender = this.onRenderedEmitter.event;

  private settings: PreviewSettings;
  /**
   * Made on the first update, when the page has said ready: requiring dist/renderer.js (markdown-it, KaTeX:
   * a few hundred ms on the first preview) then overlaps the page loading its own script.
   */
  private renderer: IncrementalRenderer | undefined;
  private version = 0;
  private renderedDocumentVersion: number | undefined;
  private updatesPosted = 0;
  private lastUpdate: ArticlePanelSnapshot['lastUpdate'];
  private lastStats: RenderStats | undefined;
  private nextRequestId = 1;
  /** The export's requests to the webview (draw diagrams, sanitise HTML), by request id. */
  private readonly pendingReplies = new Map<number, (reply: PanelReply) => void>();
  /** Editor scrolls we caused (by revealing a line for the preview) are not echoed back. */
  private ignoreEditorScrollUntil = 0;
  private disposed = false;
  private readonly createdAt = performance.now();
  private readonly timings: ArticlePanelSnapshot['timings'] = {};

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly resource: vscode.Uri,
    private readonly extensionUri: vscode.Uri,
    private readonly renderers: () => RendererModule,
    private readonly diagramTabs: DiagramTabs,
    /** Every panel's Mermaid drawings, kept by the host (PreviewManager owns it). */
    private readonly drawings: DrawingCache,
  ) {
    this.settings = readPreviewSettings(resource);
    this.connection = connectWebview<HostToWebview, WebviewToHost>(
      panel,
      {
        snapshot: (send) => this.update(send),
        // While the user types, each keystroke goes out as soon as the page has patched in the one before
        // (flow control: one update in flight, the changes meanwhile sent together), at most one a frame.
        // VS Code's own preview waits 300 ms after every change but the first; a 300 ms throttle here held
        // keystrokes typed less than 300 ms apart back by up to that long.
        throttleMs: UPDATE_INTERVAL_MS,
        awaitAcknowledge: true,
        // Kept alive while hidden (retainContextWhenHidden): switching tabs must not redraw every diagram.
        unloadsWhenHidden: false,
        // Only the last scroll position matters to a page that is still loading.
        supersedeKey: (m) => (m.type === 'scrollToLine' ? m.type : undefined),
        onReady: () => {
          // First load, a reload after being restored, or a webview that lost track of its blocks.
          this.timings.ready ??= performance.now() - this.createdAt;
          this.renderer?.reset();
          this.renderedDocumentVersion = undefined;
        },
      },
      (m) => this.onMessage(m),
    );

    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: this.resourceRoots() };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.title = vscode.l10n.t('Preview {0}', path.basename(resource.path));
    this.disposables.push(
      this.connection,
      panel.onDidDispose(() => this.dispose()),
      this.onDisposeEmitter,
      this.onRenderedEmitter,
    );
    this.setHtml();
  }

  private resourceRoots(): vscode.Uri[] {
    const folder = vscode.workspace.getWorkspaceFolder(this.resource);
    const documentRoot = folder?.uri ?? vscode.Uri.joinPath(this.resource, '..');
    return [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media'), documentRoot];
  }

  private setHtml(): void {
    this.connection.channel.pageLost();
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.resource.toString())?.getText();
    this.panel.webview.html = buildPreviewHtml({
      ...pageResources(this.panel.webview, this.extensionUri, 'preview'),
      resource: this.resource.toString(),
      title: this.panel.title,
      preloadMermaid: text !== undefined && needsMermaid(text, this.drawings),
    });
  }

  /** The document changed: render now or soon (the channel throttles). */
  requestUpdate(): void {
    this.connection.channel.refresh();
  }

  /** Settings changed: new markdown-it configuration, and every block is sent again. */
  refreshSettings(): void {
    this.settings = readPreviewSettings(this.resource);
    this.renderer = undefined;
    this.renderedDocumentVersion = undefined;
    this.connection.channel.refreshNow();
  }

  get isReady(): boolean {
    return this.connection.channel.isReady;
  }

  /** Renders what changed since the last update and sends it (the channel calls this when the page is ready). */
  private async update(send: (message: HostToWebview) => boolean): Promise<void> {
    if (this.disposed) return;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(this.resource);
    } catch {
      return;
    }
    if (this.disposed || document.version === this.renderedDocumentVersion) return;
    const started = performance.now();
    const env = { resolveResource: (href: string) => this.resolveResource(href) };
    const result = this.blockRenderer().update(document.getText(), env);
    this.renderedDocumentVersion = document.version;
    this.version++;
    this.lastUpdate = {
      version: this.version,
      documentVersion: document.version,
      blocks: result.blocks.length,
      rendered: result.rendered,
      reused: result.reused,
      ms: performance.now() - started,
    };
    // Diagrams another page drew already: this one shows them without drawing (or loading Mermaid).
    const drawings = this.drawings.forHashes(result.blocks.flatMap((b) => (b.html ? diagramHashes(b.html) : [])));
    const update: HostToWebview = { type: 'update', version: this.version, full: result.full, blocks: result.blocks, config: this.settings.webview, resource: this.resource.toString() };
    if (!send(drawings.length > 0 ? { ...update, drawings } : update)) return;
    this.updatesPosted++;
    this.timings.firstUpdate ??= performance.now() - this.createdAt;
  }

  private blockRenderer(): IncrementalRenderer {
    if (!this.renderer) {
      const module = this.renderers();
      this.renderer = new module.IncrementalRenderer(module.createMarkdown(this.settings.markdown));
    }
    return this.renderer;
  }

  /** Image `src` relative to the document (or, with a leading '/', to its workspace folder). */
  private resolveResource(href: string): string | undefined {
    const local = localResource(href);
    if (!local) return undefined;
    const folder = local.fromWorkspaceRoot ? vscode.workspace.getWorkspaceFolder(this.resource) : undefined;
    const uri = vscode.Uri.joinPath(folder ? folder.uri : vscode.Uri.joinPath(this.resource, '..'), local.path);
    return this.panel.webview.asWebviewUri(uri).toString();
  }

  private post(message: HostToWebview): void {
    this.connection.channel.post(message);
  }

  scrollToLine(line: number): void {
    if (!this.settings.webview.scrollPreviewWithEditor) return;
    if (performance.now() < this.ignoreEditorScrollUntil) return;
    this.post({ type: 'scrollToLine', line });
  }

  /** Shows `line` at the top of the preview, whatever the scroll-sync setting (Concepts view clicks). */
  revealLine(line: number): void {
    this.post({ type: 'scrollToLine', line });
  }

  /** Draws diagrams in this webview for the HTML export (Mermaid needs a DOM). */
  async renderDiagrams(diagrams: DiagramSource[], theme: MermaidThemeSetting, timeoutMs = 120_000): Promise<DiagramResult[]> {
    const reply = await this.ask('diagramsRendered', (requestId) => ({ type: 'renderDiagrams', requestId, diagrams, theme }), timeoutMs, vscode.l10n.t('The preview did not draw the diagrams in time.'));
    return reply.results;
  }

  /** Sanitises raw HTML for the HTML export with the webview's own DOMPurify: the file holds what the panel shows. */
  async sanitizeHtml(html: string, timeoutMs = 60_000): Promise<string> {
    const reply = await this.ask('htmlSanitized', (requestId) => ({ type: 'sanitizeHtml', requestId, html }), timeoutMs, vscode.l10n.t('The preview did not sanitise the HTML in time.'));
    return reply.html;
  }

  /** Posts a request and waits for the webview's reply of type `expects` to it. */
  private ask<T extends PanelReply['type']>(expects: T, request: (requestId: number) => HostToWebview, timeoutMs: number, timeoutMessage: string): Promise<Extract<PanelReply, { type: T }>> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingReplies.delete(requestId);
        reject(new Error(timeoutMessage));
      }, timeoutMs);
      this.pendingReplies.set(requestId, (reply) => {
        clearTimeout(timer);
        if (reply.type === expects) resolve(reply as Extract<PanelReply, { type: T }>);
        else reject(new Error(`the preview answered ${reply.type} to a request for ${expects}`));
      });
      this.post(request(requestId));
    });
  }

  /** Resolves once the webview has settled an update at least as new as the current document. */
  whenRendered(timeoutMs = 60_000): Promise<RenderStats> {
    return new Promise((resolve, reject) => {
      const check = () => this.lastStats && this.lastStats.version === this.version && this.version > 0 && this.renderedDocumentVersion !== undefined;
      if (check()) return resolve(this.lastStats!);
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error('preview did not render in time'));
      }, timeoutMs);
      const listener = this.onDidRender(() => {
        if (!check()) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(this.lastStats!);
      });
    });
  }

  private onMessage(message: Exclude<WebviewToHost, { type: 'ready' }>): void {
    switch (message.type) {
      case 'patched':
        // An older version's patch does not free the channel: the newest one is still on its way.
        if (message.version === this.version) this.connection.channel.acknowledge();
        break;
      case 'rendered':
        this.lastStats = message.stats;
        this.timings.firstRendered ??= performance.now() - this.createdAt;
        this.onRenderedEmitter.fire(message.stats);
        break;
      case 'revealLine':
        if (this.settings.webview.scrollEditorWithPreview) this.revealInEditors(message.line);
        break;
      case 'doubleClick':
        if (this.settings.webview.doubleClickToSwitchToEditor) void this.openEditorAt(message.line);
        break;
      case 'openLink':
        void this.openLink(message.href);
        break;
      case 'diagramsRendered':
      case 'htmlSanitized':
        this.pendingReplies.get(message.requestId)?.(message);
        this.pendingReplies.delete(message.requestId);
        break;
      case 'drawings':
        for (const d of message.drawings) if (typeof d.svg === 'string' && d.svg.startsWith('<svg')) this.drawings.add(d);
        break;
      case 'openDiagram':
        this.diagramTabs.open({ resource: this.resource, source: message.source, hash: message.hash, line: message.line, svg: message.svg, themeKey: message.themeKey }, this.settings);
        break;
      case 'copySvg':
        void vscode.env.clipboard.writeText(message.svg).then(() => vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the diagram as SVG'), 2500));
        break;
      case 'pngCopied':
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the diagram as PNG'), 2500);
        break;
      case 'diagramActionFailed':
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not copy the diagram: {0}', message.message));
        break;
    }
  }

  private revealInEditors(line: number): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== this.resource.toString()) continue;
      this.ignoreEditorScrollUntil = performance.now() + 200;
      const whole = Math.floor(line);
      editor.revealRange(new vscode.Range(whole, 0, whole, 0), vscode.TextEditorRevealType.AtTop);
    }
  }

  private async openEditorAt(line: number): Promise<void> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.resource.toString());
    const document = await vscode.workspace.openTextDocument(this.resource);
    const position = new vscode.Position(Math.max(0, Math.min(line, document.lineCount - 1)), 0);
    await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
  }

  private async openLink(href: string): Promise<void> {
    const link = linkTarget(href);
    switch (link.kind) {
      case 'external':
        await vscode.env.openExternal(vscode.Uri.parse(href, true));
        return;
      case 'ignored':
        return;
      case 'document': {
        const target = link.file ? vscode.Uri.joinPath(this.resource, '..', link.file) : this.resource;
        const options: vscode.TextDocumentShowOptions = link.line !== undefined ? { selection: new vscode.Range(link.line - 1, 0, link.line - 1, 0) } : {};
        await vscode.commands.executeCommand('vscode.open', target, options);
      }
    }
  }

  snapshot(): ArticlePanelSnapshot {
    return {
      resource: this.resource.toString(),
      visible: this.panel.visible,
      active: this.panel.active,
      viewColumn: this.panel.viewColumn,
      ready: this.isReady,
      updatesPosted: this.updatesPosted,
      lastUpdate: this.lastUpdate,
      lastStats: this.lastStats,
      timings: { ...this.timings },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDisposeEmitter.fire();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
