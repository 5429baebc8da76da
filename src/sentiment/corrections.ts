// Correcting a label where it is read. On a scored line: "Label this line as …" (a Code Action, and links in
// the hover) appends `text,label` to the workspace's labels file (core/labelsFile.ts: created with the
// active model's columns, appended under its lock, never rewritten). In a CSV with the model's label
// column: "Set label to …" replaces that record's label cell through a WorkspaceEdit, so Undo takes it
// back. The status bar counts the corrections waiting for a retrain (neuralLens.training.retrainWithCorrections).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadHistory } from '../core/historyLoader';
import { errorText } from '../errorText';
import type { ModelInfo, ModelRegistry } from '../training/modelRegistry';
import type { SentimentController } from './controller';

const LABELS_FILE_KEY = 'neuralLens.labelsFile';
const t = vscode.l10n.t;

/** The columns a labels file has for `model`: its data file's, or for a model saved before they were recorded the conventional ones. */
function labelColumnsOf(model: ModelInfo): { textColumn: string; labelColumn: string } {
  return model.columns ?? { textColumn: 'text', labelColumn: 'label' };
}

/** Corrections of the labels file a model was already trained with (its training record says how many). */
export function correctionsUsedBy(model: ModelInfo | undefined, labelsFile: string): number {
  const file = model?.options?.corrections;
  const rows = (model?.options?.correctionsApplied as { rows?: unknown } | undefined)?.rows;
  return typeof file === 'string' && path.resolve(file) === path.resolve(labelsFile) && typeof rows === 'number' ? rows : 0;
}

export class Corrections implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.QuickFix.append('neuralLens.label');
  private readonly item = vscode.window.createStatusBarItem('neuralLens.corrections', vscode.StatusBarAlignment.Right, 99);
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Corrections in the labels file not yet in the active model's training. */
  waiting = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly controller: SentimentController,
    private readonly models: ModelRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = t('Neural Lens Corrections');
    this.item.command = 'neuralLens.training.retrainWithCorrections';
    this.disposables.push(this.item, models.onDidChangeActive(() => void this.updateCount()));
    this.watch();
    void this.updateCount();
  }

  /** The labels file of this workspace, once chosen. */
  get labelsFile(): string | undefined {
    return this.context.workspaceState.get<string>(LABELS_FILE_KEY);
  }

  /** Sets the labels file (`file`, or asked with a save dialog); undefined when the user cancels. */
  async chooseLabelsFile(file?: string): Promise<string | undefined> {
    if (!file) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const picked = await vscode.window.showSaveDialog({
        title: t('Labels file for your corrections (a CSV, created if new, only ever appended to)'),
        defaultUri: this.labelsFile ? vscode.Uri.file(this.labelsFile) : folder ? vscode.Uri.joinPath(folder, 'labels.csv') : undefined,
        filters: { [t('CSV files')]: ['csv'] },
        saveLabel: t('Use as Labels File'),
      });
      if (!picked) return undefined;
      file = picked.fsPath;
    }
    await this.context.workspaceState.update(LABELS_FILE_KEY, path.resolve(file));
    this.watch();
    await this.updateCount();
    return path.resolve(file);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const model = this.models.active;
    if (!model || this.controller.presence(document) !== 'on') return [];
    const scored = this.controller.lineAt(document, range.start.line);
    if (!scored) return [];
    const args = (label: string): unknown[] => [document.uri, scored.item.line, label];
    const actions = model.labels.map((label) => {
      const a = new vscode.CodeAction(t('Label this line as {0}', label), Corrections.kind);
      a.command = { command: 'neuralLens.sentiment.labelLine', title: a.title, arguments: args(label) };
      return a;
    });
    if (this.labelColumnOf(document, model) !== undefined) {
      for (const label of model.labels) {
        const a = new vscode.CodeAction(t('Set label to {0}', label), Corrections.kind);
        a.command = { command: 'neuralLens.sentiment.setLabel', title: a.title, arguments: args(label) };
        actions.push(a);
      }
    }
    return actions;
  }

  /** Appends the scored text of `line` with `label` to the labels file (chosen first if it is not yet). */
  async labelLine(uri: vscode.Uri, line: number, label: string): Promise<boolean> {
    const model = this.models.active;
    const document = await vscode.workspace.openTextDocument(uri);
    const scored = this.controller.lineAt(document, line);
    if (!model || !scored) {
      void vscode.window.showWarningMessage(t('Line {0} has no sentiment to correct: it is not a scored line, or no model is active.', line + 1));
      return false;
    }
    const file = this.labelsFile ?? (await this.chooseLabelsFile());
    if (!file) return false;
    // Appending on disk under an editor holding unsaved changes would set the two at odds.
    if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === file && d.isDirty)) {
      void vscode.window.showWarningMessage(t('{0} has unsaved changes: save it, then label the line again.', path.basename(file)));
      return false;
    }
    const columns = labelColumnsOf(model);
    try {
      await loadHistory().appendCorrection(file, { text: scored.item.text, label }, columns);
    } catch (e) {
      this.log.error(`appending a correction to ${file}`, e);
      void vscode.window.showErrorMessage(t('Could not add the correction to {0}: {1}', path.basename(file), errorText(e)));
      return false;
    }
    this.log.info(`correction: line ${line + 1} of ${uri.fsPath} labelled ${label} in ${file}`);
    await this.updateCount();
    return true;
  }

  /** In a CSV with the model's label column: that record's label cell set to `label`, as an undoable edit. */
  async setLabel(uri: vscode.Uri, line: number, label: string): Promise<boolean> {
    const model = this.models.active;
    const document = await vscode.workspace.openTextDocument(uri);
    const column = model && this.labelColumnOf(document, model);
    const scored = this.controller.lineAt(document, line);
    if (column === undefined || !scored) return false;
    const range = new vscode.Range(scored.item.firstLine, 0, scored.item.line, document.lineAt(scored.item.line).text.length);
    const replaced = loadHistory().withLabelCell(document.getText(range), column, label);
    if (replaced === undefined) return false;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, replaced);
    return vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The index of the active model's label column in a CSV document's header, if it has one. */
  private labelColumnOf(document: vscode.TextDocument, model: ModelInfo): number | undefined {
    if (document.languageId !== 'csv' && !document.fileName.toLowerCase().endsWith('.csv')) return undefined;
    if (document.lineCount < 2 || !model.columns) return undefined;
    const at = loadHistory().headerColumns(document.lineAt(0).text)?.indexOf(model.columns.labelColumn) ?? -1;
    return at >= 0 ? at : undefined;
  }

  /** Re-counts when the labels file changes on disk (edited, replaced, deleted). */
  private watch(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    const file = this.labelsFile;
    if (!file) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const recount = (): void => void this.updateCount();
    this.watcher.onDidChange(recount);
    this.watcher.onDidCreate(recount);
    this.watcher.onDidDelete(recount);
  }

  async updateCount(): Promise<number> {
    const file = this.labelsFile;
    const model = this.models.active;
    let total = 0;
    if (file && model) {
      try {
        total = await loadHistory().countCorrections(file, labelColumnsOf(model));
      } catch (e) {
        this.log.warn(`counting the corrections in ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.waiting = Math.max(0, total - (file ? correctionsUsedBy(model, file) : 0));
    if (this.waiting > 0) {
      this.item.text = `$(tag) ${this.waiting}`;
      this.item.tooltip = t('{0} corrections waiting in {1}: click to retrain the active model with them.', this.waiting, path.basename(file!));
      this.item.show();
    } else {
      this.item.hide();
    }
    return this.waiting;
  }
}
