// A diagram of an article in an editor tab of its own: full size, zoom and pan, export as SVG or PNG, copy
// its source. Opened from a diagram's toolbar in the article panel, with the drawing the panel already has.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildPageHtml } from '../webview/page';
import { connectWebview, mediaRoot, pageResources, type WebviewConnection } from '../webview/vscodeWebview';
import type { DiagramTabContent, DiagramTabReport, DiagramTabStrings, DiagramTabToHost, HostToDiagramTab } from './diagram/protocol';
import { imageNameBeside, saveImage, showExportFailure } from './saveImage';
import { diagramStrings, diagramViewStrings, type PreviewSettings } from './settings';

export const diagramViewType = 'neuralLens.diagram';

export interface DiagramTabInput {
  resource: vscode.Uri;
  source: string;
  hash: string;
  line: number;
  svg?: string;
  themeKey?: string;
}

/** What the extension-host tests read through `_neuralLens.diagram.state`. */
export interface DiagramTabSnapshot {
  title: string;
  resource: string;
  line: number;
  ready: boolean;
  active: boolean;
  report?: DiagramTabReport;
}

class DiagramTab implements vscode.Disposable {
  private readonly connection: WebviewConnection<HostToDiagramTab>;
  private readonly disposables: vscode.Disposable[] = [];
  private report: DiagramTabReport | undefined;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly input: DiagramTabInput,
    private readonly content: DiagramTabContent,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    this.connection = connectWebview<HostToDiagramTab, DiagramTabToHost>(
      panel,
      {
        snapshot: (send) => void send({ type: 'show', diagram: this.content }),
        throttleMs: 0,
        unloadsWhenHidden: false,
      },
      (message) => void this.onMessage(message),
    );
    panel.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot(extensionUri)] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = buildPageHtml({ ...pageResources(panel.webview, extensionUri, 'diagram'), title: panel.title, strings: diagramTabStrings() });
    this.disposables.push(
      this.connection,
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  snapshot(): DiagramTabSnapshot {
    return {
      title: this.panel.title,
      resource: this.input.resource.toString(),
      line: this.input.line,
      ready: this.connection.channel.isReady,
      active: this.panel.active,
      report: this.report,
    };
  }

  private async onMessage(message: Exclude<DiagramTabToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'copySource':
        await vscode.env.clipboard.writeText(this.input.source);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the source to the clipboard'), 2500);
        break;
      case 'saveImage':
        await saveImage(message.format, message.data, imageNameBeside(this.input.resource, this.input.resource.scheme === 'untitled', 'diagram', this.input.line, message.format));
        break;
      case 'exportFailed':
        showExportFailure(message.message);
        break;
      case 'rendered':
        this.report = message.report;
        break;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The diagram tabs open: each shows one diagram as it was when opened. */
export class DiagramTabs implements vscode.Disposable {
  private readonly tabs = new Set<DiagramTab>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  open(input: DiagramTabInput, settings: PreviewSettings): void {
    const title = vscode.l10n.t('Diagram: {0}:{1}', path.basename(input.resource.path), input.line + 1);
    const panel = vscode.window.createWebviewPanel(diagramViewType, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: true,
    });
    const content: DiagramTabContent = {
      source: input.source,
      hash: input.hash,
      line: input.line,
      svg: input.svg,
      themeKey: input.themeKey,
      mermaidTheme: settings.webview.mermaidTheme,
      maxDiagramTextSize: settings.webview.maxDiagramTextSize,
    };
    const tab = new DiagramTab(panel, input, content, this.extensionUri, () => this.tabs.delete(tab));
    this.tabs.add(tab);
  }

  snapshot(): DiagramTabSnapshot[] {
    return [...this.tabs].map((t) => t.snapshot());
  }

  dispose(): void {
    for (const tab of [...this.tabs]) tab.dispose();
    this.tabs.clear();
  }
}

function diagramTabStrings(): DiagramTabStrings {
  return {
    ...diagramStrings(),
    ...diagramViewStrings(),
    exportSvg: vscode.l10n.t('Export SVG'),
    exportPng: vscode.l10n.t('Export PNG'),
    copySource: vscode.l10n.t('Copy source'),
  };
}
