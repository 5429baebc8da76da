// The Keras bridge of the training feature, both ways: a CodeLens that trains the Keras model an article or a
// Python file shows, and an export of a trained run as a Keras script (or fastText data).
import * as vscode from 'vscode';
import type { EngineClient } from '../../engine/client';
import type { DashboardPanel } from '../dashboard/dashboardPanel';
import { modelArg } from '../modelsView';
import type { ModelStore } from '../modelStore';
import { KERAS_SELECTOR, KerasCodeLensProvider, TRAIN_FROM_CODE_COMMAND } from './codeLens';
import { exportModelCommand } from './exportCommand';
import { trainFromCode, type TrainFromCodeOptions } from './trainFromCode';
import type { KerasModel } from '../../core/keras/kerasModel';

export interface KerasDeps {
  store: ModelStore;
  dashboard: DashboardPanel;
  log: vscode.LogOutputChannel;
  /** The worker that runs exports (shared with evaluation), started on first use. */
  engine: () => EngineClient;
}

export function registerKeras(context: vscode.ExtensionContext, deps: KerasDeps): void {
  const t = vscode.l10n.t;
  const lenses = new KerasCodeLensProvider();
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(KERAS_SELECTOR, lenses),
    // A second argument answers the confirmation and names the CSV (programmatic callers and tests).
    vscode.commands.registerCommand(TRAIN_FROM_CODE_COMMAND, (model?: KerasModel, options?: TrainFromCodeOptions) => trainFromCode(model, options)),
    // Without a model: the one the open dashboard shows (its title-bar button; the folder dialog names it),
    // else a pick. A second argument is the folder to export into, without asking (tests).
    vscode.commands.registerCommand('neuralLens.models.export', async (arg?: unknown, parent?: unknown) => {
      const shown = arg === undefined && deps.dashboard.isOpen ? deps.dashboard.run?.result?.modelDir : undefined;
      const model = await modelArg(deps.store, arg ?? shown, t('Which model to export?'));
      if (!model) return undefined;
      return exportModelCommand(model, deps.engine, deps.log, typeof parent === 'string' ? parent : parent instanceof vscode.Uri ? parent.fsPath : undefined);
    }),
  );
}
