// The training files the benches generate: English rows of joined sentences at any size (scale.ts,
// stream.ts), and a ~70,000-row Chinese file from a Chinese set (fast.ts, stream.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../../src/core/split';
import { readBenchSet, type BenchSet } from '../common';
import { fastTextLine } from './fastText';

/**
 * The English sources of the generated files: the training sentences of `sets` by label, and one fixed test
 * file of their test rows, written into `dir` as CSV (ours) and in fastText's format.
 */
export async function englishSources(
  sets: BenchSet[],
  dir: string,
): Promise<{ byLabel: Map<string, string[]>; testCsv: string; testTxt: string; labels: string[]; yTest: number[] }> {
  const byLabel = new Map<string, string[]>();
  const testRows = ['text,label'];
  const testLines: string[] = [];
  const testLabels: string[] = [];
  for (const set of sets) {
    const { train, test } = await readBenchSet(set);
    train.texts.forEach((t, i) => {
      const label = train.labels[train.y[i]];
      if (!byLabel.has(label)) byLabel.set(label, []);
      byLabel.get(label)!.push(t.replace(/\s+/g, ' '));
    });
    test.texts.forEach((t, i) => {
      testRows.push(`${csvCell(t)},${csvCell(test.labels[test.y[i]])}`);
      testLines.push(fastTextLine(t, test.labels[test.y[i]]));
      testLabels.push(test.labels[test.y[i]]);
    });
  }
  const testCsv = path.join(dir, 'test.csv');
  const testTxt = path.join(dir, 'test.txt');
  fs.writeFileSync(testCsv, testRows.join('\n') + '\n');
  fs.writeFileSync(testTxt, testLines.join('\n') + '\n');
  const labels = [...byLabel.keys()].sort();
  return { byLabel, testCsv, testTxt, labels, yTest: testLabels.map((l) => labels.indexOf(l)) };
}

export const csvCell = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/**
 * `rows` rows, each two or three training sentences of one label joined (seeded): distinct texts whose
 * vocabulary grows with the file as real data's does, at the bigrams where sentences meet. Written in blocks,
 * as CSV for ours and in fastText's format for fastText.
 */
export function generate(byLabel: Map<string, string[]>, rows: number, csvFile: string, txtFile: string): void {
  const random = mulberry32(rows);
  const labels = [...byLabel.keys()];
  const csv = fs.openSync(csvFile, 'w');
  const txt = fs.openSync(txtFile, 'w');
  fs.writeSync(csv, 'text,label\n');
  for (let done = 0; done < rows; ) {
    const block = Math.min(50_000, rows - done);
    let a = '';
    let b = '';
    for (let i = 0; i < block; i++) {
      const label = labels[Math.floor(random() * labels.length)];
      const pool = byLabel.get(label)!;
      const parts = random() < 0.5 ? 2 : 3;
      let text = pool[Math.floor(random() * pool.length)];
      for (let p = 1; p < parts; p++) text += ' ' + pool[Math.floor(random() * pool.length)];
      a += `${csvCell(text)},${csvCell(label)}\n`;
      b += fastTextLine(text, label) + '\n';
    }
    fs.writeSync(csv, a);
    fs.writeSync(txt, b);
    done += block;
  }
  fs.closeSync(csv);
  fs.closeSync(txt);
}

/** ~70,000 rows from a Chinese set: 11 copies, each but the first with its clauses rotated. */
export function makeLarge(texts: string[], labels: string[], y: number[], file: string, copies: number): number {
  const out = ['text,label'];
  for (let k = 0; k < copies; k++) {
    texts.forEach((t, i) => {
      const parts = t.split('，');
      const r = k % parts.length;
      const text = k === 0 ? t : [...parts.slice(r), ...parts.slice(0, r)].join('，');
      out.push(`"${text.replace(/"/g, '""')}",${labels[y[i]]}`);
    });
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
  return out.length - 1;
}

