// One scoring pass over a document: the lines that matter first (the visible range) in one request, the
// rest in the background in batches, each batch one request to the worker. Identical texts are sent once.
// A newer pass makes an older one stop between batches; what it already scored stays in the cache.
import type { Prediction } from '../predictions';
import type { ScorableLine } from '../lineRules';
import type { DocumentSentiment } from './documentSentiment';

/** Scores texts with the active model (through the worker in the extension). */
export type ScoreTexts = (texts: string[]) => Promise<Prediction[]>;

export interface PassOptions {
  /** Only these lines are scored at all (mode `visible` or `currentLine`); all when absent. */
  wanted?: (item: ScorableLine) => boolean;
  /** These lines are scored first, in their own request (the visible range). */
  first?: (item: ScorableLine) => boolean;
  /** Texts per background request. */
  batchSize: number;
  /** Polled between requests: true stops the pass. */
  cancelled?: () => boolean;
  /** After each request that stored results; `priority` is true for the first one. */
  onBatch?: (priority: boolean) => void;
}

export interface PassResult {
  completed: boolean;
  scored: number;
  requests: number;
}

export async function runPass(doc: DocumentSentiment, score: ScoreTexts, options: PassOptions): Promise<PassResult> {
  const pending = doc.unscored(options.wanted);
  const first = options.first;
  const head = first ? pending.filter(first) : [];
  const tail = first ? pending.filter((item) => !first(item)) : pending;
  const batches: Array<{ items: ScorableLine[]; priority: boolean }> = [];
  if (head.length > 0) batches.push({ items: head, priority: true });
  for (let i = 0; i < tail.length; i += options.batchSize) batches.push({ items: tail.slice(i, i + options.batchSize), priority: false });
  let scored = 0;
  let requests = 0;
  for (const batch of batches) {
    if (options.cancelled?.()) return { completed: false, scored, requests };
    // An earlier batch may have scored the same text on another line.
    const missing = doc.takeCached(batch.items);
    if (missing.length === 0) continue;
    const texts = uniqueTexts(missing);
    requests++;
    const predictions = await score(texts);
    const byText = new Map<string, Prediction>();
    texts.forEach((text, i) => byText.set(text, predictions[i]));
    doc.accept(missing, missing.map((item) => byText.get(item.text)!));
    scored += missing.length;
    options.onBatch?.(batch.priority);
  }
  return { completed: true, scored, requests };
}

function uniqueTexts(items: readonly ScorableLine[]): string[] {
  return [...new Set(items.map((item) => item.text))];
}
