// The benchmark's inputs: a sentiment model trained on the *.train.csv sets of the data folder (cached in
// bench/.cache/sentiment), and Markdown articles of any length whose prose lines are real review sentences
// from the *.test.csv sets (never trained on), mixed with what an article about neural networks holds:
// headings, Mermaid fences, display math, code, lists, tables, front matter.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLabelledCsv } from '../../src/core/csv';
import { loadBundle } from '../../src/core/bundle';
import { runTraining } from '../../src/core/train';
import { repoRoot } from '../../test/harness/paths';
import { benchDataDir } from '../common';

export const DATA_DIR = benchDataDir();
export const CACHE_DIR = path.join(repoRoot, 'bench', '.cache', 'sentiment');

/** Every text of the sets' test files (those whose name passes `which`), English and Chinese, in file order. */
export async function reviewSentences(which: (file: string) => boolean = () => true): Promise<string[]> {
  const files = fs.readdirSync(DATA_DIR).filter((f) => f.endsWith('.test.csv') && which(f)).sort();
  if (files.length === 0) throw new Error(`no *.test.csv in ${DATA_DIR} (set NL_BENCH_DATA to the folder of the data sets)`);
  const texts: string[] = [];
  for (const f of files) texts.push(...(await readLabelledCsv(path.join(DATA_DIR, f))).texts);
  return texts;
}

/** A fast model trained on all *.train.csv sets (labels negative/positive), trained once and cached. */
export async function benchModel(): Promise<string> {
  const dir = path.join(CACHE_DIR, 'model-fast');
  if (fs.existsSync(path.join(dir, 'meta.json'))) {
    // A model saved by an older engine may not load any more: train it again then.
    const usable = await loadBundle(dir).then(
      ({ classifier }) => (classifier.dispose?.(), true),
      () => false,
    );
    if (usable) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const combined = path.join(CACHE_DIR, 'train.csv');
  const rows = ['text,label'];
  for (const f of fs.readdirSync(DATA_DIR).filter((f) => f.endsWith('.train.csv')).sort()) {
    const lines = fs.readFileSync(path.join(DATA_DIR, f), 'utf8').split('\n');
    rows.push(...lines.slice(1).filter((l) => l.length > 0));
  }
  fs.writeFileSync(combined, rows.join('\n') + '\n');
  const result = await runTraining({ data: combined, out: dir, model: 'fast', seed: 42 });
  console.log(`(trained the bench model: ${result.trainRows} rows, accuracy ${result.report.accuracy.toFixed(3)}, ${result.trainSeconds.toFixed(1)} s)`);
  return dir;
}

/** A Markdown article of exactly `lines` lines, built from blocks of 25 lines (17 of them prose). */
export function article(lines: number, sentences: readonly string[]): string {
  let s = 0;
  const next = (): string => sentences[s++ % sentences.length].replace(/\s+/g, ' ');
  const out: string[] = ['---', 'title: Sentiment of neural networks', 'tags: [lstm, cnn]', '---'];
  while (out.length < lines) {
    out.push(
      `## Section ${out.length}`,
      '',
      next(),
      next(),
      next(),
      '',
      '```mermaid',
      'graph LR; A[Embedding] --> B[LSTM] --> C[Dense]',
      '```',
      '',
      `- ${next()}`,
      `- ${next()}`,
      `> ${next()}`,
      '',
      '$$',
      'h_t = \\sigma(W x_t + U h_{t-1} + b)',
      '$$',
      '',
      `| ${next()} | ok |`,
      '| --- | --- |',
      `| ${next()} | fine |`,
      '',
      next(),
      next(),
      next(),
    );
  }
  return out.slice(0, lines).join('\n');
}
