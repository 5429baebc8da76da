// Debian's fastText as the training benches' reference: its input format and its macro-F1 on a test file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { classificationReport } from '../../src/core/report';
import { CJK_CHAR } from '../../src/core/text';

export const FASTTEXT = '/usr/bin/fasttext';

/** One `__label__X text` line (fastText reads whitespace-separated tokens; line breaks would end the example). */
export function fastTextLine(text: string, label: string): string {
  return `__label__${label} ${text.replace(/\s+/g, ' ')}`;
}

/** NAME.csv's rows → fastText's `__label__X text` lines. */
export function toFastText(texts: string[], labels: string[], y: number[], file: string): void {
  fs.writeFileSync(file, texts.map((t, i) => fastTextLine(t, labels[y[i]])).join('\n') + '\n');
}

const CJK_CHARS = new RegExp(CJK_CHAR.source, 'gu');

/**
 * A text with every CJK character a token of its own: what fastText needs to read Chinese as the fast model's
 * character n-grams read it (fastText splits on whitespace only, so a Chinese review is otherwise one or two tokens).
 */
export function cjkAsTokens(text: string): string {
  return text.replace(CJK_CHARS, ' $& ');
}

/** Whether a set's texts are mostly CJK (the extra fastText reference is run on those only). */
export function isMostlyCjk(texts: readonly string[]): boolean {
  const sample = texts.slice(0, 200).join('');
  return (sample.match(CJK_CHARS)?.length ?? 0) > sample.length / 2;
}

/** Macro-F1 (src/core/report.ts) of a trained fastText model on a test file in its format. */
export function fastTextMacroF1(model: string, testTxt: string, labels: string[], yTrue: number[]): number {
  const r = spawnSync(FASTTEXT, ['predict', model, testTxt], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const pred = r.stdout.trim().split('\n').map((l) => labels.indexOf(l.replace('__label__', '').trim()));
  return classificationReport(labels, yTrue, pred.map((p) => (p < 0 ? 0 : p))).macro.f1;
}
