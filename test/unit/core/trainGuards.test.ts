// Models that cannot be trusted are neither saved nor loaded: diverged weights, a label column with far too
// many classes; labels that differ only by case are warned about.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BundleError, loadBundle } from '../../../src/core/bundle';
import { DataError, readLabelledCsv } from '../../../src/core/csv';
import { formatCoreText } from '../../../src/core/coreText';
import { DivergedError } from '../../../src/core/divergence';
import { FAST_FILE } from '../../../src/core/fast/fastModel';
import { classificationReport, formatConfusion } from '../../../src/core/report';
import { runTraining } from '../../../src/core/train';
import { repoRoot as REPO } from '../../harness/paths';

const SAMPLE = path.join(REPO, 'samples/reviews.csv');

function writeCsv(file: string, header: string, rows: string[]): string {
  fs.writeFileSync(file, [header, ...rows].join('\n') + '\n');
  return file;
}

describe('training guards', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-guards-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stops a training whose weights become NaN with a clear error, and saves nothing', async () => {
    const out = path.join(root, 'model');
    await assert.rejects(
      runTraining({ data: SAMPLE, out, learningRate: 5 }),
      (e: Error) => e instanceof DivergedError && e.code === 'diverged' && /diverged in epoch \d+: .*NaN.*learning rate 5\).*lower learning rate/.test(e.message),
    );
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('refuses to load a bundle whose weights are not finite', async () => {
    const out = path.join(root, 'model');
    await runTraining({ data: SAMPLE, out });
    const file = path.join(out, FAST_FILE);
    const bytes = fs.readFileSync(file);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'meta.json'), 'utf8')) as { model: { rows: number } };
    // The first bias value follows the row ids.
    bytes.writeFloatLE(Number.NaN, 4 * meta.model.rows);
    fs.writeFileSync(file, bytes);
    await assert.rejects(loadBundle(out), (e: Error) => e instanceof BundleError && /NaN or infinite: the model cannot be trusted/.test(e.message));
  });

  it('refuses a label column with more classes than allowed, naming it and suggesting the right one', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `id-${i},${i % 2 ? 'a lovely stay' : 'a dirty room'},${i % 2 ? 'positive' : 'negative'}`);
    const csv = writeCsv(path.join(root, 'ids.csv'), 'id,review,sentiment', rows);
    const out = path.join(root, 'model');
    await assert.rejects(
      runTraining({ data: csv, out, labelColumn: 'id' }),
      (e: DataError) =>
        e instanceof DataError &&
        e.code === 'too-many-classes' &&
        e.line === 102 &&
        /label column "id" has more than 100 distinct values/.test(e.message) &&
        /"sentiment" looks like labels; choose it with --label "sentiment"/.test(e.message),
    );
    assert.ok(!fs.existsSync(out));
    // The limit is a setting: raised, the same column is read (and the count is checked while reading).
    const data = await readLabelledCsv(csv, { labelColumn: 'id', maxClasses: 150 });
    assert.equal(data.labels.length, 150);
    await assert.rejects(readLabelledCsv(csv, { labelColumn: 'id', maxClasses: 10 }), /more than 10 distinct values \(line 12 adds "id-10"\)/);
  });

  it('warns about labels that differ only by case', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${['great stay', 'awful stay', 'lovely room'][i % 3]} ${i},${['positive', 'negative', 'POSITIVE'][i % 3]}`);
    const out = path.join(root, 'm');
    const result = await runTraining({ data: writeCsv(path.join(root, 'case.csv'), 'text,label', rows), out });
    assert.equal(result.warnings.length, 1);
    // A CoreText, so the editor shows it translated; in English as the CLI prints it.
    assert.match(formatCoreText(result.warnings[0]), /^The labels "POSITIVE" and "positive" differ only by case, .* in column "label"\.$/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, 'meta.json'), 'utf8')).warnings, result.warnings);
  });

  it('prints the confusion matrix of a thousand classes (no spread of every cell onto the stack)', () => {
    const labels = Array.from({ length: 1500 }, (_, i) => `c${i}`);
    const y = labels.map((_, i) => i);
    const text = formatConfusion(classificationReport(labels, y, y));
    assert.equal(text.split('\n').length, 1502);
  });
});
