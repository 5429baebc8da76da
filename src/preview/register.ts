import * as vscode from 'vscode';
import { previewViewType } from './articlePanel';
import { registerConceptsView } from './conceptsView';
import { DiagramTabs } from './diagramTab';
import { exportArticle, type ExportFormat } from './exportHtml';
import { PreviewManager } from './previewManager';

/** Article panel, its diagrams' tabs, Concepts side view, Markdown export. */
export function registerPreview(context: vscode.ExtensionContext): void {
  const diagramTabs = new DiagramTabs(context.extensionUri);
  const previews = new PreviewManager(context.extensionUri, diagramTabs);

  /** The command's target: an explorer/editor-title URI, else the active Markdown editor, else the focused preview. */
  const resourceFor = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'markdown') return editor.document.uri;
    return previews.active()?.resource;
  };
  const noMarkdown = () => void vscode.window.showErrorMessage(vscode.l10n.t('Open a Markdown file to preview it.'));

  const exportCommand = async (format: ExportFormat, arg?: unknown, target?: vscode.Uri) => {
    const resource = resourceFor(arg);
    if (!resource) return noMarkdown();
    try {
      const result = await exportArticle(context.extensionUri, previews, format, resource, target);
      if (!result) return undefined;
      // Tests pass a target and read the result; people get a message with a way to open the file.
      if (!target) {
        const open = vscode.l10n.t('Open in Browser');
        void vscode.window
          .showInformationMessage(vscode.l10n.t('Exported {0} ({1} diagrams).', vscode.workspace.asRelativePath(result.file), result.diagrams), open)
          .then((choice) => choice === open && vscode.env.openExternal(result.file));
      }
      return result;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Export failed: {0}', (e as Error).message));
      return undefined;
    }
  };

  context.subscriptions.push(
    previews,
    diagramTabs,
    vscode.window.registerWebviewPanelSerializer(previewViewType, previews),
    vscode.commands.registerCommand('neuralLens.preview.open', (arg?: unknown) => {
      const resource = resourceFor(arg);
      if (!resource) return noMarkdown();
      previews.open(resource, false);
    }),
    vscode.commands.registerCommand('neuralLens.preview.openToSide', (arg?: unknown) => {
      const resource = resourceFor(arg);
      if (!resource) return noMarkdown();
      previews.open(resource, true);
    }),
    vscode.commands.registerCommand('neuralLens.preview.exportHtml', (arg?: unknown, target?: vscode.Uri) => exportCommand('html', arg, target)),
    vscode.commands.registerCommand('neuralLens.preview.exportPdf', (arg?: unknown, target?: vscode.Uri) => exportCommand('pdf', arg, target)),
    // The walkthrough's first step and the Concepts view's welcome: the bundled article and its preview.
    vscode.commands.registerCommand('neuralLens.samples.openArticle', async () => {
      const article = vscode.Uri.joinPath(context.extensionUri, 'samples', 'article.md');
      await vscode.window.showTextDocument(article, { preview: false });
      previews.open(article, true);
      return article;
    }),
    // Internal, for the extension-host tests: what each panel last rendered and drew.
    vscode.commands.registerCommand('_neuralLens.preview.state', () => previews.snapshot()),
    vscode.commands.registerCommand('_neuralLens.diagram.state', () => diagramTabs.snapshot()),
    vscode.commands.registerCommand('_neuralLens.preview.whenRendered', async (uri: vscode.Uri, timeoutMs?: number) => previews.get(uri)?.whenRendered(timeoutMs)),
  );

  registerConceptsView(context, { revealInPreview: (uri, line) => previews.revealLine(uri, line) });
}
