import * as vscode from 'vscode';
import type { MarkdownOptions } from '../core/markdown/parser';
import { normalisePreviewSettings, type PreviewSettingValues } from '../core/markdown/previewSettings';
import type { DiagramStrings, DiagramViewStrings, PreviewConfig } from './protocol';

/** The `neuralLens.preview.*` settings, shaped for their two consumers: markdown-it and the webviews. */
export interface PreviewSettings {
  markdown: Required<MarkdownOptions>;
  webview: PreviewConfig;
}

/**
 * Reads the `neuralLens.preview.*` settings for `scope` (once per document and settings change: the
 * article panel, the Concepts view and the export each keep what they read). Unset values come from
 * package.json's contributed defaults, which equal PREVIEW_DEFAULTS; every value passes through
 * normalisePreviewSettings, the one place that checks and clamps them.
 */
export function readPreviewSettings(scope?: vscode.Uri): PreviewSettings {
  const c = vscode.workspace.getConfiguration('neuralLens.preview', scope);
  const values: PreviewSettingValues = normalisePreviewSettings((key) => c.get(key));
  // Raw HTML needs a trusted workspace (package.json's capabilities also restrict the workspace's own value):
  // in Restricted Mode even a user-level `true` shows it as text.
  values.allowHtml &&= vscode.workspace.isTrusted;
  return {
    markdown: {
      math: values.math,
      mathBrackets: values.mathBrackets,
      frontMatter: values.frontMatter,
      katexMacros: values.katexMacros,
      maxFormulaSize: values.maxFormulaSize,
      allowHtml: values.allowHtml,
      strings: {
        formulaError: vscode.l10n.t('Formula error'),
        line: (line: number) => vscode.l10n.t('line {0}', line + 1),
        alertTitles: {
          note: vscode.l10n.t('Note'),
          tip: vscode.l10n.t('Tip'),
          important: vscode.l10n.t('Important'),
          warning: vscode.l10n.t('Warning'),
          caution: vscode.l10n.t('Caution'),
        },
        frontMatterError: vscode.l10n.t('Front matter is not valid YAML'),
        formulaTooLarge: vscode.l10n.t('The formula has {0} characters; the limit is {1} (setting neuralLens.preview.maxFormulaSize).', '{0}', '{1}'),
      },
    },
    webview: {
      scrollPreviewWithEditor: values.scrollPreviewWithEditor,
      scrollEditorWithPreview: values.scrollEditorWithPreview,
      doubleClickToSwitchToEditor: values.doubleClickToSwitchToEditor,
      mermaidTheme: values.mermaidTheme,
      maxDiagramTextSize: values.maxDiagramTextSize,
      minDiagramLabelSize: values.minDiagramLabelSize,
      allowHtml: values.allowHtml,
      strings: {
        ...diagramStrings(),
        ...diagramViewStrings(),
        openInTab: vscode.l10n.t('Open in a tab'),
        copySvg: vscode.l10n.t('Copy as SVG'),
        copyPng: vscode.l10n.t('Copy as PNG'),
      },
    },
  };
}

/** The controls of a zoomable diagram (the article panel's diagrams and the diagram tab). */
export function diagramViewStrings(): DiagramViewStrings {
  return {
    zoomIn: vscode.l10n.t('Zoom in (+)'),
    zoomOut: vscode.l10n.t('Zoom out (-)'),
    fitWidth: vscode.l10n.t('Fit to width (0)'),
    actualSize: vscode.l10n.t('Actual size'),
    wideHint: vscode.l10n.t('⇆ Wider than the panel: scroll or drag'),
  };
}

/** What every page that draws diagrams says about them (the article panel and the Concepts view). */
export function diagramStrings(): DiagramStrings {
  return {
    diagramError: vscode.l10n.t('Diagram error'),
    diagramTooLarge: vscode.l10n.t('The diagram has {0} characters; the limit is {1} (setting neuralLens.preview.maxDiagramTextSize).', '{0}', '{1}'),
    line: vscode.l10n.t('line {0}', '{0}'),
  };
}
