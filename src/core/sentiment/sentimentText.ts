// How sentiment results read: decoration labels, probability bars, the status bar distribution and the
// hover's Markdown. Pure string functions (no `vscode` at run time), so they are unit-tested in Node;
// the glue passes in its `vscode.l10n.t` for the words.
import type { Prediction, TokenContribution } from '../predictions';
import { untranslated, type Translate } from '../translate';

/** The four colour classes with contributed theme colours; every other label shares `other`. */
export type ColourClass = 'positive' | 'negative' | 'neutral' | 'other';
/** In the order the status bar lists them. */
export const COLOUR_CLASSES: readonly ColourClass[] = ['positive', 'neutral', 'negative', 'other'];

const CLASS_NAMES: ReadonlyArray<[ColourClass, RegExp]> = [
  ['positive', /^(pos|positive|good|happy|joy|正面|积极|好评)$/i],
  ['negative', /^(neg|negative|bad|sad|anger|angry|负面|消极|差评)$/i],
  ['neutral', /^(neu|neutral|mixed|none|中性|中立)$/i],
];

export function colourClassOf(label: string): ColourClass {
  const name = label.trim();
  for (const [cls, pattern] of CLASS_NAMES) if (pattern.test(name)) return cls;
  return 'other';
}

/** Whole percent; never claims 100% or 0% for a probability that is neither. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '?%';
  let n = Math.round(p * 100);
  if (n === 100 && p < 1) n = 99;
  if (n === 0 && p > 0) return '<1%';
  return `${n}%`;
}

/** The after-line text of a scored line, e.g. `● positive 92%`. */
export function decorationText(prediction: Pick<Prediction, 'label' | 'confidence'>): string {
  return `● ${prediction.label} ${percent(prediction.confidence)}`;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A fixed-width bar of block characters for a probability in [0, 1]. */
export function bar(p: number, width = 12): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0));
  const eighths = Math.round(clamped * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  const used = full + (part ? 1 : 0);
  return '█'.repeat(full) + part + ' '.repeat(Math.max(0, width - used));
}

const EMOJI: Record<ColourClass, string | undefined> = { positive: '😊', neutral: '😐', negative: '☹', other: undefined };

export interface LabelCount {
  label: string;
  count: number;
}

/** The status bar's distribution, e.g. `😊 12 · 😐 5 · ☹ 3`: positive, neutral, negative, then other labels by name. */
export function distributionText(counts: readonly LabelCount[]): string {
  return inStatusOrder(counts).map(({ label, count }) => `${EMOJI[colourClassOf(label)] ?? label} ${count}`).join(' · ');
}

/** Positive, neutral, negative, then other labels in their given order. */
function inStatusOrder(counts: readonly LabelCount[]): LabelCount[] {
  const rank = (label: string): number => COLOUR_CLASSES.indexOf(colourClassOf(label));
  return counts
    .map((c, i) => ({ ...c, i }))
    .sort((a, b) => rank(a.label) - rank(b.label) || a.i - b.i)
    .map(({ label, count }) => ({ label, count }));
}

/**
 * The distribution as a screen reader says it, e.g. `12 positive, 5 neutral, 3 negative` (same order as
 * distributionText; the emoji mean nothing read aloud).
 */
export function distributionSpeech(counts: readonly LabelCount[], t: Translate = untranslated): string {
  return inStatusOrder(counts).map(({ label, count }) => t('{0} {1}', count, label)).join(', ');
}

/** Counts per label in the model's label order, then any label the model did not declare. */
export function countLabels(labels: readonly string[], predicted: Iterable<string>): LabelCount[] {
  const tally = new LabelTally(labels);
  for (const label of predicted) tally.add(label);
  return tally.counts();
}

/** countLabels a label (or a count of one) at a time: a million lines are counted without a list of their labels. */
export class LabelTally {
  private readonly byLabel: Map<string, number>;

