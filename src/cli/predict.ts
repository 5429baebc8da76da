// neural-lens predict --model DIR [FILE | -] [--json]: one result per input line, streamed in batches.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadBundle } from '../core/bundle';
import { DataError, statInputFile } from '../core/csv';
import { coreText } from '../core/coreText';
import type { Prediction } from '../core/predictions';
import { escapeControl, jsonLine, writeOut } from '../core/terminalText';
import { EXIT, UsageError, parse } from './common';

const HELP = `Usage: neural-lens predict --model DIR [FILE | -] [--json]

Labels every line of FILE (or of standard input, with - or no FILE) with a saved model.
Prints "label<TAB>confidence<TAB>p(label1) p(label2) …" per line, or with --json one JSON object per line:
{"line": n, "label": …, "confidence": …, "probabilities": {"label1": p, …}}.
`;

const BATCH = 10_000;

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv, { model: { type: 'string' }, json: { type: 'boolean' } }, HELP);
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (!v.model) throw new UsageError('--model DIR is required');
  if (positionals.length > 1) throw new UsageError(`one input file expected, got ${positionals.length}`);
  const { classifier } = await loadBundle(v.model);
  const file = positionals[0] ?? '-';
  if (file !== '-') await statInputFile(file);
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (e: Error) => reject(new DataError('not-a-file', file, coreText('cannotRead', e.message))));
  });
  await opened;
  const labels = classifier.labels;
  const shownLabels = labels.map(escapeControl);
  let lineNo = 0;
  const write = (preds: Prediction[]): void => {
    let out = '';
    for (const p of preds) {
      lineNo++;
      if (v.json) {
        const probabilities = Object.fromEntries(labels.map((l, i) => [l, p.probabilities[i]]));
        out += jsonLine({ line: lineNo, label: p.label, confidence: p.confidence, probabilities });
      } else {
        out += `${escapeControl(p.label)}\t${p.confidence.toFixed(4)}\t${p.probabilities.map((x, i) => `${shownLabels[i]}=${x.toFixed(4)}`).join(' ')}\n`;
      }
    }
    writeOut(out);
  };
  let batch: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    batch.push(line);
    if (batch.length === BATCH) {
      write(await classifier.predict(batch));
      batch = [];
    }
  }
  if (batch.length) write(await classifier.predict(batch));
  classifier.dispose?.();
  return EXIT.ok;
}
