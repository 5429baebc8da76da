import * as vscode from 'vscode';
import type { MarkdownOptions } from '../core/markdown/parser';
import type { MermaidThemeSetting, PreviewConfig } from './protocol';

export interface PreviewSettings {
  markdown: MarkdownOptions;
  webview: PreviewConfig;
}

/** The `neuralLens.preview.*` settings, read fresh (they are read on every settings change). */
export function readPreviewSettings(scope?: vscode.Uri): PreviewSettings {
  const c = vscode.workspace.getConfiguration('neuralLens.preview', scope);
  const allowHtml = c.get<boolean>('allowHtml', false);
  const macros = c.get<Record<string, unknown>>('katexMacros', {});
  const katexMacros = Object.fromEntries(Object.entries(macros ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    markdown: {
      math: c.get<boolean>('math', true),
      katexMacros,
      allowHtml,
      strings: {
        formulaError: vscode.l10n.t('Formula error'),
        line: (line: number) => vscode.l10n.t('line {0}', line + 1),
      },
    },
    webview: {
      scrollPreviewWithEditor: c.get<boolean>('scrollPreviewWithEditor', true),
      scrollEditorWithPreview: c.get<boolean>('scrollEditorWithPreview', true),
      doubleClickToSwitchToEditor: c.get<boolean>('doubleClickToSwitchToEditor', true),
      mermaidTheme: c.get<MermaidThemeSetting>('mermaidTheme', 'auto'),
      maxDiagramTextSize: Math.max(1000, c.get<number>('maxDiagramTextSize', 50000)),
      allowHtml,
      strings: {
        diagramError: vscode.l10n.t('Diagram error'),
        diagramTooLarge: vscode.l10n.t('The diagram has {0} characters; the limit is {1} (setting neuralLens.preview.maxDiagramTextSize).', '{0}', '{1}'),
        line: vscode.l10n.t('line {0}', '{0}'),
        zoomIn: vscode.l10n.t('Zoom in'),
        zoomOut: vscode.l10n.t('Zoom out'),
        resetZoom: vscode.l10n.t('Reset zoom'),
      },
    },
  };
}
