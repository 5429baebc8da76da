import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../engine/client';
import { LruCache } from '../core/lru';
import type { Prediction } from '../core/predictions';
import { CACHE_SIZE } from '../core/sentiment/tuning';
import type { ModelRegistry } from '../training/modelRegistry';
import { SentimentController } from './controller';
import { SentimentExplainer } from './explainer';
import { SentimentHoverProvider } from './hover';
import { SentimentStatusBar } from './statusBar';
import { Corrections } from './corrections';
import { analyzeSelection } from './commands/analyzeSelection';
import { selectModel } from './commands/selectModel';
import { toggleSentiment } from './commands/toggle';
import { trainOnSample, type TrainOnSampleOptions } from './commands/trainOnSample';

/** Per-line decorations, hover, status bar. */
export function registerSentiment(context: vscode.ExtensionContext, models: ModelRegistry, log: vscode.LogOutputChannel): void {
  // Our own worker: scoring never queues behind a training job in the training feature's worker.
  const engine = new EngineClient(context.asAbsolutePath(path.join('dist', 'worker.js')));
  // Text → prediction for the active model, shared by every document and the hover.
  const results = new LruCache<string, Prediction>(CACHE_SIZE);
  const controller = new SentimentController(context.extensionUri, models, engine, results, log);
  const explainer = new SentimentExplainer(models, engine, results);
  const samplePath = context.asAbsolutePath(path.join('samples', 'reviews.csv'));
  const corrections = new Corrections(context, controller, models, log);
  context.subscriptions.push(
    { dispose: () => engine.dispose() },
    controller,
    explainer,
    new SentimentStatusBar(controller),
    vscode.languages.registerHoverProvider('*', new SentimentHoverProvider(controller, explainer, samplePath)),
    corrections,
    vscode.languages.registerCodeActionsProvider('*', corrections, { providedCodeActionKinds: [Corrections.kind] }),
    vscode.commands.registerCommand('neuralLens.sentiment.labelLine', (uri: vscode.Uri, line: number, label: string) => corrections.labelLine(vscode.Uri.from(uri), line, label)),
    vscode.commands.registerCommand('neuralLens.sentiment.setLabel', (uri: vscode.Uri, line: number, label: string) => corrections.setLabel(vscode.Uri.from(uri), line, label)),
    // A path argument sets it without the dialog (programmatic callers and tests).
    vscode.commands.registerCommand('neuralLens.sentiment.chooseLabelsFile', (file?: unknown) => corrections.chooseLabelsFile(typeof file === 'string' ? file : undefined)),
    vscode.commands.registerCommand('neuralLens.sentiment._corrections', async () => ({ labelsFile: corrections.labelsFile, waiting: await corrections.updateCount() })),
    vscode.commands.registerCommand('neuralLens.sentiment.toggle', () => {
      const document = vscode.window.activeTextEditor?.document;
      return toggleSentiment(!!document && controller.scoresLanguageOf(document) && controller.presence(document) === 'quiet');
    }),
    vscode.commands.registerCommand('neuralLens.sentiment.analyzeSelection', () => analyzeSelection(explainer, log)),
    vscode.commands.registerCommand('neuralLens.sentiment.selectModel', () => selectModel(models)),
    vscode.commands.registerCommand('neuralLens.sentiment.trainOnSample', (options?: TrainOnSampleOptions) => trainOnSample(samplePath, models, log, options)),
    // Test hook, not contributed to the palette: the decorations last applied per visible editor.
    vscode.commands.registerCommand('neuralLens.sentiment._debugState', async (options?: { settle?: boolean }) => {
      if (options?.settle) await controller.whenIdle();
      return controller.debugState();
    }),
    // Test hook, not contributed: makes a model active, or none (null), without a quick pick.
    vscode.commands.registerCommand('neuralLens.sentiment._useModel', (dir: string | null) => models.setActive(dir ?? undefined)),
  );
}
