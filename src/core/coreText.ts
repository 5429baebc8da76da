// Every message of the core that a person reads about their data or a model folder, as one table of
// English templates with {0}, {1}… placeholders. An error carries its template and arguments (CoreText):
// the CLI and the logs print them in English (formatCoreText), the editor shows them translated
// (src/errorText.ts: vscode.l10n.t(template, …args), with l10n/bundle.l10n.zh-cn.json, where a unit test
// finds every template). No vscode here: the core stays pure.
import { ENGINE_OUT_OF_MEMORY } from './engineText';
import { fillTemplate } from './translate';

export const CORE_MESSAGES = {
  // Reading a CSV (csv.ts, csvBytes.ts)
  fileNotFound: 'File not found.',
  fileChangedWhileTraining: 'The file changed while the model was training on it (a large file is read again at every epoch). Train again once it no longer changes, or on a copy.',
  folderNotFile: 'This is a folder, not a file.',
  notAFile: 'This is not a file.',
  cannotRead: 'Cannot read the file: {0}',
  emptyFile: 'The file is empty: a header row (for example "text,label") and labelled rows are needed.',
  noRows: 'The file has no rows: a header row (for example "text,label") and labelled rows are needed.',
  headerOnly: 'The file has a header ({0}) but no data rows.',
  raggedRowOne: 'Line {0} has 1 field but the header has {1}.',
  raggedRowFewer: 'Line {0} has {1} fields but the header has {2}.',
  raggedRowMore: 'Line {0} has {1} fields but the header has {2} (an unquoted comma in the text? quote such fields with ").',
  raggedRowMoreSeparator: 'Line {0} has {1} fields but the header has {2} (an unquoted {3} in the text? quote such fields with ").',
  tabSeparator: 'tab',
  sepLine: 'Line 1 ("{0}") names the separator, as Excel writes it: the file is read with {1} and that line skipped.',
  repeatedHeader: 'Line {0} repeats the header row ({1}): skipped.',
  repeatedHeaders: 'Lines {0} and {1} repeat the header row ({2}): skipped.',
  repeatedHeadersMore: 'Lines {0} and {1} more repeat the header row ({2}): skipped.',
  noHeader: 'Line {0} looks like data, not a header: its cell "{1}" is one of the labels below it, beside "{2}". Add a header row (for example "text,label") as the first line.',
  inFile: '{0}: {1}',
  noTextsOne: 'All 1 row have an empty text or label in columns "{0}" / "{1}".',
  noTexts: 'All {0} rows have an empty text or label in columns "{1}" / "{2}".',
  unterminatedQuote: 'A quoted field starting on line {0} is never closed: the file ends inside the quotes. Close the quote (") or double quotes inside the text ("").',
  csvSyntax: 'Line {0}: {1}',
  binaryFile: 'This is a binary file, not a CSV text file (it contains NUL bytes). Export the sheet as CSV (UTF-8) first.',
  invalidUtf8: 'Line {0} is not valid UTF-8 (byte 0x{1}). Save the file as UTF-8.',
  invalidUtf8Gb18030:
    'Line {0} is not valid UTF-8 (byte 0x{1}). It reads as GB18030 (GBK, the encoding Excel saves Chinese text in): "{2}". Pass the encoding (--encoding gb18030 on the command line, the setting neuralLens.training.encoding in the editor) or save the file as UTF-8.',
  truncatedUtf8: 'Line {0} is not valid UTF-8: the file ends in the middle of a character.',
  utf16WithoutMark: 'This looks like {0} text without a byte-order mark: pass the encoding {1} (--encoding {1}, or the setting neuralLens.training.encoding), or save it as UTF-8.',
  invalidEncoding: "Line {0} is not valid {1}. Check the file's encoding.",
  truncatedEncoding: "Line {0} is not valid {1}: the file ends in the middle of a character. Check the file's encoding.",
  // predict's input lines (cli/predictLines.ts)
  lineTooLong: 'Line {0} is longer than {1} characters: predict labels lines of text, one text per line.',
  // Its columns and labels (csvColumns.ts, csvLabels.ts)
  noTextColumnNamed: 'No text column named "{0}" (columns found: {1}).',
  noLabelColumnNamed: 'No label column named "{0}" (columns found: {1}).',
  needsTwoColumns: 'A labelled CSV needs a text column and a label column (columns found: {0}).',
  labelColumnUnknown: 'Could not tell which column holds the labels: no column has between 2 and {0} distinct values; name it with --label (columns found: {1}).',
  sameColumn: 'The text and label columns are both "{0}" (columns found: {1}).',
  unknownLabel: 'Line {0}: the label "{1}" is not one the model knows ({2}).',
  singleClass: 'Every row has the label "{0}": a classifier needs at least two classes in column "{1}".',
  tooManyClasses:
    'The label column "{0}" has more than {1} distinct values (line {2} adds "{3}"): that looks like an id or a text, not labels. Choose the label column with --label COLUMN, or allow more classes with --max-classes N.',
  tooManyClassesOther:
    'The label column "{0}" has more than {1} distinct values (line {2} adds "{3}"): that looks like an id or a text, not labels. The column "{4}" looks like labels; choose it with --label "{4}", or allow more classes with --max-classes N.',
  tooManyLabels: 'Line {0}: the label "{1}" is one more than the {2} classes allowed.',
  // What a run needs of them, what looks wrong in them, and a run that went wrong (runRows.ts, train.ts, divergence.ts)
  tooFewTestRowsOne: 'The label "{0}" has only 1 row (first on line {1}): a {2}% test split needs at least 2 rows of every label. Add rows or pass a separate test file.',
  tooFewTestRows: 'The label "{0}" has only {1} rows (first on line {2}): a {3}% test split needs at least 2 rows of every label. Add rows or pass a separate test file.',
  tooFewValidationRows: 'The label "{0}" has too few training rows ({1}) for a validation split: at least 2 of every label are needed.',
  divergedLoss: 'Training diverged in epoch {0}: the training loss became {1} (learning rate {2}). No model was saved; train again with a lower learning rate.',
  divergedWeights: 'Training diverged in epoch {0}: the weights became NaN or infinite (learning rate {1}). No model was saved; train again with a lower learning rate.',
  labelsDifferByCase: 'The labels {0} differ only by case, so they are separate classes; if they mean the same, write them the same way in column "{1}".',
  labelsAnd: '{0} and {1}',
  tooLargeHeap:
    'Training a {0} model on {1} of data would need about {2} of JavaScript heap, and the engine has {3} free of its {4} limit. Train on a sample of the rows, or raise the limit (setting neuralLens.training.maxMemoryMb; node --max-old-space-size for the command line).',
  tooLargeHeapNetwork:
    'Training a {0} model on {1} of data would need about {2} of JavaScript heap, and the engine has {3} free of its {4} limit. Train on a sample of the rows or with the fast model, or raise the limit (setting neuralLens.training.maxMemoryMb; node --max-old-space-size for the command line).',
  tooLargeMemory: 'Training a {0} model on {1} of data would need about {2} of memory, and {3} is free. Train on a sample of the rows, or free memory.',
  tooLargeMemoryNetwork: 'Training a {0} model on {1} of data would need about {2} of memory, and {3} is free. Train on a sample of the rows or with the fast model, or free memory.',
  classCount: 'The model has {0} outputs, one per class, but column "{1}" has {2} labels ({3}). Give its output layer {2} units, or train on a label column with {0} labels.',
  // The engine's worker (engine/client.ts): a job that filled its heap limit ended it
  engineOutOfMemory: ENGINE_OUT_OF_MEMORY,
  // Model folders (bundle.ts)
  saveLocked: 'Another Neural Lens process is still saving a model as {0} (it holds {1}); try again when it has finished.',
  cannotLock: 'Cannot lock {0} to save the model: {1}',
  cannotSave: 'Cannot save the model as {0}: {1}',
  targetIsLink: '{0} is a symbolic link: give a new folder, or the model folder itself, as the output.',
  targetIsFile: '{0} is a file, not a model folder: it is never replaced. Choose another output folder.',
  targetNotModel: '{0} already exists and is not a Neural Lens model (it has no meta.json of ours): only a model folder is ever replaced. Choose another output folder.',
  targetHasForeignFiles: '{0} is a Neural Lens model but holds files it did not write ({1}): replacing it would delete them. Move them out or choose another output folder.',
  noMeta: '{0} is not a Neural Lens model: it has no {1}.',
  metaNotJson: '{0} is not valid JSON ({1}): the model is damaged; delete the folder and train again.',
  metaHoldsNull: '{0} does not describe a model (it holds null).',
  metaHoldsArray: '{0} does not describe a model (it holds an array).',
  metaHoldsValue: '{0} does not describe a model (it holds a {1}).',
  metaWrongFormat: '{0} is not a Neural Lens model description (format "{1}").',
  metaNewerVersion: 'The model in {0} has format version {1}; this Neural Lens reads version {2}. Update Neural Lens to use it.',
  metaOlderVersion: 'The model in {0} has format version {1}; this Neural Lens reads version {2}. Train the model again to use it.',
  metaUnknownKind: '{0} names an unknown model kind "{1}".',
  metaNoLabels: '{0} has no label list.',
  metaLabelNotText: '{0} has a label that is not text.',
  metaNoModel: '{0} has no model section.',
  metaNoData: '{0} has no data section (which file and columns the model was trained on).',
  metaNoTextColumn: '{0} does not name the text column the model was trained on.',
  metaNoLabelColumn: '{0} does not name the label column the model was trained on.',
  metaBadTemperature: '{0} has a calibration temperature of {1}, which is not a number > 0: the model is damaged; train it again.',
  cannotLoad: 'Could not load the {0} model in {1}: {2}',
  metaNotRegular: '{0} is not a regular file (a FIFO, a device, or a link to one): {1} is not a model Neural Lens wrote.',
  metaTooLarge: '{0} has {1} bytes, more than a model description can have ({2}): {3} is not a model Neural Lens wrote.',
  // Any file of a model folder, read only if it is a regular file of a known size (regularFile.ts)
  fileMissing: '{0} is missing or cannot be read.',
  fileNotRegular: '{0} is not a regular file (a folder, a FIFO, a device, or a link to one).',
  fileWrongSize: '{0} has {1} bytes where {2} are expected.',
  fileTooLarge: '{0} has {1} bytes, more than the {2} that may be read here.',
  bundleDamaged: '{0} The bundle is damaged.',
  // A kind's own files (fast/fastModel.ts, tfjs/tfClassifier.ts and text.ts's vocabulary; weightsNotFinite both)
  fastFormat: 'This fast model has format {0}; this version of Neural Lens reads format {1}. Retrain the model.',
  fastDamaged: '{0} does not match meta.json ({1} rows × {2} classes expected, {3} bytes found): the bundle is damaged.',
  fastMetaShape: 'meta.json describes {0} rows × {1} classes for {2} labels: the bundle is damaged.',
  fastFeatures: "meta.json's feature options {0} are not ones a fast model is trained with: the bundle is damaged.",
  fastPooling: "meta.json's pooling {0} is not one a fast model is trained with: the bundle is damaged.",
  tfjsBadSize: "{0}: meta.json's {1} {2} is not a size a model can have.",
  vocabularySize: '{0} holds {1} words where meta.json describes {2}.',
  modelJsonLayers: '{0} does not hold the layers meta.json describes ({1}).',
  modelJsonLayerSize: "{0}: the {1} layer's {2} is {3} where meta.json describes {4}.",
  modelJsonWeights: "{0}'s weights manifest does not describe the {1} bytes of {2} meta.json implies.",
  tfjsFormat: '{0} holds a TensorFlow.js model in format "{1}"; this version reads "{2}".',
  tfjsIncomplete: '{0}: the model description is incomplete (architecture or labels missing or inconsistent).',
  vocabularyInvalid: 'Not a Neural Lens vocabulary (expected {version: 1, words: string[]}).',
  weightsNotFinite: '{0} holds weights that are NaN or infinite: the model cannot be trusted. Train it again.',
  // Exporting a run (keras/export.ts, keras/fastText.ts)
  exportAs: 'A {0} model exports as {1}, not {2}.',
  exportFastAs: 'A {0} model exports as {1}, not {2} (train an lstm or cnn for a Keras script).',
  exportTargetExists: '{0} already exists: export into a new folder (nothing is overwritten).',
  exportNoArchitecture: '{0}: meta.json describes no {1} architecture: the bundle is damaged.',
  exportDataChanged: "{0} has changed since the model was trained (its SHA-256 differs), so its rows are no longer the run's. Export from the file as it was (--data), or train again.",
  fastTextLabelClash: 'The labels "{0}" and "{1}" are the same fastText label ({2}): rename one of them in the data.',
  // The labels file of corrections (labelsFile.ts)
  labelsFileMissingColumn:
    'The labels file\'s header ({0}) has no column "{1}": it was changed since, or is another CSV. Choose another labels file, or give it the columns "{2}" and "{3}".',
} as const;

