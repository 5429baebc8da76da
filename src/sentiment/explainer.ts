// What the hover and "Analyze Selection" ask for: one text (a line or a selection) scored with the active
// model, with the words that drove it. Explanations cost more than scores and are asked for one at a time,
// when a hover opens, so they have their own small cache; the score also feeds the lines' result cache.
import * as vscode from 'vscode';
import type { EngineClient } from '../engine/client';
import { LruCache } from '../core/lru';
import type { Prediction, TokenContribution } from '../core/predictions';
import type { ResultCache } from '../core/sentiment/documentSentiment';
import type { ModelInfo, ModelRegistry } from '../training/modelRegistry';

export interface Explained {
  prediction: Prediction;
  explanation?: TokenContribution[];
  model: ModelInfo;
}

export class SentimentExplainer implements vscode.Disposable {
  private readonly explanations = new LruCache<string, Explained>(200);
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly models: ModelRegistry,
    private readonly engine: EngineClient,
    private readonly results: ResultCache,
  ) {
    this.listener = models.onDidChangeActive(() => this.explanations.clear());
  }

  get activeModel(): ModelInfo | undefined {
    return this.models.active;
  }

  /** Scores one text with explanations, with the active model (undefined: no model, or it changed meanwhile). */
  async explain(text: string): Promise<Explained | undefined> {
    const model = this.models.active;
    if (!model) return undefined;
    const key = `${model.dir}\n${text}`;
    const known = this.explanations.get(key);
    if (known) return known;
    const result = await this.engine.score(model.dir, [text], true);
    // The model changed while the request was out: its result must not reach the caches, just cleared.
    if (this.models.active?.dir !== model.dir) return undefined;
    const prediction = result.predictions[0];
    if (!prediction) return undefined;
    this.results.set(text, prediction);
    const explained: Explained = { prediction, explanation: result.explanations?.[0], model };
    this.explanations.set(key, explained);
    return explained;
  }

  dispose(): void {
    this.listener.dispose();
  }
}
