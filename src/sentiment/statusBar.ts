// The status bar item: the active document's sentiment distribution (e.g. `😊 12 · 😐 5 · ☹ 3`), a tooltip
// with the model and what is hidden or still scoring; a click toggles the decorations.
import * as vscode from 'vscode';
import type { SentimentController } from './controller';
import { commandLink, distributionSpeech, distributionText, escapeMarkdown, percent } from '../core/sentiment/sentimentText';

export class SentimentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('neuralLens.sentiment', vscode.StatusBarAlignment.Right, 100);
  private readonly listener: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly controller: SentimentController) {
    this.item.name = vscode.l10n.t('Neural Lens Sentiment');
    this.item.command = 'neuralLens.sentiment.toggle';
    // Decorations change in bursts (visible range, then batches): redraw at most every 100 ms.
    this.listener = controller.onDidChange(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.update();
      }, 100);
    });
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    // Shown for documents whose language is scored, also while off, so that a click turns it back on; not
    // at all before a model is active, unless the user asked for sentiment (core/sentiment/presence).
    if (!editor || this.controller.presence(editor.document) === 'quiet') {
      this.item.hide();
      return;
    }
    const status = this.controller.status(editor);
    const tooltip = new vscode.MarkdownString('', true);
    tooltip.isTrusted = { enabledCommands: ['neuralLens.sentiment.toggle', 'neuralLens.sentiment.selectModel', 'neuralLens.training.train'] };
    const toggle = `[${status.state === 'off' ? vscode.l10n.t('Turn on') : vscode.l10n.t('Turn off')}](${commandLink('neuralLens.sentiment.toggle')})`;
    const select = `[${vscode.l10n.t('Select model')}](${commandLink('neuralLens.sentiment.selectModel')})`;
    // What a screen reader says: plain words, not the tooltip's Markdown with its command links.
    let speech: string;
    switch (status.state) {
      case 'off':
        this.item.text = `$(eye-closed) ${vscode.l10n.t('Sentiment off')}`;
        tooltip.appendMarkdown(vscode.l10n.t('Sentiment decorations are off.'));
        speech = vscode.l10n.t('Sentiment labels are off. Press to turn them on.');
        break;
      case 'no-model':
        this.item.text = `$(beaker) ${vscode.l10n.t('No model')}`;
        tooltip.appendMarkdown(vscode.l10n.t('No sentiment model is active.'));
        tooltip.appendMarkdown(`\n\n[${vscode.l10n.t('Train on a CSV…')}](${commandLink('neuralLens.training.train')})`);
        speech = vscode.l10n.t('No sentiment model is active. Press to turn sentiment labels off.');
        break;
      default: {
        const shown = status.counts.reduce((n, c) => n + c.count, 0);
        const distribution = shown > 0 ? distributionText(status.counts.filter((c) => c.count > 0)) : vscode.l10n.t('no labels');
        this.item.text = status.state === 'scoring' ? `$(sync~spin) ${distribution}` : distribution;
        const model = status.model!;
        tooltip.appendMarkdown(`**${vscode.l10n.t('Sentiment')}** · ${escapeMarkdown(model.name)} (${escapeMarkdown(model.kind)})\n\n`);
        for (const c of status.counts) tooltip.appendMarkdown(`- ${escapeMarkdown(c.label)}: ${c.count}\n`);
        if (status.uncertain > 0) {
          tooltip.appendMarkdown(`\n${vscode.l10n.t('{0} lines below the minimum confidence ({1}) show no label.', status.uncertain, percent(this.controller.settings.minConfidence))}\n`);
        }
        if (status.pending > 0) tooltip.appendMarkdown(`\n${vscode.l10n.t('{0} lines still being scored…', status.pending)}\n`);
        const counted = shown > 0 ? distributionSpeech(status.counts.filter((c) => c.count > 0), vscode.l10n.t) : vscode.l10n.t('no labels');
        speech = vscode.l10n.t('Sentiment with model {0}: {1}. Press to turn the labels off.', model.name, counted);
      }
    }
    this.item.accessibilityInformation = { label: speech, role: 'button' };
    tooltip.appendMarkdown(`\n\n${toggle} · ${select}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.listener.dispose();
    this.item.dispose();
  }
}
