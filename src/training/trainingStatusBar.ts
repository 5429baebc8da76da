// The training status bar item: the latest running training's file and progress ("reviews.csv: epoch 3/10 ·
// loss 0.412 (+1)"), a tooltip to show its dashboard or cancel; hidden when nothing trains.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { progressText } from '../core/trainingText';
import type { TrainProgress } from '../core/trainTypes';

/** What the item shows of a running training. */
export interface RunningTraining {
  dataFile: string;
  kind: string;
  lastProgress?: TrainProgress;
}

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('neuralLens.training', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = vscode.l10n.t('Neural Lens Training');
    this.item.command = 'neuralLens.training.showDashboard';
  }

  /** Shows the last of `runs` (and how many more there are), or hides the item when there is none. */
  update(runs: readonly RunningTraining[]): void {
    const t = vscode.l10n.t;
    if (runs.length === 0) {
      this.item.hide();
      return;
    }
    const s = runs[runs.length - 1];
    const more = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    const live = s.lastProgress;
    this.item.text = `$(loading~spin) ${path.basename(s.dataFile)}: ${live ? progressText(live, true, t) : t('starting')}${more}`;
    const tip = new vscode.MarkdownString(
      `${t('Training {0} on {1}', s.kind, path.basename(s.dataFile))}\n\n[${t('Show Dashboard')}](command:neuralLens.training.showDashboard) · [${t('Cancel')}](command:neuralLens.training.cancel)`,
    );
    tip.isTrusted = { enabledCommands: ['neuralLens.training.showDashboard', 'neuralLens.training.cancel'] };
    this.item.tooltip = tip;
    // What a screen reader says: plain words, not the tooltip's Markdown with its command links.
    const progress = live ? progressText(live, true, t) : t('starting');
    this.item.accessibilityInformation = {
      label: t('Training {0} on {1}: {2}. Press to show the dashboard.', s.kind, path.basename(s.dataFile), runs.length > 1 ? `${progress}${t(', and {0} more', runs.length - 1)}` : progress),
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
