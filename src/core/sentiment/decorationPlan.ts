// From results to what the editor shows: per colour class, the lines to decorate and their label text
// (planDecorations), and the counts for the status bar (summarize). Both take line spans, so a keystroke in a
// 100,000-line document plans only the lines around what is visible. Pure; the controller turns a plan into
// one setDecorations call per decoration type.
import type { ScorableLine } from '../lineRules';
import type { Prediction } from '../predictions';
import type { DocumentSentiment, ScoredEntry } from './documentSentiment';
import { LabelTally, colourClassOf, decorationText, type ColourClass, type LabelCount } from './sentimentText';

/** Inclusive line spans [first, last]; absent means the whole document. */
export type LineSpans = ReadonlyArray<readonly [number, number]>;

export interface PlannedDecoration {
  line: number;
  /** End of the line: the after-text sits there. */
  character: number;
  text: string;
  label: string;
}

export interface DecorationPlan {
  byClass: Record<ColourClass, PlannedDecoration[]>;
}

export interface Summary {
  /** Shown labels per label, in the model's label order. */
  counts: LabelCount[];
  /** Scored lines below the minimum confidence (no label shown). */
  uncertain: number;
  /** Lines not scored yet. */
  pending: number;
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
  return { byClass: { positive: [], negative: [], neutral: [], other: [] } };
}

/** The decorations of the lines in `spans` (all lines when absent) whose confidence reaches the minimum. */
export function planDecorations(doc: DocumentSentiment, options: { minConfidence: number; spans?: LineSpans }): DecorationPlan {
  const plan = emptyPlan();
  for (const item of entriesIn(doc, options.spans)) {
    const prediction = item.prediction;
    if (!prediction || prediction.confidence < options.minConfidence) continue;
    plan.byClass[colourClassOf(prediction.label)].push({
      line: item.line,
      character: doc.lineLength(item.line),
      text: labelText(prediction),
      label: prediction.label,
    });
  }
  return plan;
}

/** What the status bar says about the lines in `spans` (all lines when absent). */
export function summarize(doc: DocumentSentiment, options: { labels: readonly string[]; minConfidence: number; spans?: LineSpans }): Summary {
  // The whole document: counts the document keeps, not a walk over every line on every keystroke.
  if (!options.spans) return { ...doc.summary(options.labels, options.minConfidence), pending: doc.pendingCount };
  let uncertain = 0;
  let pending = 0;
  const shown = new LabelTally(options.labels);
  for (const item of entriesIn(doc, options.spans)) {
    const prediction = item.prediction;
    if (!prediction) pending++;
    else if (prediction.confidence < options.minConfidence) uncertain++;
    else shown.add(prediction.label);
  }
  return { counts: shown.counts(), uncertain, pending };
}

/** The scored lines in `spans`, each once, in document order; a multi-line CSV cell counts where it overlaps. */
export function entriesIn(doc: DocumentSentiment, spans: LineSpans | undefined): readonly ScoredEntry[] {
  if (!spans) return doc.scorable;
  const out: ScoredEntry[] = [];
  let next = 0;
  for (const [first, last] of mergeSpans(spans)) {
    const slice = doc.scorableBetween(first, last);
    for (const item of slice) {
      // Merged spans are disjoint, but one multi-line cell can overlap two of them.
      if (item.line >= next) out.push(item);
      next = item.line + 1;
    }
  }
  return out;
}

/** A predicate for the same spans, for the scoring pass. */
export function inSpans(spans: LineSpans | undefined): ((item: ScorableLine) => boolean) | undefined {
  if (!spans) return undefined;
  return (item) => spans.some(([a, b]) => item.line >= a && item.firstLine <= b);
}

function mergeSpans(spans: LineSpans): Array<[number, number]> {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
