// A training file with the user's corrections (the labels file, core/labelsFile.ts) merged in: a row whose
// text a correction names takes the correction's label (every such row: duplicates by text resolve in favour
// of the correction), and corrections of texts the file does not have are added as rows. When the labels
// file names a text twice, its last row wins (the latest correction). Each row keeps the file and line it
// came from, so the dashboard opens a test row where it is written.
import type { LabelledData } from './csv';

export interface MergedRows {
  texts: string[];
  y: number[];
  lines: number[];
  /** Per row: 0 from the training file, 1 from the labels file. */
  sources: number[];
  /** Training rows whose label a correction changed (or confirmed), and corrections added as new rows. */
  replaced: number;
  added: number;
}

export function mergeCorrections(data: Pick<LabelledData, 'texts' | 'y' | 'lines'>, corrections: Pick<LabelledData, 'texts' | 'y' | 'lines'>): MergedRows {
  const latest = new Map<string, number>();
  corrections.texts.forEach((text, i) => latest.set(text.trim(), i));
  const merged: MergedRows = { texts: [...data.texts], y: [...data.y], lines: [...data.lines], sources: data.texts.map(() => 0), replaced: 0, added: 0 };
  const used = new Set<number>();
  data.texts.forEach((text, i) => {
    const c = latest.get(text.trim());
    if (c === undefined) return;
    merged.y[i] = corrections.y[c];
    merged.replaced++;
    used.add(c);
  });
  for (const c of new Set(latest.values())) {
    if (used.has(c)) continue;
    merged.texts.push(corrections.texts[c]);
    merged.y.push(corrections.y[c]);
    merged.lines.push(corrections.lines[c]);
    merged.sources.push(1);
    merged.added++;
  }
  return merged;
}
