// The command line (dist/cli.js, built by `npm run build`): exit codes, --json shapes, errors on stderr.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withTemperature } from '../../src/core/calibration';
import { FastModel } from '../../src/core/fast/fastModel';
import { repoRoot as REPO } from '../harness/paths';

const CLI = path.join(REPO, 'dist/cli.js');
const SAMPLE = path.join(REPO, 'samples/reviews.csv');

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('neural-lens CLI (dist/cli.js)', function () {
  let root: string;
  before(function () {
    if (!fs.existsSync(CLI)) {
      console.warn(`    skipped: ${CLI} is missing — run "npm run build" first`);
      this.skip();
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-cli-'));
  });
  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  it('starts with a node shebang', () => {
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });

  it('train --json prints one object of the documented shape and exits 0', () => {
    const out = path.join(root, 'model');
    const r = cli(['train', SAMPLE, '--out', out, '--json', '--epochs', '5']);
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const keys = ['model', 'backend', 'trainRows', 'testRows', 'trainSeconds', 'accuracy', 'macroF1', 'weightedF1', 'perClass', 'confusion', 'out'];
    const calibration = ['validation', 'validationRows', 'ece', 'nll', 'brier', 'temperature', 'bestEpoch', 'epochsRun', 'stopReason', 'warnings'];
    for (const key of [...keys, ...calibration]) {
      assert.ok(key in json, `missing ${key}`);
    }
    assert.equal(json.model, 'fast');
    assert.equal(json.out, out);
    assert.equal(json.perClass.length, 3);
    assert.equal(json.confusion.length, 3);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.ok(json.ece >= 0 && json.ece <= 1 && json.nll > 0 && json.brier >= 0 && json.temperature > 0, r.stdout);
    assert.ok(json.bestEpoch >= 1 && json.bestEpoch <= 5);
  });

  it('predict and evaluate give the probabilities at the bundle’s temperature (an old bundle: T = 1)', async () => {
    const out = path.join(root, 'model');
    const metaFile = path.join(out, 'meta.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    const texts = ['terrible and dirty', 'wonderful, highly recommend', 'the room was on the second floor'];
    const raw = (await FastModel.load(out, meta.model, meta.labels)).probabilities(texts);
    const predicted = (): number[] =>
      cli(['predict', '--model', out, '--json'], texts.join('\n') + '\n')
        .stdout.trim()
        .split('\n')
        .flatMap((l) => Object.values(JSON.parse(l).probabilities as Record<string, number>));
    // predict prints 4 decimals: equal within half a unit of the last one.
    const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 5e-5 + 1e-7, `${a[i]} ≠ ${b[i]} at ${i}`);
    };
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, calibration: { temperature: 2.5, fittedOn: 'holdout', rows: 10 } }));
    const scaled = predicted();
    close(scaled, withTemperature(raw, 3, 2.5));
    assert.ok(Math.max(...scaled) < Math.max(...raw), 'T > 1 flattens the probabilities');
    const evaluated = (): number => JSON.parse(cli(['evaluate', '--model', out, SAMPLE, '--json']).stdout).nll;
    const nllScaled = evaluated();
    delete meta.calibration;
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    close(predicted(), raw);
    assert.notEqual(evaluated(), nllScaled, 'evaluate scores the calibrated probabilities too');
  });

  it('train prints the classification report', () => {
    const r = cli(['train', SAMPLE, '--out', path.join(root, 'm2'), '--epochs', '3']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, / {14}precision {4}recall {2}f1-score {3}support/);
    assert.match(r.stdout, /weighted avg/);
  });

  it('predict labels every input line (JSON lines) and evaluate reports', () => {
    const out = path.join(root, 'model');
    const p = cli(['predict', '--model', out, '--json'], 'terrible and dirty\nwonderful, highly recommend\n\n');
    assert.equal(p.status, 0, p.stderr);
    const lines = p.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => l.line), [1, 2, 3]);
    assert.deepEqual(Object.keys(lines[0].probabilities), ['negative', 'neutral', 'positive']);
    const plain = cli(['predict', '--model', out, '-'], 'great\n');
    assert.match(plain.stdout, /^\w+\t\d\.\d{4}\tnegative=/);
    const e = cli(['evaluate', '--model', out, SAMPLE, '--json']);
    assert.equal(e.status, 0, e.stderr);
    assert.equal(JSON.parse(e.stdout).testRows, 282);
  });

  it('evaluate --format markdown|csv|json: the core formatter, --format json the same as --json', () => {
    const out = path.join(root, 'model');
    const json = cli(['evaluate', '--model', out, SAMPLE, '--json']);
    const asJson = cli(['evaluate', '--model', out, SAMPLE, '--format', 'json']);
    assert.equal(asJson.status, 0, asJson.stderr);
    assert.equal(asJson.stdout, json.stdout);
    const md = cli(['evaluate', '--model', out, SAMPLE, '--format', 'markdown']);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^\| {2}\| precision \| recall \| f1-score \| support \|$/m);
    assert.match(md.stdout, /^\| macro avg \| 0\.\d{4} \| 0\.\d{4} \| 0\.\d{4} \| 282 \|$/m);
    assert.match(md.stdout, /^\| true \\\\ predicted \| negative \| neutral \| positive \|$/m);
    const csv = cli(['evaluate', '--model', out, SAMPLE, '--format', 'csv']);
    assert.equal(csv.status, 0, csv.stderr);
    const [report, confusion] = csv.stdout.split('\n\n');
    assert.equal(report.split('\n')[0], 'label,precision,recall,f1-score,support');
    assert.equal(report.split('\n').length, 1 + 3 + 3, 'the header, three classes, accuracy and the two averages');
    const cells = confusion.trim().split('\n').slice(1).map((l) => l.split(',').slice(1).map(Number));
    assert.equal(cells.flat().reduce((a, b) => a + b, 0), 282);
    const bad = cli(['evaluate', '--model', out, SAMPLE, '--format', 'html']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be one of markdown, csv, json, got "html"/);
    assert.equal(cli(['evaluate', '--model', out, SAMPLE, '--json', '--format', 'csv']).status, 2);
  });

  it('export writes the fast model as fastText data (--json: format, dir, files, main) and refuses what does not fit', () => {
    const model = path.join(root, 'model');
    const out = path.join(root, 'model-fasttext');
    const r = cli(['export', '--model', model, '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { format: 'fasttext', dir: out, files: ['train_fasttext.sh', 'train.txt', 'test.txt'], main: 'train_fasttext.sh' });
    assert.match(fs.readFileSync(path.join(out, 'train_fasttext.sh'), 'utf8'), /^fasttext supervised -input train\.txt -output model -dim 8 /m);
    // The same folder again: refused, untouched.
    const again = cli(['export', '--model', model, '--out', out]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
    const keras = cli(['export', '--model', model, '--format', 'keras', '--out', path.join(root, 'k')]);
    assert.equal(keras.status, 1);
    assert.match(keras.stderr, /A fast model exports as fasttext, not keras/);
    assert.equal(cli(['export', '--model', model, '--format', 'onnx']).status, 2);
    assert.equal(cli(['export', '--out', out]).status, 2);
    assert.ok(!fs.existsSync(path.join(root, 'k')));
  });

  it('exits 1 with "file:line: problem" on bad input', () => {
    const bad = path.join(REPO, 'test/fixtures/csv/unterminated-quote.csv');
    const r = cli(['train', bad, '--out', path.join(root, 'bad')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: .*never closed`));
    assert.equal(r.stdout, '');
    assert.ok(!fs.existsSync(path.join(root, 'bad')));
    assert.equal(cli(['predict', '--model', path.join(root, 'nope')], 'x\n').status, 1);
  });

  it('escapes control characters from the data in everything it prints (an OSC title sequence, a newline in a label)', () => {
    const osc = '\x1b]0;PWNED\x07pos';
    const csv = path.join(root, 'ansi.csv');
    const rows = ['text,label'];
    for (let i = 0; i < 30; i++) rows.push(`"good ${i} great","${osc}"`, `"bad ${i} awful","neg\nline"`);
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    const out = path.join(root, 'ansi-model');
    const t = cli(['train', csv, '--out', out, '--epochs', '3']);
    assert.equal(t.status, 0, t.stderr);
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal
    const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
    assert.doesNotMatch(t.stdout, controls);
    assert.ok(t.stdout.includes('\\x1b]0;PWNED\\x07pos'), t.stdout);
    assert.ok(t.stdout.includes('neg\\nline'), 'the newline is shown as \\n, the table keeps one line per class');
    const p = cli(['predict', '--model', out, '-'], 'good great\nbad awful\n');
    assert.equal(p.status, 0, p.stderr);
    assert.doesNotMatch(p.stdout, controls);
    assert.equal(p.stdout.trim().split('\n').length, 2);
    const j = cli(['predict', '--model', out, '--json', '-'], 'good great\n');
    assert.doesNotMatch(j.stdout, controls);
    assert.ok(Object.keys(JSON.parse(j.stdout).probabilities).includes(osc), 'JSON keeps the label itself, escaped by JSON');
    const e = cli(['evaluate', '--model', out, csv]);
    assert.equal(e.status, 0, e.stderr);
    assert.doesNotMatch(e.stdout, controls);
    const bad = cli(['train', path.join(root, 'no\x1b]0;X\x07such.csv')]);
    assert.equal(bad.status, 1);
    assert.doesNotMatch(bad.stderr, controls);
    assert.match(bad.stderr, /no\\x1b\]0;X\\x07such\.csv/);
  });

  it('names the file and the problem for a damaged meta.json, a folder given as a file, and a folder as --out', () => {
    const good = path.join(root, 'model');
    const damaged = path.join(root, 'damaged');
    fs.cpSync(good, damaged, { recursive: true });
    const metaFile = path.join(damaged, 'meta.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    const expectations: Array<[unknown, RegExp]> = [
      [null, /meta\.json does not describe a model \(it holds null\)/],
      [[], /meta\.json does not describe a model \(it holds an array\)/],
      [{ ...meta, labels: null }, /meta\.json has no label list/],
      [{ ...meta, labels: ['a', 7] }, /meta\.json has a label that is not text/],
      [{ ...meta, model: null }, /meta\.json has no model section/],
      [{ ...meta, data: undefined }, /meta\.json has no data section/],
      [{ ...meta, data: { ...meta.data, textColumn: null } }, /meta\.json does not name the text column/],
    ];
    for (const [content, message] of expectations) {
      fs.writeFileSync(metaFile, JSON.stringify(content));
      const e = cli(['evaluate', '--model', damaged, SAMPLE]);
      assert.equal(e.status, 1, JSON.stringify(content));
      assert.match(e.stderr, message);
      assert.ok(e.stderr.includes(metaFile), e.stderr);
      assert.doesNotMatch(e.stderr, /TypeError|Cannot read propert/);
    }
    const folder = path.join(root, 'a-folder');
    fs.mkdirSync(folder, { recursive: true });
    for (const args of [['train', folder, '--out', path.join(root, 'unused')], ['evaluate', '--model', good, folder], ['predict', '--model', good, folder]]) {
      const r = cli(args);
      assert.equal(r.status, 1, args.join(' '));
      assert.equal(r.stderr.trim(), `neural-lens: ${folder}: This is a folder, not a file.`, args.join(' '));
    }
    const article = path.join(root, 'a.md');
    fs.writeFileSync(article, '# A\n');
    const r = cli(['render', article, '--out', folder]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /a-folder is a folder: give the HTML file's name, e\.g\. .*a-folder\/a\.html/);
    assert.deepEqual(fs.readdirSync(root).filter((n) => n.includes('.tmp')), [], 'no temporary file left');
  });

  describe('--out never replaces what is not a model', () => {
    /** A folder with the training CSV and a note in it, as a user's project folder would be. */
    function project(name: string): string {
      const dir = path.join(root, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(SAMPLE, path.join(dir, 'data.csv'));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
      return dir;
    }
    const inDir = (cwd: string, args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it('refuses --out . and an existing folder that is not a model, and keeps every file in it', () => {
      const dir = project('p1');
      const dot = inDir(dir, ['train', 'data.csv', '--out', '.', '--epochs', '2']);
      assert.equal(dot.status, 1, dot.stdout);
      assert.match(dot.stderr, /already exists and is not a Neural Lens model.*Choose another output folder/);
      assert.ok(dot.stderr.includes(dir), dot.stderr);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['data.csv', 'notes.txt']);
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs', 'readme.md'), '# mine');
      const docs = inDir(dir, ['train', 'data.csv', '--out', 'docs', '--epochs', '2']);
      assert.equal(docs.status, 1);
      assert.equal(fs.readFileSync(path.join(dir, 'docs', 'readme.md'), 'utf8'), '# mine');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['data.csv', 'docs', 'notes.txt'], 'no temporary folder left');
    });

    it('refuses --out "" (usage) and --out FILE, which stays as it was', () => {
      const dir = project('p2');
      const empty = inDir(dir, ['train', 'data.csv', '--out', '', '--epochs', '2']);
      assert.equal(empty.status, 2);
      assert.match(empty.stderr, /--out must name a folder/);
      const file = inDir(dir, ['train', 'data.csv', '--out', 'notes.txt', '--epochs', '2']);
      assert.equal(file.status, 1);
      assert.match(file.stderr, /notes\.txt is a file, not a model folder/);
      assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'keep me');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['data.csv', 'notes.txt']);
    });

    it('replaces a model folder, but not one that holds files the model did not write', () => {
      const dir = project('p3');
      assert.equal(inDir(dir, ['train', 'data.csv', '--out', 'model', '--epochs', '2']).status, 0);
      const first = fs.readFileSync(path.join(dir, 'model', 'meta.json'), 'utf8');
      const again = inDir(dir, ['train', 'data.csv', '--out', 'model', '--epochs', '3']);
      assert.equal(again.status, 0, again.stderr);
      assert.notEqual(fs.readFileSync(path.join(dir, 'model', 'meta.json'), 'utf8'), first);
      fs.copyFileSync(SAMPLE, path.join(dir, 'model', 'data.csv'));
      const holding = inDir(dir, ['train', 'data.csv', '--out', 'model', '--epochs', '2']);
      assert.equal(holding.status, 1);
      assert.match(holding.stderr, /holds files it did not write \(data\.csv\)/);
      assert.ok(fs.existsSync(path.join(dir, 'model', 'data.csv')));
    });

    it('10 trainings at once to one --out all succeed and leave one complete model', async function () {
      this.timeout(120_000);
      const dir = project('p5');
      const runs = Array.from({ length: 10 }, () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'train', 'data.csv', '--out', 'shared', '--epochs', '2'], { cwd: dir });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        }),
      );
      const results = await Promise.all(runs);
      assert.deepEqual(results.filter((r) => r.code !== 0), []);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['data.csv', 'notes.txt', 'shared']);
      const p = inDir(dir, ['predict', '--model', 'shared', '-']);
      assert.equal(p.status, 0, p.stderr);
    });

    it('render refuses to write over its own article', () => {
      const dir = project('p4');
      fs.writeFileSync(path.join(dir, 'a.md'), '# Title\n\nText.\n');
      const r = inDir(dir, ['render', 'a.md', '--out', './a.md']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /a\.md is the article itself: choose another file/);
      assert.equal(fs.readFileSync(path.join(dir, 'a.md'), 'utf8'), '# Title\n\nText.\n');
    });
  });

  describe('CSV files people actually have', () => {
    const FIXTURE = (name: string): string => path.join(REPO, 'test/fixtures/csv', name);

    it('names GB18030 and --encoding when the bytes read so, and trains with --encoding gb18030', () => {
      const bad = cli(['train', FIXTURE('gb18030.csv'), '--out', path.join(root, 'gb')]);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /gb18030\.csv:1: Line 1 is not valid UTF-8.*GB18030.*"review,情感".*--encoding gb18030/);
      const ok = cli(['train', FIXTURE('gb18030.csv'), '--encoding', 'gb18030', '--test-size', '0.5', '--validation-split', '0', '--out', path.join(root, 'gb'), '--json']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout).labels, ['正面', '负面']);
      const evaluated = cli(['evaluate', '--model', path.join(root, 'gb'), FIXTURE('gb18030.csv'), '--encoding', 'GBK', '--json']);
      assert.equal(evaluated.status, 0, evaluated.stderr);
      assert.equal(JSON.parse(evaluated.stdout).testRows, 4);
      const unknown = cli(['train', FIXTURE('gb18030.csv'), '--encoding', 'klingon']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /--encoding: Unknown encoding "klingon"/);
    });

    it('prints what it read differently as warnings on stderr, and in --json', () => {
      const r = cli(['train', FIXTURE('repeated-header.csv'), '--test', FIXTURE('excel-sep.csv'), '--out', path.join(root, 'warned'), '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /^neural-lens: warning: repeated-header\.csv: Line 6 repeats the header row \(text, label\): skipped\.$/m);
      assert.match(r.stderr, /^neural-lens: warning: excel-sep\.csv: Line 1 \("sep=;"\) names the separator/m);
      const json = JSON.parse(r.stdout);
      assert.equal(json.warnings.length, 2);
      assert.deepEqual(json.labels, ['negative', 'positive']);
    });

    it('refuses a file without a header row instead of losing its first row', () => {
      const r = cli(['train', FIXTURE('no-header.csv'), '--out', path.join(root, 'nohead')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /no-header\.csv:1: Line 1 looks like data, not a header/);
    });
  });

  it('predict refuses a line longer than its limit with the line number (readline crashed past 512 MB)', () => {
    const model = path.join(root, 'model');
    const r = spawnSync(process.execPath, [CLI, 'predict', '--model', model], { input: `good\n${'x'.repeat(16 * 1024 * 1024 + 1)}\nbad\n`, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^neural-lens: standard input:2: Line 2 is longer than 16,777,216 characters/);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(cli([]).status, 2);
    assert.equal(cli(['frobnicate']).status, 2);
    assert.equal(cli(['train']).status, 2);
    assert.equal(cli(['train', SAMPLE, '--epochs', 'many']).status, 2);
    assert.equal(cli(['train', SAMPLE, '--model', 'transformer']).status, 2);
    assert.equal(cli(['train', SAMPLE, '--no-such-flag']).status, 2);
    assert.equal(cli(['predict']).status, 2);
    const help = cli(['train', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--test-size/);
  });
});
