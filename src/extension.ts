import * as vscode from 'vscode';
import { registerPreview } from './preview/register';
import { registerTraining } from './training/register';
import { registerSentiment } from './sentiment/register';

/** contributes.walkthroughs in package.json. */
const WALKTHROUGH_ID = 'neuralLens.gettingStarted';

/** What activate() returns: used by the extension-host tests, and by nothing else. */
export interface NeuralLensApi {
  activationMs: number;
}

// Composes the features; nothing else lives here. Activation must stay cheap: no TensorFlow.js, Mermaid,
// KaTeX, markdown-it or csv-parse is loaded here (they live in the worker, the webviews and the lazily
// required dist/renderer.js and dist/parsers.js; the build fails if one of them lands in this bundle).
export function activate(context: vscode.ExtensionContext): NeuralLensApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Neural Lens', { log: true });
  context.subscriptions.push(log);
  registerPreview(context);
  const models = registerTraining(context, log);
  registerSentiment(context, models, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('neuralLens.walkthrough.open', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
    ),
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
