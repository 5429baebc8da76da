import type * as vscode from 'vscode';

/** Article panel, Concepts side view, Markdown export. */
export function registerPreview(context: vscode.ExtensionContext): void {
  void context;
}
