// neural-lens export --model DIR [--format keras|fasttext] [--out DIR] [--data CSV] [--json]: a trained run
// as a Keras script (lstm, cnn) or fastText data and command line (fast), to take it beyond the editor.
import * as path from 'node:path';
import { readBundleMeta } from '../core/bundle';
import { exportModel } from '../core/keras/export';
import { exportDirName, exportFormatOf, type ExportFormat } from '../core/keras/exportFormat';
import { EXIT, UsageError, parse } from './common';

const HELP = `Usage: neural-lens export --model DIR [--format keras|fasttext] [--out DIR] [--data CSV] [--json]

Writes a trained model's run into a new folder, to continue it outside the editor:
  lstm, cnn  --format keras: train_keras.py (pandas + TensorFlow/Keras: the same columns, split, tokenizer,
             layers, compile and fit arguments, early stopping and class weights), the trained weights as a
             TensorFlow.js Layers model in tfjs_model/ (the script's header has the one-line conversion to
             Keras) and the vocabulary in vocab.json
  fast       --format fasttext: train.txt, valid.txt, test.txt ("__label__X tokens", the run's own rows) and
             train_fasttext.sh with the equivalent "fasttext supervised" command line

Options:
  --model DIR     the model folder (required)
  --format F      keras or fasttext (default: the model's; another is refused)
  --out DIR       the folder to create (default: <model name>-<format> in the current folder); never overwritten
  --data CSV      fast: the training CSV when it has moved since training (it must be unchanged)
  --json          print {format, dir, files, main} instead of a summary
`;

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv, { model: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } }, HELP);
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (!v.model) throw new UsageError('--model DIR is required');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (v.format !== undefined && v.format !== 'keras' && v.format !== 'fasttext') throw new UsageError(`--format must be keras or fasttext, got "${v.format}"`);
  const meta = await readBundleMeta(v.model);
  const format = (v.format as ExportFormat | undefined) ?? exportFormatOf(meta.kind);
  if (v.data !== undefined && meta.kind !== 'fast') throw new UsageError('--data applies to the fast model only (a Keras script reads its data when it runs)');
  const out = v.out ?? exportDirName(path.basename(path.resolve(v.model)), format);
  const result = await exportModel(v.model, out, { format, data: v.data });
  if (v.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const main = path.join(result.dir, result.main);
    const next =
      result.format === 'keras'
        ? `Run it with: python ${main}   (needs pandas and TensorFlow; see its header)`
        : `Run it with: sh ${main}   (needs fastText: https://fasttext.cc)`;
    process.stdout.write(`Exported the ${meta.kind} model ${v.model} to ${result.dir}:\n${result.files.map((f) => `  ${f}\n`).join('')}${next}\n`);
  }
  return EXIT.ok;
}
