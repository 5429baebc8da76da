// "Train on the Bundled Sample": trains the default model on samples/reviews.csv shipped inside the
// extension, through the training feature's own command (progress, cancel and dashboard included), then
// makes the new model the active one.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ModelInfo, ModelRegistry } from '../../training/modelRegistry';
import type { TrainOutcome } from '../../training/trainingService';

export interface TrainOnSampleOptions {
  /** No notifications or dashboard (tests). */
  silent?: boolean;
}

export async function trainOnSample(samplePath: string, models: ModelRegistry, log: vscode.LogOutputChannel, options: TrainOnSampleOptions = {}): Promise<ModelInfo | undefined> {
  if (!fs.existsSync(samplePath)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The bundled sample {0} is missing from this installation.', samplePath));
    return undefined;
  }
  log.info(`sentiment: training on the bundled sample ${samplePath}`);
  const outcome = await vscode.commands.executeCommand<TrainOutcome | undefined>('neuralLens.training.train', { data: samplePath, silent: options.silent ?? false });
  if (outcome?.status !== 'trained') {
    // Cancelled, failed or busy: the training command has said why (unless silent).
    log.info(`sentiment: training on the bundled sample ended: ${outcome?.status ?? 'no outcome'}`);
    return undefined;
  }
  if (models.active?.dir !== outcome.model.dir) await models.setActive(outcome.model.dir);
  return models.active;
}
