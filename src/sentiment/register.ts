import type * as vscode from 'vscode';
import type { ModelRegistry } from '../training/modelRegistry';

/** Per-line decorations, hover, status bar. */
export function registerSentiment(context: vscode.ExtensionContext, models: ModelRegistry, log: vscode.LogOutputChannel): void {
  void context;
  void models;
  void log;
}