export type CoreMessageId = keyof typeof CORE_MESSAGES;

/** A message as data: its English template and the values for its placeholders (a nested CoreText is a message too). */
export interface CoreText {
  template: string;
  args: Array<string | number | CoreText>;
}

export function coreText(id: CoreMessageId, ...args: Array<string | number | CoreText>): CoreText {
  return { template: CORE_MESSAGES[id], args };
}

/**
 * `text` in words, nested messages first: in English as written, or through `translate` (the editor's
 * vscode.l10n.t, which looks the template up and fills it).
 */
export function formatCoreText(text: CoreText, translate: (template: string, values: string[]) => string = fillTemplate): string {
  const values = text.args.map((a) => (typeof a === 'object' ? formatCoreText(a, translate) : String(a)));
  return translate(text.template, values);
}

/** An error whose message is a CoreText (what DataError and BundleError are, and a kind's load errors). */
export class CoreError extends Error {
  constructor(readonly text: CoreText) {
    super(formatCoreText(text));
    this.name = 'CoreError';
  }
}

/** The CoreText an error carries, when it is one of ours. */
export function coreTextOf(e: unknown): CoreText | undefined {
  const text = (e as { text?: unknown } | null)?.text;
  return isCoreText(text) ? text : undefined;
}

export function isCoreText(v: unknown): v is CoreText {
  return typeof v === 'object' && v !== null && typeof (v as CoreText).template === 'string' && Array.isArray((v as CoreText).args);
}
