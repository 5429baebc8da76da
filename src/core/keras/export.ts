// Exports a trained model so a run can continue beyond the editor: an lstm/cnn as a Keras script with its
// TensorFlow.js weights and vocabulary beside it; the fast model as fastText data (the run's own train,
// validation and test rows, re-derived from its CSV and checked against the SHA-256 it was trained on) with the
// fastText command line. The folder is new: written under a temporary name and renamed, never over anything.
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { readBundleMeta, type BundleMeta } from '../bundle';
import { CoreError, coreText } from '../coreText';
import { readLabelledCsv, type LabelledData } from '../csv';
import { testSplit, validationSplitOf } from '../runRows';
import { DEFAULT_SEED, DEFAULT_TEST_SIZE } from '../split';
import { CJK_CHAR } from '../text';
import { classWeightsFor } from '../train';
import type { Architecture } from '../tfjs/networks';
import { MODEL_FILE, WEIGHTS_FILE, readTfModelFiles } from '../tfjs/savedModel';
import { exportFormatOf, type ExportFormat, type ExportResult } from './exportFormat';
import { FASTTEXT_FILES, FASTTEXT_SCRIPT, fastTextLabels, fastTextLines, fastTextScript } from './fastText';
import { KERAS_SCRIPT, TFJS_FOLDER, VOCAB_EXPORT, kerasScript } from './kerasScript';

export interface ExportOptions {
  /** Refused when it is not the model's format (see exportFormatOf). */
  format?: ExportFormat;
  /** fast: the training CSV, when it has moved since training (it must be the same bytes). */
  data?: string;
}

/** Exports the model in `modelDir` to the new folder `out`. */
export async function exportModel(modelDir: string, out: string, options: ExportOptions = {}): Promise<ExportResult> {
  const meta = await readBundleMeta(modelDir);
  const format = exportFormatOf(meta.kind);
  if (options.format && options.format !== format) {
    throw new CoreError(coreText(meta.kind === 'fast' ? 'exportFastAs' : 'exportAs', meta.kind, format, options.format));
  }
  const dir = path.resolve(out);
  if (existsSync(dir)) throw new CoreError(coreText('exportTargetExists', dir));
  const name = path.basename(path.resolve(modelDir));
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  const tmp = await fsp.mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
  try {
    const files = format === 'keras' ? await writeKeras(meta, modelDir, name, tmp) : await writeFastText(meta, name, tmp, options.data);
    // A folder made meanwhile is not replaced: rename fails on a non-empty one, and an empty one is checked first.
    if (existsSync(dir)) throw new CoreError(coreText('exportTargetExists', dir));
    await fsp.rename(tmp, dir);
    return { format, dir, files, main: format === 'keras' ? KERAS_SCRIPT : FASTTEXT_SCRIPT };
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function writeKeras(meta: BundleMeta, modelDir: string, name: string, tmp: string): Promise<string[]> {
  const arch = meta.model.architecture as Architecture | undefined;
  if (!arch || arch.kind !== meta.kind) throw new CoreError(coreText('exportNoArchitecture', modelDir, meta.kind));
  // The files loading reads, checked as loading checks them (regular files of the sizes meta.json implies):
  // a FIFO would hang the export and a link to /dev/zero fill the disk.
  const files = readTfModelFiles(modelDir, arch);
  await fsp.mkdir(path.join(tmp, TFJS_FOLDER));
  const tfjsModel = path.join(TFJS_FOLDER, MODEL_FILE);
  const tfjsWeights = path.join(TFJS_FOLDER, WEIGHTS_FILE);
  await fsp.writeFile(path.join(tmp, tfjsModel), files.modelBytes);
  await fsp.writeFile(path.join(tmp, tfjsWeights), files.weights[0]);
  await fsp.writeFile(path.join(tmp, VOCAB_EXPORT), files.vocabBytes);
  await fsp.writeFile(path.join(tmp, KERAS_SCRIPT), kerasScript(meta, name), { mode: 0o755 });
  return [KERAS_SCRIPT, tfjsModel, tfjsWeights, VOCAB_EXPORT];
}

/** The training file (or `moved`, its new place), refused unless it is byte for byte what the run read. */
async function readRunData(meta: BundleMeta, file: string, sha256: string, labels?: readonly string[]): Promise<LabelledData> {
  // Decoded as the run decoded it (the encoding it was given; a byte-order mark wins either way).
  const encoding = typeof meta.training.encoding === 'string' ? meta.training.encoding : undefined;
  const data = await readLabelledCsv(file, { textColumn: meta.data.textColumn, labelColumn: meta.data.labelColumn, labels: labels ?? meta.labels, encoding });
  if (data.sha256 !== sha256) {
    throw new CoreError(coreText('exportDataChanged', file));
  }
  return data;
}

async function writeFastText(meta: BundleMeta, name: string, tmp: string, moved?: string): Promise<string[]> {
  const t = meta.training;
  const seed = typeof t.seed === 'number' ? t.seed : DEFAULT_SEED;
  const data = await readRunData(meta, moved ?? meta.data.path, meta.data.sha256);
  let trainRows: number[];
  let test: { texts: string[]; y: number[] };
  if (meta.data.test && typeof t.test === 'string') {
    const testData = await readRunData(meta, t.test, meta.data.test.sha256);
    trainRows = data.y.map((_, i) => i);
    test = testData;
  } else {
    const split = testSplit(data, typeof t.testSize === 'number' ? t.testSize : DEFAULT_TEST_SIZE, seed);
    trainRows = split.train;
    test = { texts: split.test.map((i) => data.texts[i]), y: split.test.map((i) => data.y[i]) };
  }
  const rows = validationSplitOf(data, trainRows, typeof t.validationSplit === 'number' ? t.validationSplit : 0, seed);
  const labels = fastTextLabels(meta.labels);
  const files: string[] = [FASTTEXT_FILES.train];
  await fsp.writeFile(path.join(tmp, FASTTEXT_FILES.train), fastTextLines(data.texts, data.y, rows.fit, labels));
  if (rows.validation.length > 0) {
    await fsp.writeFile(path.join(tmp, FASTTEXT_FILES.valid), fastTextLines(data.texts, data.y, rows.validation, labels));
    files.push(FASTTEXT_FILES.valid);
  }
  await fsp.writeFile(path.join(tmp, FASTTEXT_FILES.test), fastTextLines(test.texts, test.y, test.y.map((_, i) => i), labels));
  files.push(FASTTEXT_FILES.test);
  const fitY = rows.fit.map((i) => data.y[i]);
  const script = fastTextScript(meta, name, {
    hasCjk: rows.fit.some((i) => CJK_CHAR.test(data.texts[i])),
    withValidation: rows.validation.length > 0,
    weighted: classWeightsFor(fitY, meta.labels.length, (t.classWeights as 'auto' | 'on' | 'off' | undefined) ?? 'auto') !== undefined,
  });
  await fsp.writeFile(path.join(tmp, FASTTEXT_SCRIPT), script, { mode: 0o755 });
  return [FASTTEXT_SCRIPT, ...files];
}
