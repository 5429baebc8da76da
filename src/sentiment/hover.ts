// The hover of a scored line (or of a multi-line selection, scored as one text): every class with its
// bar, the model, the words that drove the prediction and a link to the model's report. It answers only
// for scored lines, and computes the explanation lazily, when the hover is asked for. Without a model it
// is silent, unless the user asked for sentiment in such documents (then it offers to train one).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { selectionText } from '../core/sentiment/selectionText';
import { commandLink, escapeMarkdown, HOVER_COMMANDS, hoverMarkdown, noModelMarkdown } from '../core/sentiment/sentimentText';
import type { SentimentController } from './controller';
import type { SentimentExplainer } from './explainer';

export class SentimentHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly controller: SentimentController,
    private readonly explainer: SentimentExplainer,
    private readonly samplePath: string,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const presence = this.controller.presence(document);
    if (presence !== 'on' && presence !== 'no-model') return undefined;
    const selection = multiLineSelectionAt(document, position);
    let text: string;
    let range: vscode.Range;
    let lineCount = 1;
    let scoredLine: number | undefined;
    let truncatedTo: number | undefined;
    if (selection) {
      ({ text, truncatedTo } = selectionText(document.getText(selection)));
      range = selection;
      lineCount = selection.end.line - selection.start.line + 1;
    } else {
      const scored = this.controller.lineAt(document, position.line);
      if (!scored) return undefined;
      text = scored.item.text;
      scoredLine = scored.item.line;
      range = new vscode.Range(scored.item.firstLine, 0, scored.item.line, document.lineAt(scored.item.line).text.length);
      const max = this.controller.settings.maxLineLength;
      if (text.length >= max && document.lineAt(scored.item.line).text.trim().length > text.length) truncatedTo = max;
    }
    if (!text) return undefined;
    if (presence === 'no-model' || !this.explainer.activeModel) return hover(noModelMarkdown(fs.existsSync(this.samplePath), vscode.l10n.t), range);
    const explained = await this.explainer.explain(text);
    if (!explained || token.isCancellationRequested) return undefined;
    this.markHoverSeen();
    const md = hoverMarkdown(
      {
        model: explained.model,
        prediction: explained.prediction,
        explanation: explained.explanation,
        lineCount,
        truncatedTo,
        minConfidence: this.controller.settings.minConfidence,
      },
      vscode.l10n.t,
    );
    // A scored line can be corrected from here: one link per class (corrections.ts).
    const labelLinks =
      scoredLine === undefined
        ? ''
        : `\n\n${vscode.l10n.t('Label this line as')} ${this.explainer.activeModel.labels.map((l) => `[${escapeMarkdown(l)}](${commandLink('neuralLens.sentiment.labelLine', [document.uri, scoredLine, l])})`).join(' · ')}`;
    return hover(md + labelLinks, range);
  }

  private hoverSeen = false;

  /** Completes the walkthrough's "read a line's hover" step (its completionEvents wait for this context key). */
  private markHoverSeen(): void {
    if (this.hoverSeen) return;
    this.hoverSeen = true;
    void vscode.commands.executeCommand('setContext', 'neuralLens.sentimentHoverShown', true);
  }
}

function hover(markdown: string, range: vscode.Range): vscode.Hover {
  const md = new vscode.MarkdownString(markdown);
  // Trusted for our own commands only: labels and tokens come from data and are escaped in format.ts.
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS, 'neuralLens.sentiment.labelLine'] };
  md.supportThemeIcons = false;
  return new vscode.Hover(md, range);
}

/** The active editor's selection spanning several lines that contains `position`, if any. */
function multiLineSelectionAt(document: vscode.TextDocument, position: vscode.Position): vscode.Selection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document !== document) return undefined;
  return editor.selections.find((s) => !s.isEmpty && !s.isSingleLine && s.contains(position));
}
