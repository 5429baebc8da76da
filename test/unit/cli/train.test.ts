// `neural-lens train`'s model flags: parsed into TrainOptions, checked (usage error, exit 2), refused for a
// model that does not use them, listed in --help. Parsing is tested in-process; exit codes through dist/cli.js.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTrainArgs } from '../../../src/cli/train';
import { UsageError } from '../../../src/cli/common';
import { MODEL_SPECIFIC } from '../../../src/core/modelKinds';
import { TF_DEFAULTS } from '../../../src/core/tfjs/options';
import { repoRoot as REPO } from '../../harness/paths';

const CLI = path.join(REPO, 'dist/cli.js');

function parsed(...argv: string[]) {
  const r = parseTrainArgs(['data.csv', ...argv]);
  assert.ok(r, 'not --help');
  return r.options;
}

function usageError(argv: string[], message: RegExp): void {
  assert.throws(() => parseTrainArgs(['data.csv', ...argv]), (e: Error) => e instanceof UsageError && message.test(e.message), `${argv.join(' ')} → ${message}`);
}

/** What --help prints (parse writes it to stdout). */
function help(): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    assert.equal(parseTrainArgs(['--help']), undefined);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('neural-lens train: model flags', () => {
  it('parses every LSTM number into TrainOptions', () => {
    const o = parsed('--model', 'lstm', '--units', '128', '--dropout', '0.3', '--recurrent-dropout', '0.1', '--embedding-dim', '64', '--max-words', '20000', '--learning-rate', '0.002', '--max-length', '80', '--batch-size', '16', '--epochs', '3');
    assert.deepEqual(o, {
      data: 'data.csv',
      model: 'lstm',
      units: 128,
      dropout: 0.3,
      recurrentDropout: 0.1,
      embeddingDim: 64,
      maxWords: 20000,
      learningRate: 0.002,
      maxLength: 80,
      batchSize: 16,
      epochs: 3,
      classWeights: 'auto',
      out: path.join('models', 'data-lstm'),
    });
  });

  it('parses the CNN numbers', () => {
    const o = parsed('--model', 'cnn', '--filters', '64', '--kernel-size', '5', '--embedding-dim', '16', '--max-words', '500');
    assert.equal(o.filters, 64);
    assert.equal(o.kernelSize, 5);
    assert.equal(o.embeddingDim, 16);
    assert.equal(o.maxWords, 500);
  });

  it('leaves absent numbers absent, so the engine defaults apply', () => {
    const o = parsed('--model', 'lstm');
    for (const key of ['units', 'dropout', 'recurrentDropout', 'embeddingDim', 'maxWords', 'learningRate', 'filters', 'kernelSize']) assert.ok(!(key in o), key);
    assert.equal(parsed('--model', 'lstm', '--dropout', '0').dropout, 0, 'a rate of 0 (no dropout) is allowed');
  });

  it('refuses values that are not numbers or out of range, naming the flag and the range', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['--units', 'many', /--units must be an integer ≥ 1 and ≤ 4096, got "many"/],
      ['--units', '0', /--units must be an integer ≥ 1/],
      ['--units', '12.5', /--units must be an integer/],
      ['--units', '', /--units must be/],
      ['--units', '100000', /≤ 4096/],
      ['--dropout', '1', /--dropout must be a number ≥ 0 and < 1, got "1"/],
      ['--dropout', '-0.1', /--dropout must be a number ≥ 0 and < 1/],
      ['--dropout', 'NaN', /--dropout must be/],
      ['--dropout', 'half', /--dropout must be/],
      ['--recurrent-dropout', '1.5', /--recurrent-dropout must be a number ≥ 0 and < 1, got "1.5"/],
      ['--recurrent-dropout', ' ', /--recurrent-dropout must be/],
      ['--embedding-dim', '0', /--embedding-dim must be an integer ≥ 1/],
      ['--embedding-dim', 'x', /--embedding-dim must be/],
      ['--max-words', '1', /--max-words must be an integer ≥ 2/],
      ['--max-words', '2e3.5', /--max-words must be/],
      ['--learning-rate', '0', /--learning-rate must be a number ≥ 1e-9/],
      ['--learning-rate', '-0.01', /--learning-rate must be/],
      ['--learning-rate', 'fast', /--learning-rate must be/],
      ['--learning-rate', 'Infinity', /--learning-rate must be/],
    ];
    // A value starting with a dash must be written --flag=-0.1 (node's parseArgs reads "--flag -0.1" as a missing value).
    const args = (flag: string, value: string) => (value.startsWith('-') ? [`${flag}=${value}`] : [flag, value]);
    for (const [flag, value, message] of cases) usageError(['--model', 'lstm', ...args(flag, value)], message);
    usageError(['--model', 'lstm', '--dropout', '-0.1'], /--dropout' argument is ambiguous/);
    const cnn: Array<[string, string, RegExp]> = [
      ['--filters', '0', /--filters must be an integer ≥ 1/],
      ['--filters', 'lots', /--filters must be/],
      ['--filters', '3.5', /--filters must be an integer/],
      ['--kernel-size', '0', /--kernel-size must be an integer ≥ 1/],
      ['--kernel-size', 'wide', /--kernel-size must be/],
    ];
    for (const [flag, value, message] of cnn) usageError(['--model', 'cnn', ...args(flag, value)], message);
  });

  it('refuses a kernel wider than the texts', () => {
    usageError(['--model', 'cnn', '--kernel-size', '120'], /--kernel-size \(120\) cannot exceed --max-length \(100, the default\)/);
    usageError(['--model', 'cnn', '--kernel-size', '9', '--max-length', '8'], /--kernel-size \(9\) cannot exceed --max-length \(8\)/);
    assert.equal(parsed('--model', 'cnn', '--kernel-size', '8', '--max-length', '8').kernelSize, 8);
  });

  it('refuses flags of another model, saying which model they belong to', () => {
    usageError(['--units', '128'], /--units applies to the lstm model only, and this run trains fast \(the default; choose another with --model\)/);
    usageError(['--model', 'cnn', '--dropout', '0.3'], /--dropout applies to the lstm model only, and this run trains cnn$/);
    usageError(['--model', 'cnn', '--recurrent-dropout', '0.1'], /--recurrent-dropout applies to the lstm model only/);
    usageError(['--model', 'lstm', '--filters', '64'], /--filters applies to the cnn model only, and this run trains lstm/);
    usageError(['--model', 'lstm', '--kernel-size', '5'], /--kernel-size applies to the cnn model only/);
    usageError(['--model', 'fast', '--max-words', '20000'], /--max-words applies to the lstm and cnn models only, and this run trains fast$/);
    usageError(['--batch-size', '8'], /--batch-size applies to the lstm and cnn models only/);
    usageError(['--max-length', '50'], /--max-length applies to the lstm and cnn models only/);
    usageError(['--model', 'lstm', '--threads', '2'], /--threads applies to the fast model only/);
    // Even a bad value: the model mismatch is the first thing to fix.
    usageError(['--model', 'cnn', '--units', 'x'], /--units applies to the lstm model only/);
  });

  it('takes the options every model uses with any model', () => {
    for (const model of ['fast', 'lstm', 'cnn']) {
      const o = parsed('--model', model, '--learning-rate', '0.05', '--embedding-dim', '12', '--epochs', '2', '--patience', '1');
      assert.equal(o.learningRate, 0.05);
      assert.equal(o.embeddingDim, 12);
    }
  });

  it('has a flag for every option that only some models use, and lists each in --help with its default', () => {
    const text = help();
    for (const key of Object.keys(MODEL_SPECIFIC)) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      assert.match(text, new RegExp(`^ {2}${flag} `, 'm'), `${flag} in --help`);
    }
    const defaults: Array<[string, number]> = [
      ['--units N', TF_DEFAULTS.units],
      ['--dropout F', TF_DEFAULTS.dropout],
      ['--recurrent-dropout F', TF_DEFAULTS.recurrentDropout],
      ['--max-words N', TF_DEFAULTS.maxWords],
      ['--filters N', TF_DEFAULTS.filters],
      ['--kernel-size N', TF_DEFAULTS.kernelSize],
      ['--batch-size N', TF_DEFAULTS.batchSize],
      ['--max-length N', TF_DEFAULTS.maxLength],
    ];
    for (const [flag, value] of defaults) {
      const line = text.split('\n').find((l) => l.startsWith(`  ${flag} `));
      assert.ok(line?.includes(`(default ${value})`), `${flag}: ${line}`);
    }
    assert.match(text, /--learning-rate F .*lstm\/cnn 0\.001/);
    assert.match(text, /--embedding-dim N .*lstm\/cnn 32/);
    assert.match(text, /another model than the one trained .* is refused/);
  });

  describe('through dist/cli.js', function () {
    before(function () {
      if (!fs.existsSync(CLI)) {
        console.warn(`    skipped: ${CLI} is missing — run "npm run build" first`);
        this.skip();
      }
    });
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'train', ...args], { encoding: 'utf8', timeout: 30_000 });

    it('exits 2 with the message on stderr for a bad value or a flag of another model, before reading the data', () => {
      const missing = path.join(REPO, 'no-such-file.csv');
      for (const [args, message] of [
        [['--model', 'lstm', '--units', 'many'], /--units must be an integer/],
        [['--model', 'lstm', '--recurrent-dropout', '1'], /--recurrent-dropout must be a number ≥ 0 and < 1/],
        [['--model', 'cnn', '--kernel-size', '200'], /--kernel-size \(200\) cannot exceed --max-length/],
        [['--filters', '64'], /--filters applies to the cnn model only/],
      ] as Array<[string[], RegExp]>) {
        const r = cli(missing, ...args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /neural-lens train --help/);
        assert.equal(r.stdout, '');
      }
    });

    it('lists the model flags in --help and exits 0', () => {
      const r = cli('--help');
      assert.equal(r.status, 0);
      for (const flag of ['--units', '--dropout', '--recurrent-dropout', '--embedding-dim', '--max-words', '--learning-rate', '--filters', '--kernel-size']) assert.match(r.stdout, new RegExp(`${flag} `));
    });
  });
});
