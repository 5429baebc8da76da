// "Neural Lens: Export HTML" / "Export PDF": the article as one standalone, offline HTML file (or that page
// printed to PDF by headless Chromium), from the same renderer as the panel. Formulas are typeset on the host;
// Mermaid needs a DOM, so the diagrams are drawn by the document's preview webview (opened beside the editor
// if needed) and sent back as SVG; raw HTML, when allowed, is sanitised by that webview too, so the file holds
// what the panel shows.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DrawnDiagram, SkippedImage } from '../core/markdown/rendererBundle';
import type { PreviewManager } from './previewManager';
import { loadRenderer } from './rendererLoader';
import { readPreviewSettings } from './settings';

export interface ExportResult {
  file: vscode.Uri;
  diagrams: number;
  diagramErrors: number;
  bytes: number;
  /** Local images left as links (outside the article's folder and the workspace, not a file, too large, missing). */
  skippedImages: string[];
}

export type ExportFormat = 'html' | 'pdf';

/**
 * Exports `resource` (default: the active Markdown editor or preview) to `target` (default: asks,
 * suggesting ARTICLE.html or .pdf beside the article). Returns undefined when the user cancels.
 */
export async function exportArticle(
  extensionUri: vscode.Uri,
  previews: PreviewManager,
  format: ExportFormat,
  resource?: vscode.Uri,
  target?: vscode.Uri,
): Promise<ExportResult | undefined> {
  const renderer = loadRenderer(extensionUri);
  const document = await vscode.workspace.openTextDocument(resource!);
  const text = document.getText();
  const settings = readPreviewSettings(document.uri);
  const list = renderer.listDiagrams(text, settings.markdown);
  const unique = [...new Map(list.map((d) => [d.hash, { hash: d.hash, source: d.source }])).values()];

  if (!target) {
    const suggested = document.uri.with({ path: document.uri.path.replace(/\.[^/.]*$/, '') + `.${format}` });
    target = await vscode.window.showSaveDialog({
      defaultUri: suggested,
      filters: format === 'pdf' ? { PDF: ['pdf'] } : { HTML: ['html', 'htm'] },
      title: format === 'pdf' ? vscode.l10n.t('Export PDF') : vscode.l10n.t('Export HTML'),
    });
    if (!target) return undefined;
  }

  const problem = target.scheme === 'file' && document.uri.scheme === 'file' ? renderer.exportTargetProblem(document.uri.fsPath, target.fsPath) : undefined;
  if (problem) throw new Error(problem);

  const diagrams = new Map<string, DrawnDiagram>();
  const needsPanel = unique.length > 0 || settings.markdown.allowHtml;
  const panel = needsPanel ? (previews.get(document.uri) ?? previews.open(document.uri, true)) : undefined;
  if (panel && unique.length > 0) {
    const theme = settings.webview.mermaidTheme === 'auto' ? 'default' : settings.webview.mermaidTheme;
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Drawing {0} diagrams…', unique.length) },
      () => panel.renderDiagrams(unique, theme),
    );
    for (const r of results) diagrams.set(r.hash, 'svg' in r ? { svg: r.svg } : { error: r.error });
  }

  const distDir = vscode.Uri.joinPath(extensionUri, 'dist').fsPath;
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(document.uri);
  const workspaceRoot = workspaceFolder?.uri.scheme === 'file' ? workspaceFolder.uri.fsPath : undefined;
  const skipped: SkippedImage[] = [];
  const html = await renderer.renderStandaloneHtml({
    markdown: text,
    title: renderer.titleOf(text) ?? path.basename(document.uri.path),
    options: settings.markdown,
    diagrams,
    css: renderer.loadStandaloneCss(distDir),
    sanitize: panel && settings.markdown.allowHtml ? (html) => panel.sanitizeHtml(html) : undefined,
    resolveResource: document.uri.scheme === 'file' ? renderer.imageAsDataUri(document.uri.fsPath, { roots: workspaceRoot ? [workspaceRoot] : [], onSkipped: (s) => skipped.push(s) }) : undefined,
    diagramErrorLabel: settings.webview.strings.diagramError,
  });
  const bytes = format === 'pdf' ? await renderer.printPdfBytes(html) : Buffer.from(html, 'utf8');
  if (target.scheme === 'file') renderer.writeFileAtomic(target.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(target, bytes);
  const diagramErrors = [...diagrams.values()].filter((d) => 'error' in d).length;
  if (skipped.length > 0) void vscode.window.showWarningMessage(skippedImagesMessage(skipped, renderer.MAX_INLINE_IMAGE_BYTES));
  return { file: target, diagrams: list.length, diagramErrors, bytes: bytes.byteLength, skippedImages: skipped.map((s) => s.href) };
}

function skippedImagesMessage(skipped: SkippedImage[], maxBytes: number): string {
  const why = (s: SkippedImage): string => {
    switch (s.reason) {
      case 'outside':
        return vscode.l10n.t('"{0}" is outside the article\'s folder and the workspace', s.href);
      case 'not-a-file':
        return vscode.l10n.t('"{0}" is not a regular file', s.href);
      case 'too-large':
        return vscode.l10n.t('"{0}" is larger than {1} MB', s.href, maxBytes / 1024 / 1024);
      case 'missing':
        return vscode.l10n.t('"{0}" was not found', s.href);
    }
  };
  return vscode.l10n.t('Export HTML: {0} image(s) left as links, not inlined: {1}', skipped.length, skipped.map(why).join('; '));
}
