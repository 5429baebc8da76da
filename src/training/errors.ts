// Engine errors as the user sees them: one notification that names the file and the line, with an action
// that opens the file at that line; the full story (stack included) goes to the output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineErrorInfo } from '../engine/protocol';
import { localiseCoreText } from '../errorText';

/** The serialisable part of an engine error (what the train command returns to programmatic callers). */
export function errorInfo(e: unknown): EngineErrorInfo {
  if (e && typeof e === 'object' && 'message' in e) {
    const { message, text, file, line, code } = e as EngineErrorInfo;
    return { message: String(message), text, file, line, code };
  }
  return { message: String(e) };
}

export function logError(log: vscode.LogOutputChannel, context: string, e: unknown): void {
  const info = errorInfo(e);
  const where = info.file ? ` [${info.file}${info.line ? `:${info.line}` : ''}]` : '';
  log.error(`${context}: ${info.message}${where}${info.code ? ` (code ${info.code})` : ''}`);
  if (e instanceof Error && e.stack) log.error(e.stack);
}

/** Shows `e`; resolves when the notification is dismissed or its action has run. */
export async function showEngineError(log: vscode.LogOutputChannel, title: string, e: unknown): Promise<void> {
  const info = errorInfo(e);
  const where = info.file ? ` (${path.basename(info.file)}${info.line ? `, ${vscode.l10n.t('line {0}', info.line)}` : ''})` : '';
  const openAtLine = vscode.l10n.t('Open at Line');
  const openFile = vscode.l10n.t('Open File');
  const showLog = vscode.l10n.t('Show Log');
  const actions = info.file && info.line ? [openAtLine] : info.file ? [openFile] : [];
  const message = info.text ? localiseCoreText(info.text) : info.message;
  const choice = await vscode.window.showErrorMessage(`${title}: ${message}${where}`, ...actions, showLog);
  if (choice === showLog) log.show(true);
  else if (choice === openAtLine || choice === openFile) await openAt(info.file!, info.line);
}

/** Opens `file` with line `line` (1-based) selected and centred. */
export async function openAt(file: string, line: number | undefined): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const at = Math.max(0, Math.min(doc.lineCount - 1, (line ?? 1) - 1));
  const range = doc.lineAt(at).range;
  return vscode.window.showTextDocument(doc, { selection: line ? range : undefined, preview: false });
}
