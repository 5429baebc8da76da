// "Select Model": a quick pick over the trained models (newest first, the active one checked), plus the
// two ways to get a model when there is none worth picking.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelInfo, ModelRegistry } from '../../training/modelRegistry';
import { percent } from '../../core/sentiment/sentimentText';

interface ModelItem extends vscode.QuickPickItem {
  model?: ModelInfo;
  command?: string;
}

export async function selectModel(models: ModelRegistry): Promise<ModelInfo | undefined> {
  const list = await models.refresh();
  const items: ModelItem[] = list.map((model) => {
    const scores = [model.accuracy !== undefined ? vscode.l10n.t('accuracy {0}', percent(model.accuracy)) : undefined, model.macroF1 !== undefined ? vscode.l10n.t('macro F1 {0}', model.macroF1.toFixed(2)) : undefined]
      .filter(Boolean)
      .join(', ');
    return {
      label: `${models.isActive(model) ? '$(check) ' : ''}${model.name}`,
      description: [model.kind, scores].filter(Boolean).join(' · '),
      detail: `${path.basename(model.dataFile)} · ${model.labels.join(', ')} · ${model.createdAt}`,
      model,
    };
  });
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(beaker) ${vscode.l10n.t('Train on a CSV…')}`, command: 'neuralLens.training.train' },
    { label: `$(play) ${vscode.l10n.t('Train on the bundled sample')}`, command: 'neuralLens.sentiment.trainOnSample' },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Sentiment model'),
    placeHolder: list.length > 0 ? vscode.l10n.t('Pick the model that scores the lines') : vscode.l10n.t('No model trained yet'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick?.model) {
    await models.setActive(pick.model.dir);
    return pick.model;
  }
  if (pick?.command) await vscode.commands.executeCommand(pick.command);
  return models.active;
}
