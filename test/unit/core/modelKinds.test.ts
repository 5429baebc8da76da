// The model-kind registry and what is derived from it or checked against it: package.json's settings, the
// options each kind reads, the checks, the bundle's record, the architecture estimate, the runtimes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimateArchitecture } from '../../../src/core/layerSummary';
import { DEFAULT_MODEL_KIND, MODEL_KINDS, isModelKind } from '../../../src/core/modelKind';
import {
  MODEL_OPTIONS,
  MODEL_REGISTRY,
  MODEL_SPECIFIC,
  appliesTo,
  fixedDefault,
  modelDefaults,
  recordedOptions,
  resolveModelOptions,
} from '../../../src/core/modelKinds';
import { MODEL_RUNTIMES } from '../../../src/core/modelRuntimes';
import { runTraining } from '../../../src/core/train';
import { DEFAULT_MAX_CLASSES } from '../../../src/core/csvLabels';
import { parseTrainArgs } from '../../../src/cli/train';
import { repoRoot } from '../../harness/paths';

interface SettingSchema {
  enum?: string[];
  default?: unknown;
}

function setting(name: string): SettingSchema {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } | Array<{ properties: Record<string, SettingSchema> }> };
  };
  const sections = [manifest.contributes.configuration].flat();
  const found = sections.map((s) => s.properties[name]).find((p) => p !== undefined);
  assert.ok(found, `package.json contributes ${name}`);
  return found;
}

