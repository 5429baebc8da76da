// neural-lens predict --model DIR [FILE | -] [--json] [--encoding NAME]: one result per input line, streamed in batches.
import { createReadStream } from 'node:fs';
import { loadBundle } from '../core/bundle';
import { DataError, statInputFile } from '../core/csv';
import { coreText } from '../core/coreText';
import { EXIT, UsageError, encodingFlag, encodingHelp, parse } from './common';
import { predictionFormatter } from './predictFormat';
import { MAX_LINE_CHARS, lineBatches } from './predictLines';

const HELP = `Usage: neural-lens predict --model DIR [FILE | -] [--json] [--encoding NAME]

Labels every line of FILE (or of standard input, with - or no FILE) with a saved model.
Prints "label<TAB>confidence<TAB>p(label1) p(label2) …" per line, or with --json one JSON object per line:
{"line": n, "label": …, "confidence": …, "probabilities": {"label1": p, …}}.
Probabilities and confidences have 4 decimals. A line longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters is an error.
${encodingHelp("the input's")}
`;

const BATCH = 10_000;
/** Read in 1 MiB chunks (the default 64 KiB means 16× the reads and splits on a large file). */
const READ_CHUNK = 1 << 20;

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv, { model: { type: 'string' }, json: { type: 'boolean' }, encoding: { type: 'string' } }, HELP);
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (!v.model) throw new UsageError('--model DIR is required');
  if (positionals.length > 1) throw new UsageError(`one input file expected, got ${positionals.length}`);
  const encoding = encodingFlag(v.encoding);
  const { classifier } = await loadBundle(v.model);
  const file = positionals[0] ?? '-';
  if (file !== '-') await statInputFile(file);
  // Bytes, decoded by lineBatches as a stream in the input's encoding.
  const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: READ_CHUNK });
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (e: Error) => reject(new DataError('not-a-file', file, coreText('cannotRead', e.message))));
  });
  await opened;
  const format = predictionFormatter(classifier.labels, v.json === true);
  let lineNo = 1;
  for await (const batch of lineBatches(input, BATCH, { file, encoding })) {
    // The formatter escapes the labels (the only text from data it prints): no second pass over the output.
    process.stdout.write(format(await classifier.predictPacked(batch), lineNo));
    lineNo += batch.length;
  }
  classifier.dispose?.();
  return EXIT.ok;
}
