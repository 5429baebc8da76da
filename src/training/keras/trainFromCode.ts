// The CodeLens's command: what the Keras code asks for that the engine cannot train is listed in one
// confirmation; then the train wizard starts with the code's numbers (TrainCommand's prefill), asking only for
// the CSV and its columns before showing them.
import * as vscode from 'vscode';
import type { KerasModel } from '../../core/keras/kerasModel';
import type { TrainingChoices } from '../pickers';
import type { TrainPrefill } from '../trainCommand';
import type { TrainOutcome } from '../trainingService';
import { differenceText, prefillNote } from './strings';

/** Programmatic callers (tests): the answer to the confirmation, and the CSV instead of a pick. */
export interface TrainFromCodeOptions {
  confirmed?: boolean;
  data?: string | vscode.Uri;
}

/** The wizard's start for `model`: the numbers it shows, and what the run takes along unseen. */
export function prefillFor(model: KerasModel, data?: string | vscode.Uri): TrainPrefill {
  const { testSize, earlyStopping, patience, ...shown } = model.options;
  const prefill: TrainingChoices = shown;
  const runOnly = { testSize, earlyStopping, patience, outputClasses: model.outputClasses };
  for (const key of Object.keys(runOnly) as Array<keyof typeof runOnly>) if (runOnly[key] === undefined) delete runOnly[key];
  return { prefill, runOnly, note: prefillNote(model), data };
}

export async function trainFromCode(model: KerasModel | undefined, options: TrainFromCodeOptions = {}): Promise<TrainOutcome | undefined> {
  const t = vscode.l10n.t;
  if (!model?.options) {
    void vscode.window.showInformationMessage(t('Use the "Train this model on a CSV…" link above a Keras model in Markdown or Python.'));
    return undefined;
  }
  if (model.differences.length > 0 && options.confirmed !== true) {
    const yes = t('Yes');
    const answer = await vscode.window.showWarningMessage(
      t('Neural Lens cannot train all of this Keras model. Train it without what is listed?'),
      { modal: true, detail: model.differences.map((d) => `• ${differenceText(d)}`).join('\n') },
      yes,
    );
    if (answer !== yes) return undefined;
  }
  return vscode.commands.executeCommand<TrainOutcome | undefined>('neuralLens.training.train', prefillFor(model, options.data));
}