describe('model-kind registry', () => {
  it("package.json's defaultModel setting offers exactly the registered kinds, and its default is the engine's", () => {
    const s = setting('neuralLens.training.defaultModel');
    assert.deepEqual(s.enum, [...MODEL_KINDS]);
    assert.equal(s.default, DEFAULT_MODEL_KIND);
  });

  it("package.json's early stopping, patience and class limit settings default to the engine's", () => {
    assert.equal(setting('neuralLens.training.earlyStopping').default, true);
    assert.equal(setting('neuralLens.training.maxClasses').default, DEFAULT_MAX_CLASSES);
    // No number: each kind's own patience from the registry.
    assert.equal(setting('neuralLens.training.patience').default, null);
    for (const kind of MODEL_KINDS) assert.ok(modelDefaults(kind).patience >= 1, kind);
  });

  it("the defaultModel setting's description names every kind, in every language", () => {
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const text = (JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, string>)['config.training.defaultModel'];
      for (const kind of MODEL_KINDS) assert.ok(text.includes(kind), `${file}: ${kind}`);
    }
  });

  it("package.json's epochs, batch size and max length defaults are those of every kind that reads them with a fixed default", () => {
    for (const [key, option] of [
      ['epochs', 'epochs'],
      ['batchSize', 'batchSize'],
      ['maxLength', 'maxLength'],
    ] as const) {
      const kinds = MODEL_KINDS.filter((k) => fixedDefault(k, option) !== undefined);
      assert.ok(kinds.length > 0, option);
      for (const kind of kinds) assert.equal(setting(`neuralLens.training.${key}`).default, fixedDefault(kind, option), `${kind} ${option}`);
    }
  });

  it('has a runtime and an entry for every kind, and names only registered kinds', () => {
    assert.deepEqual(Object.keys(MODEL_REGISTRY), [...MODEL_KINDS]);
    assert.deepEqual(Object.keys(MODEL_RUNTIMES), [...MODEL_KINDS]);
    assert.ok(MODEL_KINDS.includes(DEFAULT_MODEL_KIND));
    assert.equal(isModelKind('lstm'), true);
    assert.equal(isModelKind('gru'), false);
    assert.equal(isModelKind(undefined), false);
  });

  it('says which kinds read the options only some of them read', () => {
    assert.deepEqual(MODEL_SPECIFIC, {
      batchSize: ['lstm', 'cnn'],
      maxLength: ['lstm', 'cnn'],
      maxWords: ['lstm', 'cnn'],
      units: ['lstm'],
      dropout: ['lstm'],
      recurrentDropout: ['lstm'],
      filters: ['cnn'],
      kernelSize: ['cnn'],
      threads: ['fast'],
    });
    assert.equal(appliesTo('seed', 'fast'), true, 'options outside the registry apply to every kind');
    assert.equal(appliesTo('learningRate', 'cnn'), true);
    assert.equal(appliesTo('units', 'cnn'), false);
  });

  it("gives every model option a flag in the CLI's --help", () => {
    const write = process.stdout.write;
    let help = '';
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      parseTrainArgs(['--help']);
    } finally {
      process.stdout.write = write;
    }
    for (const option of MODEL_OPTIONS) {
      const flag = `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      assert.match(help, new RegExp(`^ {2}${flag} [NF] `, 'm'), flag);
    }
    for (const kind of MODEL_KINDS) assert.ok(help.includes(kind), kind);
  });

  it('resolves the fast options from its defaults, the data deciding epochs and threads, and checks the given ones', () => {
    assert.deepEqual(resolveModelOptions('fast', {}), { epochs: 0, patience: 3, learningRate: 0.1, embeddingDim: 8, threads: 0 });
    assert.equal(resolveModelOptions('fast', { embeddingDim: 16, units: 999 }).embeddingDim, 16);
    assert.throws(() => resolveModelOptions('fast', { embeddingDim: 0 }), /embeddingDim must be a whole number ≥ 1, got 0/);
    assert.throws(() => resolveModelOptions('fast', { threads: -1 }), /threads must be a whole number ≥ 0/);
    assert.throws(() => resolveModelOptions('fast', { learningRate: Number.NaN }), /learningRate must be a number > 0/);
    assert.equal(fixedDefault('fast', 'epochs'), undefined, 'decided from the data');
    assert.equal(fixedDefault('fast', 'batchSize'), undefined, 'not read');
    assert.equal(fixedDefault('lstm', 'epochs'), 10);
  });

  it("records what the data decides as 'auto' unless given, and every other option resolved", () => {
    assert.deepEqual(recordedOptions('fast', resolveModelOptions('fast', {}), {}), { epochs: 'auto', patience: 3, learningRate: 0.1, embeddingDim: 8, threads: 'auto' });
    assert.equal(recordedOptions('fast', resolveModelOptions('fast', { epochs: 4 }), { epochs: 4 }).epochs, 4);
    assert.deepEqual(Object.keys(recordedOptions('cnn', resolveModelOptions('cnn', {}), {})).sort(), Object.keys(modelDefaults('cnn')).sort());
  });

  it('checks the limits between options (a cnn kernel no wider than the texts)', () => {
    assert.throws(() => resolveModelOptions('cnn', { kernelSize: 9, maxLength: 8 }), /kernelSize \(9\) cannot exceed maxLength \(8\)/);
    assert.equal(resolveModelOptions('lstm', { kernelSize: 9, maxLength: 8 }).maxLength, 8, 'not a limit of the lstm');
  });

  it('estimates every kind from its defaults alone, the fast model with its own embedding size', () => {
    for (const kind of MODEL_KINDS) {
      const s = estimateArchitecture({ kind, vocabSize: 100, classes: 3 });
      assert.ok(s.layers.length >= 3, kind);
      assert.equal(s.layers.at(-1)?.outputShape.at(-1), 3, `${kind}: one output per class`);
      assert.equal(s.totalParams, s.layers.reduce((n, l) => n + l.params, 0));
    }
    const dim = modelDefaults('fast').embeddingDim;
    assert.equal(dim, 8);
    assert.deepEqual(estimateArchitecture({ kind: 'fast', vocabSize: 100, classes: 3 }).layers[1].outputShape, [null, dim]);
    assert.equal(estimateArchitecture({ kind: 'fast', vocabSize: 100, classes: 3 }).layers[1].params, 100 * dim);
  });

  it('refuses an unknown model kind with a clear error before reading the data', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-kinds-'));
    try {
      await assert.rejects(
        runTraining({ data: path.join(root, 'missing.csv'), out: path.join(root, 'm'), model: 'gru' as never }),
        /model must be one of fast, lstm, cnn, got "gru"/,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
