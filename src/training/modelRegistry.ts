import type * as vscode from 'vscode';

/** A trained model bundle known to the workspace. */
export interface ModelInfo {
  name: string;
  dir: string;
  kind: string;
  dataFile: string;
  createdAt: string;
  accuracy?: number;
  macroF1?: number;
  labels: string[];
}

/** What the sentiment feature needs from training: the active model and when it changes. */
export interface ModelRegistry {
  readonly active: ModelInfo | undefined;
  readonly onDidChangeActive: vscode.Event<ModelInfo | undefined>;
}
