// Saving an exported SVG or PNG, for every view that exports images (the Concepts view, the diagram tab).
import * as vscode from 'vscode';
import { imageBytes } from './concepts/imageBytes';

/**
 * Checks that `data` is the image it claims to be, asks where to save it (suggesting `suggested`), and writes
 * it there. Says so in the status bar, or in an error message when the data is not an image.
 */
export async function saveImage(format: 'svg' | 'png', data: string, suggested: vscode.Uri | undefined): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = imageBytes(format, data);
  } catch (e) {
    showExportFailure((e as Error).message);
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: suggested,
    filters: format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
    title: format === 'svg' ? vscode.l10n.t('Export SVG') : vscode.l10n.t('Export PNG'),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(target)), 4000);
}

/** Says that a page could not make the image (or that it made something that is not one). */
export function showExportFailure(reason: string): void {
  void vscode.window.showErrorMessage(vscode.l10n.t('Could not export the image: {0}', reason));
}

/** `NAME-diagram-LINE.svg` beside the document (none for an untitled one). */
export function imageNameBeside(document: vscode.Uri, untitled: boolean, what: string, line: number, format: 'svg' | 'png'): vscode.Uri | undefined {
  if (untitled) return undefined;
  const file = document.path.split('/').pop() ?? '';
  const base = file.replace(/\.[^.]*$/, '') || 'concept';
  return vscode.Uri.joinPath(document, '..', `${base}-${what}-${line + 1}.${format}`);
}
