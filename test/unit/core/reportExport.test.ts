import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { classificationReport } from '../../../src/core/report';
import { formatReportAs } from '../../../src/core/reportExport';

describe('report export (Markdown, CSV, JSON)', () => {
  // Labels that need quoting in CSV and escaping in Markdown.
  const labels = ['bad, really', 'good|ok', 'say "hi"'];
  const report = classificationReport(labels, [0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]);

  it('CSV: the report rows then the confusion matrix, labels quoted, read back by csv-parse', () => {
    const [head, tail] = formatReportAs('csv', report).split('\n\n');
    const rows = parse(head) as string[][];
    assert.deepEqual(rows[0], ['label', 'precision', 'recall', 'f1-score', 'support']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      [...labels, 'accuracy', 'macro avg', 'weighted avg'],
    );
    assert.equal(rows[1][3], report.perClass[0].f1.toFixed(4));
    const confusion = parse(tail) as string[][];
    assert.deepEqual(confusion[0], ['true \\ predicted', ...labels]);
    assert.deepEqual(
      confusion.slice(1).map((r) => r.slice(1).map(Number)),
      report.confusion,
    );
  });

  it('Markdown: two tables, pipes in labels escaped, the context on top', () => {
    const md = formatReportAs('markdown', report, { model: 'fast', rows: 6 });
    const lines = md.split('\n');
    assert.equal(lines[0], 'fast · 6 rows');
    assert.ok(lines.includes('|  | precision | recall | f1-score | support |'));
    assert.ok(lines.includes('| --- | ---: | ---: | ---: | ---: |'));
    assert.ok(lines.some((l) => l.startsWith('| good\\|ok | ')));
    assert.ok(lines.includes('| true \\\\ predicted | bad, really | good\\|ok | say "hi" |'));
    // Every row of a table has as many cells as its header (escaped pipes do not split).
    for (const l of lines.filter((x) => x.startsWith('|'))) assert.ok([6, 5].includes(l.split(/(?<!\\)\|/).length - 2 + 1), l);
  });

  it('JSON: the figures --json prints', () => {
    const json = JSON.parse(formatReportAs('json', report, { model: 'lstm', rows: 6 }));
    assert.equal(json.model, 'lstm');
    assert.equal(json.testRows, 6);
    assert.equal(json.macroF1, report.macro.f1);
    assert.deepEqual(json.confusion, report.confusion);
    assert.deepEqual(json.labels, labels);
  });
});
