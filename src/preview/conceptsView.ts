// The Concepts side view: every diagram and formula of the active Markdown document, as thumbnails in
// document order under their headings. The decisions live in core (extractConcepts, KaTeX rendering);
// this file follows editors, throttles updates, and turns the webview's requests into editor actions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Concept } from '../core/concepts';
import { buildPageHtml } from '../webview/page';
import { connectWebview, mediaRoot, pageResources, type WebviewConnection } from '../webview/vscodeWebview';
import { loadRenderer } from './rendererLoader';
import { inlineFontStylesheet } from './concepts/exportStyles';
import type { ConceptItem, ConceptsConfig, ConceptsRenderReport, ConceptsToHost, HostToConcepts } from './concepts/protocol';
import { conceptsStrings } from './concepts/strings';
import { imageNameBeside, saveImage, showExportFailure } from './saveImage';
import { readPreviewSettings, type PreviewSettings } from './settings';

export const conceptsViewId = 'neuralLens.concepts';

export interface ConceptsViewOptions {
  /** Scrolls the article panel of `uri` to a source line, when one is open (the preview owns that). */
  revealInPreview?: (uri: vscode.Uri, line: number) => unknown;
}

/** What the view last showed: read by the extension-host tests through `_neuralLens.concepts.state`. */
export interface ConceptsViewSnapshot {
  resolved: boolean;
  visible: boolean;
  ready: boolean;
  document?: { uri: string; version: number };
  items: Omit<ConceptItem, 'html'>[];
  /** Updates posted to the webview since it last said ready. */
  updates: number;
  report?: ConceptsRenderReport;
}

