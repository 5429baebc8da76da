// "Train this model on a CSV…" above each Keras Sequential text model in a Markdown document's Python fences
// or in a Python file. Recognising runs in dist/parsers.js (core/keras/codeBlocks.ts), loaded only once a
// document mentions `Sequential`.
import * as vscode from 'vscode';
import { mayHoldKerasModel, type KerasModel } from '../../core/keras/kerasModel';
import { loadParsers } from '../../core/parsersLoader';
import { differenceText } from './strings';

export const TRAIN_FROM_CODE_COMMAND = 'neuralLens.keras.train';

/** The languages whose documents get the lens: Markdown (its Python fences) and Python. */
export const KERAS_SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'python' }];

export class KerasCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Its only action trains, which needs a trusted workspace (package.json's capabilities).
    if (!vscode.workspace.isTrusted) return [];
    const text = document.getText();
    if (!mayHoldKerasModel(text)) return [];
    const models = loadParsers().kerasModelsIn(text, document.languageId === 'python' ? 'python' : 'markdown');
    return models.map((model) => new vscode.CodeLens(new vscode.Range(model.line, 0, model.line, 0), lensCommand(model)));
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}

function lensCommand(model: KerasModel): vscode.Command {
  const t = vscode.l10n.t;
  const differences = model.differences.length;
  const tooltip = [model.summary, ...(differences > 0 ? ['', t('Not trained as written:'), ...model.differences.map((d) => `• ${differenceText(d)}`)] : [])].join('\n');
  return {
    title: differences > 0 ? `$(beaker) ${t('Train this model on a CSV… ({0} not supported)', differences)}` : `$(beaker) ${t('Train this model on a CSV…')}`,
    tooltip,
    command: TRAIN_FROM_CODE_COMMAND,
    arguments: [model],
  };
}
