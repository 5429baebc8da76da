// "Toggle Sentiment" (and a click on the status bar item): flips `neuralLens.sentiment.enabled`, written
// where its current value comes from, so the toggle wins over a workspace setting and survives a reload.
// In a document that shows nothing yet (no model, not asked for), it turns sentiment on: written as the
// user's own `true`, that is asking for it (core/sentiment/presence), and the status bar offers a model.
import * as vscode from 'vscode';
import { SECTION } from '../config';

/** `quiet`: the active document shows no sentiment yet, though its language is scored. */
export async function toggleSentiment(quiet: boolean): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const next = quiet ? true : !config.get<boolean>('enabled', true);
  const fromWorkspace = config.inspect<boolean>('enabled')?.workspaceValue !== undefined;
  await config.update('enabled', next, fromWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return next;
}
