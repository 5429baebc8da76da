// The Keras recogniser's findings in the user's language: each difference, and what a run takes along
// beyond the numbers the wizard shows.
import * as vscode from 'vscode';
import type { KerasDifference, KerasModel } from '../../core/keras/kerasModel';
import { TF_DEFAULTS } from '../../core/tfjs/options';

const t = vscode.l10n.t;

export function differenceText(d: KerasDifference): string {
  switch (d.kind) {
    case 'dropped':
      return t('{0} is not supported: trained without it', d.code);
    case 'replaced':
      return t('{0} is not supported: trained as {1}', d.code, d.by);
    case 'computed':
      return t('{0} is computed in Python: the value in the wizard is used', d.code);
  }
}

/** The line under "Train" in the wizard: the model as it trains, and the options it takes along unseen. */
export function prefillNote(model: KerasModel): string {
  const o = model.options;
  const extras = [
    ...(o.earlyStopping ? [t('early stopping (patience {0})', o.patience ?? TF_DEFAULTS.patience)] : []),
    ...(o.testSize !== undefined ? [t('test split {0}', o.testSize)] : []),
    ...(model.outputClasses !== undefined ? [t('{0} classes expected', model.outputClasses)] : []),
  ];
  return [t('From the Keras code: {0}', model.summary), ...extras].join(' · ');
}
