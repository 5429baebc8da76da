// A trained fast model's run in fastText's terms: its rows as `__label__X tokens` lines, and the
// `fasttext supervised` command line with our options mapped onto fastText's (fasttext.cc), for data beyond
// what the editor handles. Tokens are what our fast model reads (fast/features.ts's own scanner), written out
// with spaces, so fastText sees the same words.
import type { BundleMeta } from '../bundle';
import { CoreError, coreText } from '../coreText';
import { Featurizer, type FeatureOptions } from '../fast/features';

export const FASTTEXT_SCRIPT = 'train_fasttext.sh';
export const FASTTEXT_FILES = { train: 'train.txt', valid: 'valid.txt', test: 'test.txt' } as const;

/** One scanner for the tokens: words (apostrophes inside), each ! ? and emoji, and each CJK character. */
const tokenScanner = new Featurizer({ wordNgrams: 1, cjkMinN: 1, cjkMaxN: 1 }, true);

/** The tokens of `text` as the fast model reads them, lower-cased. */
export function fastTokens(text: string): string[] {
  const lower = text.toLowerCase();
  const n = tokenScanner.run(text);
  const out: string[] = new Array(n);
  for (let j = 0; j < n; j++) out[j] = lower.slice(tokenScanner.starts[j], tokenScanner.ends[j]);
  return out;
}

/** fastText's label token for `label`: whitespace would end it, so it becomes '_'. */
export function fastTextLabel(label: string): string {
  return `__label__${label.trim().replace(/\s+/g, '_')}`;
}

/** The label tokens of `labels`, in order; an error when two labels would become the same token. */
export function fastTextLabels(labels: readonly string[]): string[] {
  const tokens = labels.map(fastTextLabel);
  const clash = tokens.findIndex((t, i) => tokens.indexOf(t) !== i);
  if (clash >= 0) {
    const first = tokens.indexOf(tokens[clash]);
    throw new CoreError(coreText('fastTextLabelClash', labels[first], labels[clash], tokens[clash]));
  }
  return tokens;
}

/** `__label__X tok tok …` lines for the rows `rows` of `texts` / `y` (class indices into `labelTokens`). */
export function fastTextLines(texts: readonly string[], y: readonly number[], rows: readonly number[], labelTokens: readonly string[]): string {
  return rows.map((i) => `${labelTokens[y[i]]} ${fastTokens(texts[i]).join(' ')}\n`).join('');
}

interface TrainedWith {
  epochs?: number;
  lr?: number;
  dim?: number;
  threads?: number;
  seed?: number;
}

/** The `fasttext supervised` arguments equivalent to the run in `meta`. */
export function fastTextArguments(meta: BundleMeta, hasCjk: boolean): string[] {
  const model = meta.model as { trainedWith?: TrainedWith; features?: FeatureOptions; dim?: number };
  const w = model.trainedWith ?? {};
  const features = model.features ?? { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3 };
  // CJK characters are tokens of their own here, so word n-grams up to cjkMaxN give the character n-grams.
  const wordNgrams = hasCjk ? Math.max(features.wordNgrams, features.cjkMaxN) : features.wordNgrams;
  const epochs = w.epochs ?? (typeof meta.training.epochs === 'number' ? meta.training.epochs : undefined);
  const args = ['-dim', w.dim ?? model.dim, '-lr', w.lr ?? meta.training.learningRate, '-epoch', epochs, '-wordNgrams', wordNgrams, '-minCount', 1, '-loss', 'softmax', '-thread', w.threads || 1, '-seed', w.seed ?? meta.training.seed];
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) if (args[i + 1] !== undefined) out.push(String(args[i]), String(args[i + 1]));
  return out;
}

/** What the exported data holds, for the script's notes. */
export interface FastTextData {
  hasCjk: boolean;
  withValidation: boolean;
  /** Class weights were applied in the run (on, or auto on imbalanced classes). */
  weighted: boolean;
}

/** The shell script that trains and tests the fastText model on the exported files. */
export function fastTextScript(meta: BundleMeta, name: string, data: FastTextData): string {
  const { hasCjk, withValidation } = data;
  const args = fastTextArguments(meta, hasCjk).join(' ');
  const model = meta.model as { trainedWith?: { smoothing?: number; layout?: string }; features?: FeatureOptions };
  const distinct = model.features?.distinct === true;
  const smoothing = model.trainedWith?.smoothing;
  const linear = model.trainedWith?.layout === 'linear';
  const t = meta.training;
  const f3 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(3));
  const notSame = [
    'Neural Lens weights each feature by its IDF and divides by the L2 norm where fastText takes the plain mean,',
    'and hashes its own features;',
    ...(distinct ? ['counts each feature once per text, where fastText counts every repeat;'] : []),
    ...(smoothing ? [`smooths the training labels (${smoothing}), which fastText has no option for;`] : []),
    ...(linear ? ['trained each feature\'s class scores directly (a linear softmax, at a higher rate), where fastText learns -dim wide embeddings and an output layer;'] : []),
    ...(hasCjk ? ['-wordNgrams gives the CJK character n-grams and also English word n-grams Neural Lens does not use;'] : []),
    ...(data.weighted ? ['the run weighted classes by inverse frequency, which fastText has no option for;'] : []),
    ...(t.earlyStopping ? ['early stopping has no fastText option (fastText runs every epoch);'] : []),
    'so expect figures near Neural Lens\'s rather than the same.',
  ];
  return [
    '#!/bin/sh',
    `# The Neural Lens run "${name.replace(/[\r\n]/g, ' ')}" (the fast model) with fastText: https://fasttext.cc`,
    `# Neural Lens reported accuracy ${f3(meta.report?.accuracy)} and macro-F1 ${f3(meta.report?.macro?.f1)} on the ${meta.testRows} rows of ${FASTTEXT_FILES.test}.`,
    '#',
    `# ${FASTTEXT_FILES.train}: the rows the run trained on; ${withValidation ? `${FASTTEXT_FILES.valid}: its validation rows; ` : ''}${FASTTEXT_FILES.test}: its held-out rows.`,
    '# One "__label__<label> <tokens>" line each, the tokens as Neural Lens\'s fast model reads them: lower case;',
    '# words, each ! ? and emoji; CJK text one character per token.',
    '#',
    '# The same: embedding size (-dim), learning rate decayed linearly to 0 (-lr), epochs, word n-grams, seed.',
    ...notSame.map((l, i) => `${i === 0 ? '# Not the same: ' : '#   '}${l}`),
    'set -e',
    'cd "$(dirname "$0")"',
    `fasttext supervised -input ${FASTTEXT_FILES.train} -output model ${args}`,
    `fasttext test model.bin ${FASTTEXT_FILES.test}`,
    '',
  ].join('\n');
}
