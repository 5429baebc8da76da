// neural-lens evaluate --model DIR TEST.csv [--json]: the classification report of a saved model on a file.
import { loadBundle } from '../core/bundle';
import { evaluateClassifier, readEvaluationData } from '../core/train';
import { escapeControl, jsonLine, writeOut } from '../core/terminalText';
import { EXIT, UsageError, formatReliability, parse, reliabilityJson, reportJson, reportTables } from './common';

const HELP = `Usage: neural-lens evaluate --model DIR TEST.csv [--json] [--text COL] [--label COL]

Scores a labelled CSV with a saved model and prints the classification report and confusion matrix
(or, with --json: model, testRows, accuracy, macroF1, weightedF1, perClass, confusion, labels, ece, nll, brier).
Probabilities are the model's calibrated ones (its temperature applied).
Columns default to the ones the model was trained on, else they are detected.
`;

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv, { model: { type: 'string' }, json: { type: 'boolean' }, text: { type: 'string' }, label: { type: 'string' } }, HELP);
  if (!args) return EXIT.ok;
  const { values: v, positionals } = args;
  if (!v.model) throw new UsageError('--model DIR is required');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TEST.csv' : `one test file expected, got ${positionals.length}`);
  const { meta, classifier } = await loadBundle(v.model);
  const file = positionals[0];
  const data = await readEvaluationData(file, meta, { textColumn: v.text, labelColumn: v.label });
  const { report, reliability } = await evaluateClassifier(classifier, data);
  classifier.dispose?.();
  if (v.json) {
    writeOut(jsonLine({ model: meta.kind, testRows: data.texts.length, ...reportJson(report), ...reliabilityJson(reliability) }));
  } else {
    writeOut(`${meta.kind} model ${escapeControl(v.model)} on ${data.texts.length} rows of ${escapeControl(file)}:\n\n${reportTables(report)}\n${formatReliability(reliability)}`);
  }
  return EXIT.ok;
}
