// "Export for TensorFlow / fastText…" on a model (Models view, the dashboard's title bar, the palette): asks
// for a folder, writes a new `<model>-keras` or `<model>-fasttext` folder in it through the engine worker
// (core/keras/export.ts), and opens the script it wrote.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineClient } from '../../engine/client';
import { exportDirName, exportFormatOf, type ExportResult } from '../../core/keras/exportFormat';
import type { ModelKind } from '../../engine/protocol';
import { logError, showEngineError } from '../errors';
import type { ModelInfo } from '../modelRegistry';

/** `<base>`, else `<base>-2`, `<base>-3`… : the first name in `parent` nothing has taken. */
export function freeFolder(parent: string, base: string): string {
  for (let n = 1; ; n++) {
    const candidate = path.join(parent, n === 1 ? base : `${base}-${n}`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** Exports `model` into a new folder in `parent` (asked for when absent). Resolves what was written, or undefined. */
export async function exportModelCommand(model: ModelInfo, engine: () => EngineClient, log: vscode.LogOutputChannel, parent?: string): Promise<ExportResult | undefined> {
  const t = vscode.l10n.t;
  const format = exportFormatOf(model.kind as ModelKind);
  const where =
    parent ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: t('Export Here'),
        title: format === 'keras' ? t('Export {0} as a Keras script into…', model.name) : t('Export {0} as fastText data into…', model.name),
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })
    )?.[0]?.fsPath;
  if (!where) return undefined;
  const out = freeFolder(where, exportDirName(model.name, format));
  log.info(`exporting ${model.dir} as ${format} to ${out}`);
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Exporting {0}', model.name) }, () => engine().export(model.dir, out, format));
    const main = vscode.Uri.file(path.join(result.dir, result.main));
    if (parent === undefined) {
      const open = t('Open');
      const message = format === 'keras' ? t('Exported {0} as a Keras script to {1}.', model.name, result.dir) : t('Exported {0} as fastText data to {1}.', model.name, result.dir);
      void vscode.window.showInformationMessage(message, open).then(async (choice) => {
        if (choice === open) await vscode.window.showTextDocument(main);
      });
    }
    return result;
  } catch (e) {
    logError(log, `exporting ${model.dir}`, e);
    void showEngineError(log, t('Export failed'), e);
    return undefined;
  }
}