  constructor(labels: readonly string[]) {
    this.byLabel = new Map(labels.map((l) => [l, 0]));
  }

  add(label: string, count = 1): void {
    this.byLabel.set(label, (this.byLabel.get(label) ?? 0) + count);
  }

  counts(): LabelCount[] {
    return [...this.byLabel].map(([label, count]) => ({ label, count }));
  }
}

/** Backslash-escapes Markdown's special characters so labels and tokens render as plain text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&');
}

/** A `command:` URI with JSON arguments, for links in a trusted hover. */
export function commandLink(command: string, args?: unknown): string {
  return args === undefined ? `command:${command}` : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

export interface HoverModel {
  name: string;
  kind: string;
  labels: readonly string[];
  dir: string;
}

export interface HoverInput {
  model: HoverModel;
  prediction: Prediction;
  explanation?: readonly TokenContribution[];
  /** How many lines the text came from: more than one for a selection. */
  lineCount: number;
  truncatedTo?: number;
  minConfidence: number;
}

/** The `count` tokens that weighed most on a prediction, either way, strongest first. */
export function topContributions(explanation: readonly TokenContribution[], count: number): TokenContribution[] {
  return [...explanation].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, count);
}

/** The hover of a scored text: every class with its bar, the model, the tokens that drove it, a report link. */
export function hoverMarkdown(input: HoverInput, t: Translate = untranslated, topTokens = 6): string {
  const { model, prediction, explanation } = input;
  const out: string[] = [];
  const title = input.lineCount > 1 ? t('Sentiment of the selection ({0} lines)', input.lineCount) : t('Sentiment');
  out.push(`**${title}**: ${escapeMarkdown(prediction.label)} ${percent(prediction.confidence)}`);
  if (prediction.confidence < input.minConfidence) {
    out.push('', `_${t('Below the minimum confidence ({0}): no label is shown on the line.', percent(input.minConfidence))}_`);
  }
  out.push('', `| ${t('Class')} | | |`, '|:--|:--|--:|');
  model.labels.forEach((label, i) => {
    const p = prediction.probabilities[i] ?? 0;
    const name = label === prediction.label ? `**${escapeMarkdown(label)}**` : escapeMarkdown(label);
    out.push(`| ${name} | \`${bar(p)}\` | ${percent(p)} |`);
  });
  if (explanation && explanation.length > 0) {
    const words = topContributions(explanation, topTokens).map((c) => `\`${c.weight >= 0 ? '+' : '−'}${c.token.replace(/`/g, "'")}\` ${Math.abs(c.weight).toFixed(2)}`);
    out.push('', `${t('Words that pushed it towards {0}', escapeMarkdown(prediction.label))}: ${words.join(' · ')}`);
  }
  if (input.truncatedTo !== undefined) out.push('', `_${t('Scored on the first {0} characters.', input.truncatedTo)}_`);
  out.push(
    '',
    '---',
    `${t('Model')}: **${escapeMarkdown(model.name)}** (${escapeMarkdown(model.kind)}) · [${t('Show model report')}](${commandLink('neuralLens.models.showReport', model.dir)})`,
  );
  return out.join('\n');
}

/** The hover when no model is active: say so, offer training in one click. */
export function noModelMarkdown(sampleAvailable: boolean, t: Translate = untranslated): string {
  const links = [`[${t('Train on a CSV…')}](${commandLink('neuralLens.training.train')})`];
  if (sampleAvailable) links.push(`[${t('Train on the bundled sample')}](${commandLink('neuralLens.sentiment.trainOnSample')})`);
  return [`**${t('Sentiment')}**: ${t('no model is active.')}`, '', links.join(' · ')].join('\n');
}

/** The commands a sentiment hover may run: the hover is trusted for these and nothing else. */
export const HOVER_COMMANDS: readonly string[] = ['neuralLens.models.showReport', 'neuralLens.training.train', 'neuralLens.sentiment.trainOnSample'];
