// Exporting a run beyond the editor. The Keras script is valid Python (parsed by python3), names the numbers
// the bundle recorded, and its split, tokenizer, vocabulary and padding — run by Python itself, without
// TensorFlow — give what the engine gave. The fastText export holds the run's own rows, and fastText (Debian's
// `fasttext`) trains and tests on it. Whatever is missing on this machine is skipped with a message.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBundleMeta } from '../../../../src/core/bundle';
import { readLabelledCsv } from '../../../../src/core/csv';
import { exportModel } from '../../../../src/core/keras/export';
import { FASTTEXT_FILES, fastTextLabel, fastTextScript, fastTokens } from '../../../../src/core/keras/fastText';
import { KERAS_SCRIPT, kerasScript, kerasScriptConstants } from '../../../../src/core/keras/kerasScript';
import { testSplit, validationSplitOf } from '../../../../src/core/runRows';
import { stratifiedSplit } from '../../../../src/core/split';
import { padSequences, tokenize, Vocabulary } from '../../../../src/core/text';
import { runTraining } from '../../../../src/core/train';
import { repoRoot } from '../../../harness/paths';

const SAMPLE = path.join(repoRoot, 'samples/reviews.csv');

/** The first of python3 on PATH and /usr/bin/python3 that can import `module` (undefined: neither). */
function findPython(module?: string): string | undefined {
  for (const exe of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(exe, ['-c', module ? `import ${module}` : 'import sys; assert sys.version_info >= (3, 8)'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  return undefined;
}

/** Runs `code` with the exported script importable as `s`, `input` as JSON on stdin; returns its JSON output. */
function runPython(python: string, script: string, code: string, input: unknown): unknown {
  const prelude = `import importlib.util, json, sys\nspec = importlib.util.spec_from_file_location("s", ${JSON.stringify(script)})\ns = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(s)\nd = json.load(sys.stdin)\n`;
  const r = spawnSync(python, ['-c', prelude + code], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('export a run', function () {
  this.timeout(180_000);
  let root: string;
  let lstm: string;
  let fast: string;
  const python = findPython();

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-export-'));
    lstm = path.join(root, 'reviews-lstm');
    fast = path.join(root, 'reviews-fast');
    // Numbers off the defaults, so a default in the script cannot pass for the run's.
    await runTraining({ data: SAMPLE, out: lstm, model: 'lstm', epochs: 2, batchSize: 16, maxLength: 40, maxWords: 500, embeddingDim: 12, units: 10, dropout: 0.1, recurrentDropout: 0.05, learningRate: 0.003, validationSplit: 0.15, earlyStopping: true, patience: 3, seed: 9, testSize: 0.25, classWeights: 'on' });
    await runTraining({ data: SAMPLE, out: fast, model: 'fast', epochs: 4, validationSplit: 0.1, seed: 5 });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('as Keras', () => {
    let out: string;
    let script: string;
    before(async () => {
      out = path.join(root, 'keras');
      const result = await exportModel(lstm, out);
      script = path.join(out, KERAS_SCRIPT);
      assert.deepEqual(result, { format: 'keras', dir: out, files: [KERAS_SCRIPT, 'tfjs_model/model.json', 'tfjs_model/weights.bin', 'vocab.json'], main: KERAS_SCRIPT });
    });

    it('writes the script, the TensorFlow.js weights as the bundle holds them and the vocabulary', () => {
      assert.deepEqual(fs.readFileSync(path.join(out, 'tfjs_model/weights.bin')), fs.readFileSync(path.join(lstm, 'weights.bin')));
      assert.deepEqual(fs.readFileSync(path.join(out, 'vocab.json')), fs.readFileSync(path.join(lstm, 'vocab.json')));
      const text = fs.readFileSync(script, 'utf8');
      assert.match(text, /tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras tfjs_model\/model\.json model\.h5/);
      assert.match(text, /MultiWorkerMirroredStrategy/);
    });

    it('is valid Python that names the numbers the bundle recorded', async function () {
      if (!python) {
        console.log('    (skipped: no python3 on this machine to parse the script with)');
        this.skip();
      }
      const ast = spawnSync(python!, ['-c', `import ast, sys; ast.parse(open(${JSON.stringify(script)}, encoding="utf-8").read())`], { encoding: 'utf8' });
      assert.equal(ast.status, 0, ast.stderr);
      // The top-level constants, as Python reads them.
      const read = spawnSync(
        python!,
        ['-c', `import ast, json\ntree = ast.parse(open(${JSON.stringify(script)}, encoding="utf-8").read())\nprint(json.dumps({n.targets[0].id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id.isupper() and not n.targets[0].id.startswith("_") and not isinstance(n.value, ast.Call)}))`],
        { encoding: 'utf8' },
      );
      assert.equal(read.status, 0, read.stderr);
      const constants = JSON.parse(read.stdout) as Record<string, unknown>;
      const meta = await readBundleMeta(lstm);
      const t = meta.training;
      assert.deepEqual(
        {
          DATA: constants.DATA,
          TEXT_COLUMN: constants.TEXT_COLUMN,
          LABEL_COLUMN: constants.LABEL_COLUMN,
          LABELS: constants.LABELS,
          MODEL: constants.MODEL,
          SEED: constants.SEED,
          TEST_SIZE: constants.TEST_SIZE,
          VALIDATION_SPLIT: constants.VALIDATION_SPLIT,
          MAX_WORDS: constants.MAX_WORDS,
          MAX_LENGTH: constants.MAX_LENGTH,
          EMBEDDING_DIM: constants.EMBEDDING_DIM,
          UNITS: constants.UNITS,
          DROPOUT: constants.DROPOUT,
          RECURRENT_DROPOUT: constants.RECURRENT_DROPOUT,
          LEARNING_RATE: constants.LEARNING_RATE,
          EPOCHS: constants.EPOCHS,
          BATCH_SIZE: constants.BATCH_SIZE,
          EARLY_STOPPING: constants.EARLY_STOPPING,
          PATIENCE: constants.PATIENCE,
          CLASS_WEIGHTS: constants.CLASS_WEIGHTS,
        },
        {
          DATA: meta.data.path,
          TEXT_COLUMN: meta.data.textColumn,
          LABEL_COLUMN: meta.data.labelColumn,
          LABELS: meta.labels,
          MODEL: 'lstm',
          SEED: t.seed,
          TEST_SIZE: t.testSize,
          VALIDATION_SPLIT: t.validationSplit,
          MAX_WORDS: t.maxWords,
          MAX_LENGTH: t.maxLength,
          EMBEDDING_DIM: t.embeddingDim,
          UNITS: t.units,
          DROPOUT: t.dropout,
          RECURRENT_DROPOUT: t.recurrentDropout,
          LEARNING_RATE: t.learningRate,
          EPOCHS: t.epochs,
          BATCH_SIZE: t.batchSize,
          EARLY_STOPPING: t.earlyStopping,
          PATIENCE: t.patience,
          CLASS_WEIGHTS: t.classWeights,
        },
      );
      // And the recorded values are the run's, not defaults.
      assert.deepEqual([t.seed, t.maxWords, t.units, t.epochs, t.learningRate], [9, 500, 10, 2, 0.003]);
      assert.deepEqual(constants, JSON.parse(JSON.stringify(kerasScriptConstants(meta))));
    });

    it('holds out, in Python, the rows the run held out', async function () {
      if (!python) {
        console.log('    (skipped: no python3 on this machine to run the script’s split with)');
        this.skip();
      }
      const data = await readLabelledCsv(SAMPLE);
      const meta = await readBundleMeta(lstm);
      const test = testSplit(data, 0.25, 9);
      const validation = validationSplitOf(data, test.train, 0.15, 9);
      const got = runPython(
        python!,
        script,
        'kept, held = s.stratified_split(d["y"], 3, s.TEST_SIZE, s.SEED)\nfit, val = s.stratified_split([d["y"][i] for i in kept], 3, s.VALIDATION_SPLIT, s.SEED + 1)\nprint(json.dumps({"held": held, "fit": [kept[i] for i in fit], "val": [kept[i] for i in val]}))',
        { y: data.y },
      ) as { held: number[]; fit: number[]; val: number[] };
      assert.deepEqual(got, { held: test.test, fit: validation.fit, val: validation.validation });
      // The run's own counts.
      assert.equal(meta.testRows, test.test.length);
      assert.equal(meta.trainRows, validation.fit.length);
      // Several seeds, sizes and an imbalanced label set.
      const y = Array.from({ length: 503 }, (_, i) => (i * 7919) % 5 === 0 ? 2 : i % 3 === 0 ? 1 : 0);
      const cases = [1, 42, 2 ** 31 + 11, 4294967295].flatMap((seed) => [0.1, 0.2, 0.35].map((size) => ({ seed, size })));
      const python3 = runPython(python!, script, 'print(json.dumps([s.stratified_split(d["y"], 3, c["size"], c["seed"]) for c in d["cases"]]))', { y, cases }) as number[][][];
      cases.forEach((c, i) => {
        const js = stratifiedSplit(y, 3, c.size, c.seed);
        assert.deepEqual(python3[i], [js.train, js.test], `seed ${c.seed}, size ${c.size}`);
      });
    });

    it('tokenizes, fits the vocabulary and pads as the engine does (English; all text with PyICU)', async function () {
      if (!python) {
        console.log('    (skipped: no python3 on this machine to run the script’s tokenizer with)');
        this.skip();
      }
      const data = await readLabelledCsv(SAMPLE);
      const icu = findPython('icu');
      // Without PyICU the script's fallback cuts CJK text into characters, where ICU finds words: compare the rest.
      const texts = icu ? data.texts : data.texts.filter((t) => !/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(t));
      if (!icu) console.log(`    (PyICU is not installed: comparing the ${texts.length} rows without CJK text only)`);
      const tokenLists = texts.map(tokenize);
      const vocab = Vocabulary.fit(tokenLists, 300);
      const exe = icu ?? python!;
      const numpy = spawnSync(exe, ['-c', 'import numpy']).status === 0;
      const got = runPython(
        exe,
        script,
        'tokens = [s.tokenize(t) for t in d["texts"]]\nindex = s.fit_vocabulary(tokens, 300)\nprint(json.dumps({"tokens": tokens, "words": sorted(index, key=index.get), "padded": s.encode(tokens, index, 12).flatten().tolist() if d["numpy"] else None}))',
        { texts, numpy },
      ) as { tokens: string[][]; words: string[]; padded: number[] | null };
      assert.deepEqual(got.tokens, tokenLists);
      assert.deepEqual(got.words, vocab.toJSON().words);
      if (!numpy) console.log(`    (numpy is not installed for ${exe}: padding not compared)`);
      if (got.padded) assert.deepEqual(got.padded, Array.from(padSequences(tokenLists.map((t) => vocab.encode(t)), 12)));
    });

    it('copies only the files loading would read: a weights.bin linked to /dev/zero, a FIFO vocabulary or a model.json of other sizes are refused at once', async function () {
      const copy = (name: string): string => {
        const dir = path.join(root, name);
        fs.cpSync(lstm, dir, { recursive: true });
        return dir;
      };
      const started = performance.now();
      const zero = copy('zero-weights');
      fs.rmSync(path.join(zero, 'weights.bin'));
      fs.symlinkSync('/dev/zero', path.join(zero, 'weights.bin'));
      await assert.rejects(exportModel(zero, path.join(root, 'zero-out')), /weights\.bin is not a regular file/);
      const edited = copy('edited-json');
      const json = fs.readFileSync(path.join(edited, 'model.json'), 'utf8');
      fs.writeFileSync(path.join(edited, 'model.json'), json.replace(/"input_dim":\s*\d+/, '"input_dim":16000000'));
      await assert.rejects(exportModel(edited, path.join(root, 'edited-out')), /Embedding layer's input_dim is 16000000 where meta\.json describes/);
      assert.ok(performance.now() - started < 5000);
      if (spawnSync('mkfifo', [path.join(root, 'fifo-vocab')]).status === 0) {
        const fifo = copy('fifo');
        fs.rmSync(path.join(fifo, 'vocab.json'));
        fs.renameSync(path.join(root, 'fifo-vocab'), path.join(fifo, 'vocab.json'));
        await assert.rejects(exportModel(fifo, path.join(root, 'fifo-out')), /vocab\.json is not a regular file/);
      } else console.warn('      (the FIFO case skipped: mkfifo is not available here)');
      assert.deepEqual(
        fs.readdirSync(root).filter((f) => f.endsWith('-out') || f.startsWith('.')),
        [],
      );
    });

    it('reads the CSV as Neural Lens read it: the separator, an Excel "sep=" line, repeated headers, GB18030, UTF-16 (in Python, with pandas)', async function () {
      const withPandas = findPython('pandas');
      if (!withPandas) {
        console.warn('      skipped: no python3 with pandas here');
        this.skip();
      }
      const fixtures: Array<[string, string | undefined]> = [
        ['semicolon.csv', undefined],
        ['pipe.csv', undefined],
        ['tabs.tsv', undefined],
        ['excel-sep.csv', undefined],
        ['repeated-header.csv', undefined],
        ['gb18030.csv', 'GBK'],
        ['utf16le-bom.csv', undefined],
      ];
      const base = await readBundleMeta(lstm);
      for (const [name, encoding] of fixtures) {
        const file = path.join(repoRoot, 'test/fixtures/csv', name);
        const data = await readLabelledCsv(file, { encoding });
        const meta = {
          ...base,
          data: { ...base.data, path: file, textColumn: data.textColumn, labelColumn: data.labelColumn, delimiter: data.delimiter },
          training: { ...base.training, encoding },
        };
        const script = path.join(root, `read-${name}.py`);
        fs.writeFileSync(script, kerasScript(meta, 'fixture'));
        const read = runPython(withPandas!, script, 'print(json.dumps(s.read_rows(d["path"])))', { path: file });
        assert.deepEqual(read, [data.texts, data.y.map((y) => data.labels[y])], name);
      }
    });

    it('exports a cnn with its filters and kernel size', async () => {
      const cnn = path.join(root, 'reviews-cnn');
      await runTraining({ data: SAMPLE, out: cnn, model: 'cnn', epochs: 1, filters: 6, kernelSize: 4, maxLength: 30 });
      const r = await exportModel(cnn, path.join(root, 'cnn-keras'), { format: 'keras' });
      const text = fs.readFileSync(path.join(r.dir, r.main), 'utf8');
      assert.match(text, /^FILTERS = 6$/m);
      assert.match(text, /^KERNEL_SIZE = 4$/m);
      assert.match(text, /layers\.Conv1D\(FILTERS, KERNEL_SIZE, activation="relu", name="conv1d"\)/);
      assert.match(text, /mask_zero=False/);
      assert.doesNotMatch(text, /^UNITS = /m);
    });
  });

  describe('as fastText', () => {
    let out: string;
    before(async () => {
      out = path.join(root, 'fasttext');
      const r = await exportModel(fast, out);
      assert.deepEqual(r, { format: 'fasttext', dir: out, files: ['train_fasttext.sh', 'train.txt', 'valid.txt', 'test.txt'], main: 'train_fasttext.sh' });
    });

    it('writes the run’s own train, validation and test rows as __label__ lines of the fast model’s tokens', async () => {
      const data = await readLabelledCsv(SAMPLE);
      const split = testSplit(data, 0.2, 5);
      const rows = validationSplitOf(data, split.train, 0.1, 5);
      const lines = (rows: number[]): string => rows.map((i) => `${fastTextLabel(data.labels[data.y[i]])} ${fastTokens(data.texts[i]).join(' ')}\n`).join('');
      assert.equal(fs.readFileSync(path.join(out, FASTTEXT_FILES.train), 'utf8'), lines(rows.fit));
      assert.equal(fs.readFileSync(path.join(out, FASTTEXT_FILES.valid), 'utf8'), lines(rows.validation));
      assert.equal(fs.readFileSync(path.join(out, FASTTEXT_FILES.test), 'utf8'), lines(split.test));
      assert.deepEqual(fastTokens('Don’t buy it!! 早餐不错 😀 ok'), ['don’t', 'buy', 'it', '!', '!', '早', '餐', '不', '错', '😀', 'ok']);
      const meta = await readBundleMeta(fast);
      assert.equal(meta.testRows, split.test.length);
    });

    it('maps the run onto the fasttext supervised command line, which fastText runs', async function () {
      const meta = await readBundleMeta(fast);
      const script = fs.readFileSync(path.join(out, 'train_fasttext.sh'), 'utf8');
      const w = meta.model.trainedWith as { dim: number; lr: number; epochs: number; seed: number };
      assert.ok(script.includes(`fasttext supervised -input train.txt -output model -dim ${w.dim} -lr ${w.lr} -epoch 4 -wordNgrams 3 -minCount 1 -loss softmax -thread 1 -seed 5\n`), script);
      assert.equal(w.epochs, 4);
      // What fastText has no option for is said, with the run's own figure.
      assert.match(script, /#\s+counts each feature once per text, where fastText counts every repeat;\n/);
      assert.match(script, new RegExp(`#\\s+smooths the training labels \\(${(meta.model.trainedWith as { smoothing: number }).smoothing}\\)`));
      // A run trained in the linear layout (large inputs) says so; this small one was not.
      assert.doesNotMatch(script, /linear softmax/);
      const linear = { ...meta, model: { ...meta.model, trainedWith: { ...w, layout: 'linear' } } };
      assert.match(fastTextScript(linear, 'big', { hasCjk: false, withValidation: true, weighted: false }), /#\s+trained each feature's class scores directly \(a linear softmax/);
      const which = spawnSync('fasttext', [], { encoding: 'utf8' });
      if (which.error) {
        console.log('    (skipped running it: fastText is not installed here — apt-get install fasttext)');
        this.skip();
      }
      const run = spawnSync('sh', [path.join(out, 'train_fasttext.sh')], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 0, run.stderr);
      const n = /^N\s+(\d+)$/m.exec(run.stdout);
      const p = /^P@1\s+([\d.]+)$/m.exec(run.stdout);
      assert.ok(n && p, run.stdout);
      assert.equal(Number(n[1]), meta.testRows);
      assert.ok(Number(p[1]) > 1 / 3, `fastText precision@1 ${p[1]} is no better than chance on three balanced-ish classes`);
      assert.ok(fs.existsSync(path.join(out, 'model.bin')));
    });

    it('reads the training file with the encoding the run was given (a GB18030 run could not be exported before)', async () => {
      const gb = path.join(root, 'gb-fast');
      await runTraining({ data: path.join(repoRoot, 'test/fixtures/csv/gb18030.csv'), encoding: 'gb18030', out: gb, model: 'fast', testSize: 0.5, validationSplit: 0, seed: 1 });
      const exported = path.join(root, 'gb-fasttext');
      await exportModel(gb, exported);
      const lines = ['train', 'test'].flatMap((f) => fs.readFileSync(path.join(exported, `${f}.txt`), 'utf8').trim().split('\n'));
      assert.equal(lines.length, 4);
      assert.ok(lines.some((l) => l.includes('房')), lines.join('\n'));
    });

    it('refuses a changed training file, another format and an existing folder, and leaves nothing behind', async () => {
      const moved = path.join(root, 'moved.csv');
      fs.writeFileSync(moved, fs.readFileSync(SAMPLE, 'utf8') + 'One more row,positive\n');
      await assert.rejects(exportModel(fast, path.join(root, 'changed'), { data: moved }), /has changed since the model was trained/);
      fs.copyFileSync(SAMPLE, moved);
      await exportModel(fast, path.join(root, 'moved-ok'), { data: moved });
      await assert.rejects(exportModel(fast, path.join(root, 'as-keras'), { format: 'keras' }), /A fast model exports as fasttext, not keras/);
      const existing = path.join(root, 'existing');
      fs.mkdirSync(existing);
      fs.writeFileSync(path.join(existing, 'mine.txt'), 'keep me');
      await assert.rejects(exportModel(lstm, existing), /already exists/);
      assert.deepEqual(fs.readdirSync(existing), ['mine.txt']);
      assert.deepEqual(
        fs.readdirSync(root).filter((f) => f.startsWith('.') || ['changed', 'as-keras'].includes(f)),
        [],
      );
    });

  });
});
