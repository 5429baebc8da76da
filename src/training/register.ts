import type * as vscode from 'vscode';
import type { ModelRegistry } from './modelRegistry';

/** Train command, progress, dashboard, model list. Returns the registry the sentiment feature reads. */
export function registerTraining(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ModelRegistry {
  void context;
  void log;
  throw new Error('not yet');
}