export class ConceptsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private connection: WebviewConnection<HostToConcepts> | undefined;
  private document: vscode.TextDocument | undefined;
  /** The followed document's `neuralLens.preview.*` settings, read when it or the settings change. */
  private settings: PreviewSettings | undefined;
  private concepts: Concept[] = [];
  /** Ids the webview holds: their formula HTML is not sent again. */
  private shown = new Set<string>();
  private posted: { uri: string; version: number } | undefined;
  private lastItems: Omit<ConceptItem, 'html'>[] = [];
  private updates = 0;
  private report: ConceptsRenderReport | undefined;
  private exportCss: Promise<string> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly options: ConceptsViewOptions = {},
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to a non-Markdown editor or a panel keeps the last Markdown document on show.
        if (editor && isMarkdown(editor.document)) this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.connection?.channel.refresh();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document !== this.document) return;
        this.follow(vscode.window.visibleTextEditors.map((e) => e.document).find(isMarkdown));
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('neuralLens.preview')) return;
        this.settings = undefined;
        this.shown.clear();
        this.posted = undefined;
        this.connection?.channel.refresh();
      }),
    );
    const active = vscode.window.activeTextEditor?.document;
    this.document = active && isMarkdown(active) ? active : vscode.window.visibleTextEditors.map((e) => e.document).find(isMarkdown);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.connection = connectWebview<HostToConcepts, ConceptsToHost>(
      view,
      {
        snapshot: (send) => this.postUpdate(send),
        // While the user types: the first change at once, then at most one update per 300 ms.
        throttleMs: 300,
        // Registered without retainContextWhenHidden: hidden, the page is unloaded; shown, it reloads.
        unloadsWhenHidden: true,
        onReady: () => {
          // A new page holds nothing: send everything.
          this.shown.clear();
          this.posted = undefined;
          this.updates = 0;
          this.report = undefined;
        },
      },
      (message) => void this.onMessage(message),
    );
    view.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot(this.extensionUri)] };
    view.webview.html = buildPageHtml({
      ...pageResources(view.webview, this.extensionUri, 'concepts'),
      title: vscode.l10n.t('Concepts'),
      strings: conceptsStrings(),
    });
    this.viewDisposables.push(
      this.connection,
      view.onDidDispose(() => {
        this.view = undefined;
        this.connection = undefined;
        for (const d of this.viewDisposables) d.dispose();
        this.viewDisposables = [];
      }),
    );
    this.setDescription();
  }

  snapshot(): ConceptsViewSnapshot {
    return {
      resolved: this.view !== undefined,
      visible: this.view?.visible ?? false,
      ready: this.connection?.channel.isReady ?? false,
      document: this.posted,
      items: this.lastItems,
      updates: this.updates,
      report: this.report,
    };
  }

  /** Reveals a concept's source in its editor and, through the preview, in the article panel. */
  async reveal(id: string): Promise<boolean> {
    const concept = this.concepts.find((c) => c.id === id);
    const document = this.document;
    if (!concept || !document) return false;
    const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column ?? vscode.ViewColumn.Active, preserveFocus: false });
    const start = new vscode.Position(concept.startLine, 0);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, new vscode.Position(concept.endLine, 0)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await this.options.revealInPreview?.(document.uri, concept.startLine);
    return true;
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.viewDisposables]) d.dispose();
  }

  private follow(document: vscode.TextDocument | undefined): void {
    if (document === this.document) return;
    this.document = document;
    this.settings = undefined;
    this.setDescription();
    this.connection?.channel.refreshNow();
  }

  private setDescription(): void {
    if (this.view) this.view.description = this.document ? path.basename(this.document.fileName) : undefined;
  }

  /** The followed document's concepts (the channel calls this when the page is ready). */
  private postUpdate(send: (message: HostToConcepts) => boolean): void {
    const document = this.document;
    if (!document) {
      this.concepts = [];
      this.lastItems = [];
      this.posted = undefined;
      // The page drops its cards on 'clear': nothing it held may be assumed later.
      this.shown.clear();
      send({ type: 'clear' });
      return;
    }
    const uri = document.uri.toString();
    if (this.posted?.uri === uri && this.posted.version === document.version) return;
    const settings = (this.settings ??= readPreviewSettings(document.uri));
    // markdown-it and KaTeX come from dist/renderer.js, loaded on first use: activation stays light.
    const { extractConcepts, renderMath, mathRenderOptions } = loadRenderer(this.extensionUri);
    this.concepts = extractConcepts(document.getText(), { math: settings.markdown.math, mathBrackets: settings.markdown.mathBrackets });
    const mathOptions = mathRenderOptions(settings.markdown);
    const macrosKey = JSON.stringify(mathOptions.macros);
    const full = this.shown.size === 0;
    const items: ConceptItem[] = this.concepts.map((c) => ({
      id: c.id,
      kind: c.kind,
      source: c.source,
      startLine: c.startLine,
      endLine: c.endLine,
      heading: c.heading,
      oneSymbol: c.oneSymbol,
      html: c.kind === 'mermaid' || this.shown.has(c.id) ? undefined : renderMath(c.source, c.kind === 'displayMath', c.startLine, mathOptions, macrosKey),
    }));
    const config: ConceptsConfig = {
      mermaidTheme: settings.webview.mermaidTheme,
      maxDiagramTextSize: settings.webview.maxDiagramTextSize,
    };
    this.shown = new Set(items.map((i) => i.id));
    this.posted = { uri, version: document.version };
    this.lastItems = items.map(({ html: _html, ...rest }) => rest);
    if (send({ type: 'update', document: { uri, name: path.basename(document.fileName), version: document.version }, items, full, config })) this.updates++;
  }

  private post(message: HostToConcepts): void {
    this.connection?.channel.post(message);
  }

  private async onMessage(message: Exclude<ConceptsToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'reveal':
        await this.reveal(message.id);
        break;
      case 'copySource': {
        const concept = this.concepts.find((c) => c.id === message.id);
        if (!concept) return;
        await vscode.env.clipboard.writeText(concept.source);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the source to the clipboard'), 2500);
        break;
      }
      case 'saveImage':
        await this.saveImage(message.id, message.format, message.data);
        break;
      case 'requestExportStyles': {
        this.exportCss ??= inlineFontStylesheet(vscode.Uri.joinPath(this.extensionUri, 'dist', 'media', 'concepts.css').fsPath);
        const css = await this.exportCss.catch(() => '');
        this.post({ type: 'exportStyles', requestId: message.requestId, css });
        break;
      }
      case 'exportFailed':
        showExportFailure(message.message);
        break;
      case 'rendered':
        this.report = message.report;
        break;
      case 'openSample':
        await vscode.commands.executeCommand('neuralLens.samples.openArticle');
        break;
      case 'openWalkthrough':
        await vscode.commands.executeCommand('neuralLens.walkthrough.open');
        break;
    }
  }

  private async saveImage(id: string, format: 'svg' | 'png', data: string): Promise<void> {
    const concept = this.concepts.find((c) => c.id === id);
    const document = this.document;
    if (!concept || !document) return;
    await saveImage(format, data, imageNameBeside(document.uri, document.isUntitled, concept.kind === 'mermaid' ? 'diagram' : 'formula', concept.startLine, format));
  }
}

function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown';
}

/**
 * Registers the Concepts view (`neuralLens.concepts`, in the Neural Lens activity-bar container) and
 * its two internal commands for tests: `_neuralLens.concepts.state` (what the view last showed) and
 * `_neuralLens.concepts.reveal` (what a click on a card does).
 */
export function registerConceptsView(context: vscode.ExtensionContext, options: ConceptsViewOptions = {}): ConceptsViewProvider {
  const provider = new ConceptsViewProvider(context.extensionUri, options);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(conceptsViewId, provider),
    vscode.commands.registerCommand('_neuralLens.concepts.state', () => provider.snapshot()),
    vscode.commands.registerCommand('_neuralLens.concepts.reveal', (id: string) => provider.reveal(id)),
  );
  return provider;
}
