// neural-lens evaluate --model DIR TEST.csv [--json | --format markdown|csv|json]: the classification report of a
// saved model on a file.
import { loadBundle } from '../core/bundle';
import { evaluateClassifier, readEvaluationData } from '../core/train';
import { formatReportAs, isReportFormat, REPORT_FORMATS } from '../core/reportExport';
import { escapeControl, writeOut } from '../core/terminalText';
import { coreText } from '../core/coreText';
import { EXIT, UsageError, encodingFlag, encodingHelp, formatReliability, parse, printWarnings, reportTables } from './common';

const HELP = `Usage: neural-lens evaluate --model DIR TEST.csv [--json | --format markdown|csv|json] [--text COL] [--label COL] [--encoding NAME]

Scores a labelled CSV with a saved model and prints the classification report and confusion matrix
(or, with --json, the same as --format json: model, testRows, accuracy, macroF1, weightedF1, perClass,
confusion, labels, ece, nll, brier; --format markdown: the report and the confusion matrix as Markdown
tables; --format csv: the report, a blank line, the confusion matrix).
Probabilities are the model's calibrated ones (its temperature applied).
Columns default to the ones the model was trained on, else they are detected.
${encodingHelp()}
`;

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv, { model: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' }, text: { type: 'string' }, label: { type: 'string' }, encoding: { type: 'string' } }, HELP);
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (!v.model) throw new UsageError('--model DIR is required');
  if (v.format !== undefined && !isReportFormat(v.format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${v.format}"`);
  if (v.json && v.format !== undefined && v.format !== 'json') throw new UsageError(`--json and --format ${v.format} contradict each other`);
  const format = v.json ? 'json' : v.format;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TEST.csv' : `one test file expected, got ${positionals.length}`);
  const encoding = encodingFlag(v.encoding);
  const { meta, classifier } = await loadBundle(v.model);
  const file = positionals[0];
  const data = await readEvaluationData(file, meta, { textColumn: v.text, labelColumn: v.label, encoding });
  printWarnings(data.warnings.map((w) => coreText('inFile', file, w)));
  const { report, reliability } = await evaluateClassifier(classifier, data);
  classifier.dispose?.();
  if (format) {
    writeOut(formatReportAs(format, report, { model: meta.kind, rows: data.texts.length, reliability }));
  } else {
    writeOut(`${meta.kind} model ${escapeControl(v.model)} on ${data.texts.length} rows of ${escapeControl(file)}:\n\n${reportTables(report)}\n${formatReliability(reliability)}`);
  }
  return EXIT.ok;
}
