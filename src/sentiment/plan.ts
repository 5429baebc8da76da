// From results to what the editor shows: per colour class, the lines to decorate and their text, plus
// the counts for the status bar. Pure; the controller turns a plan into one setDecorations call per type.
import type { ScorableLine } from '../core/lines';
import type { Prediction } from '../engine/protocol';
import type { DocumentSentiment } from './documentSentiment';
import { colourClassOf, countLabels, decorationText, type ColourClass, type LabelCount } from './format';

export interface PlannedDecoration {
  line: number;
  /** End of the line: the after-text sits there. */
  character: number;
  text: string;
  label: string;
}

export interface DecorationPlan {
  byClass: Record<ColourClass, PlannedDecoration[]>;
  /** Shown labels per class, in the model's label order. */
  counts: LabelCount[];
  /** Scored lines below the minimum confidence (no label shown). */
  uncertain: number;
  /** Wanted lines not scored yet. */
  pending: number;
}

export interface PlanOptions {
  labels: readonly string[];
  minConfidence: number;
  /** Lines shown and counted (the mode); all when absent. */
  wanted?: (item: ScorableLine) => boolean;
  /** Of those, the lines that get a decoration (large documents: around the visible range); all when absent. */
  decorate?: (item: ScorableLine) => boolean;
}

/** Predictions are shared through the cache; their label text is built once each. */
const labelTexts = new WeakMap<Prediction, string>();

function labelText(prediction: Prediction): string {
  let text = labelTexts.get(prediction);
  if (text === undefined) {
    text = decorationText(prediction);
    labelTexts.set(prediction, text);
  }
  return text;
}

export function emptyPlan(): DecorationPlan {
  return { byClass: { positive: [], negative: [], neutral: [], other: [] }, counts: [], uncertain: 0, pending: 0 };
}

export function planDecorations(doc: DocumentSentiment, options: PlanOptions): DecorationPlan {
  const plan = emptyPlan();
  const shown: string[] = [];
  for (const { item, prediction } of doc.entries(options.wanted)) {
    if (!prediction) {
      plan.pending++;
      continue;
    }
    if (prediction.confidence < options.minConfidence) {
      plan.uncertain++;
      continue;
    }
    shown.push(prediction.label);
    if (options.decorate && !options.decorate(item)) continue;
    plan.byClass[colourClassOf(prediction.label)].push({
      line: item.line,
      character: doc.lineLength(item.line),
      text: labelText(prediction),
      label: prediction.label,
    });
  }
  plan.counts = countLabels(options.labels, shown);
  return plan;
}
