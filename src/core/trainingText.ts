// How a training reads in the editor while it runs: the phase and figures in the progress notification and
// the status bar, the options the dashboard lists. Pure text builders; the glue passes in vscode.l10n.t.
import type { TrainOptions, TrainProgress } from './trainTypes';
import { untranslated, type Translate } from './translate';

/** Phase and figures: "epoch 3/10 · loss 0.412 · accuracy 83.1%"; `short` (the status bar) leaves out batch and accuracy. */
export function progressText(p: TrainProgress, short = false, t: Translate = untranslated): string {
  switch (p.phase) {
    case 'reading':
      return p.rowsRead ? t('reading the CSV ({0} rows)', p.rowsRead) : t('reading the CSV');
    case 'tokenising':
      return t('tokenising');
    case 'evaluating':
      return t('evaluating');
    case 'saving':
      return t('saving the model');
    case 'training': {
      const parts = [t('epoch {0}/{1}', p.epoch ?? 1, p.epochs ?? '?')];
      // Cross-fitting: say which of the fits this is (core/validation.ts).
      if (p.fold !== undefined) parts.unshift(t('fold {0}/{1}', p.fold, p.folds ?? '?'));
      if (p.refit) parts.unshift(t('final fit on all rows'));
      if (!short && p.batch !== undefined && p.batches) parts.push(t('batch {0}/{1}', p.batch, p.batches));
      if (p.loss !== undefined) parts.push(`${t('loss')} ${p.loss.toFixed(3)}`);
      if (p.accuracy !== undefined && !short) parts.push(`${t('accuracy')} ${(p.accuracy * 100).toFixed(1)}%`);
      return parts.join(' · ');
    }
  }
}

/** The options a run was given, as the dashboard lists them: label → value, the ones set only. */
export function shownOptions(o: Partial<TrainOptions>, t: Translate = untranslated): Record<string, string> {
  const shown: Record<string, string> = {};
  const add = (label: string, v: unknown): void => {
    if (v !== undefined) shown[label] = String(v);
  };
  add(t('Text column'), o.textColumn);
  add(t('Label column'), o.labelColumn);
  add(t('Epochs'), o.epochs);
  add(t('Batch size'), o.batchSize);
  add(t('Max length'), o.maxLength);
  add(t('Validation split'), o.validationSplit);
  if (o.earlyStopping !== undefined) add(t('Early stopping'), o.earlyStopping ? t('on') : t('off'));
  add(t('Patience'), o.patience);
  add(t('Class weights'), o.classWeights);
  add(t('Seed'), o.seed);
  return shown;
}

/** A Markdown link that opens the training dashboard (trusted for that command where it is shown). */
export function dashboardLink(t: Translate = untranslated): string {
  return `[${t('Show Dashboard')}](command:neuralLens.training.showDashboard)`;
}
