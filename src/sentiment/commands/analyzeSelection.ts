// "Analyze Selection": scores the selection (or the current line) as one text; the result goes to a
// notification and, with every class and the words that drove it, to the output channel.
import * as vscode from 'vscode';
import { selectionText } from '../../core/sentiment/selectionText';
import { percent, topContributions } from '../../core/sentiment/sentimentText';
import type { Explained, SentimentExplainer } from '../explainer';
import { errorText } from '../../errorText';

export async function analyzeSelection(explainer: SentimentExplainer, log: vscode.LogOutputChannel): Promise<Explained | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an editor and select some text to analyze.'));
    return undefined;
  }
  const selection = editor.selection;
  const range = selection.isEmpty ? editor.document.lineAt(selection.active.line).range : selection;
  const { text } = selectionText(editor.document.getText(range));
  if (!text) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no text to analyze here.'));
    return undefined;
  }
  if (!explainer.activeModel) {
    const train = vscode.l10n.t('Train on the bundled sample');
    const pick = await vscode.window.showWarningMessage(vscode.l10n.t('No sentiment model is active.'), train);
    if (pick === train) await vscode.commands.executeCommand('neuralLens.sentiment.trainOnSample');
    return undefined;
  }
  let explained: Explained | undefined;
  try {
    explained = await explainer.explain(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`analyze selection: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Neural Lens could not analyze the selection: {0}', errorText(e)));
    return undefined;
  }
  if (!explained) return undefined;
  const { prediction, model, explanation } = explained;
  const classes = model.labels.map((label, i) => `${label} ${percent(prediction.probabilities[i] ?? 0)}`).join(', ');
  const words = topContributions(explanation ?? [], 5)
    .map((c) => `${c.weight >= 0 ? '+' : '−'}${c.token}`)
    .join(' ');
  log.info(
    `analyze selection (${range.end.line - range.start.line + 1} line(s), ${text.length} chars) with ${model.name}: ` +
      `${prediction.label} ${percent(prediction.confidence)} [${classes}]${words ? ` words: ${words}` : ''}`,
  );
  void vscode.window.showInformationMessage(
    words
      ? vscode.l10n.t('Sentiment: {0} ({1}) · {2} · words: {3}', prediction.label, percent(prediction.confidence), classes, words)
      : vscode.l10n.t('Sentiment: {0} ({1}) · {2}', prediction.label, percent(prediction.confidence), classes),
  );
  return explained;
}
