// "Toggle Sentiment" (and a click on the status bar item): flips `neuralLens.sentiment.enabled`, written
// where its current value comes from, so the toggle wins over a workspace setting and survives a reload.
import * as vscode from 'vscode';
import { SECTION } from '../config';

export async function toggleSentiment(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const next = !config.get<boolean>('enabled', true);
  const fromWorkspace = config.inspect<boolean>('enabled')?.workspaceValue !== undefined;
  await config.update('enabled', next, fromWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return next;
}
