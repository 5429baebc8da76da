import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BundleMeta } from '../../../src/core/bundle';
import { architectureView } from '../../../src/training/architectureView';
import { MAX_META_BYTES } from '../../../src/core/bundleSiblings';
import { readModelInfo, toModelInfo } from '../../../src/training/modelMeta';
import { repoRoot } from '../../harness/paths';

const report = {
  labels: ['negative', 'positive'],
  perClass: [
    { label: 'negative', precision: 0.8, recall: 0.7, f1: 0.75, support: 10 },
    { label: 'positive', precision: 0.7, recall: 0.8, f1: 0.7467, support: 10 },
  ],
  accuracy: 0.75,
  macro: { precision: 0.75, recall: 0.75, f1: 0.7483, support: 20 },
  weighted: { precision: 0.75, recall: 0.75, f1: 0.7483, support: 20 },
  confusion: [
    [7, 3],
    [2, 8],
  ],
};

/** A meta.json as core/bundle.ts writes it (typed by its BundleMeta, so a format change fails to compile). */
function meta(kind: BundleMeta['kind'], model: Record<string, unknown>): BundleMeta {
  return {
    format: 'neural-lens-model',
    formatVersion: 1,
    kind,
    labels: ['negative', 'positive'],
    createdAt: '2025-01-31T14:25:01.000Z',
    backend: 'wasm',
    data: { file: 'reviews.csv', path: '/w/reviews.csv', sha256: 'ab', textColumn: 'text', labelColumn: 'label' },
    training: { model: kind, epochs: 10, maxLength: 100, seed: 42 },
    trainRows: 80,
    testRows: 20,
    skippedRows: 0,
    trainSeconds: 4.5,
    report,
    model,
  };
}

describe('model list entries from meta.json', () => {
  it('reads name, data file, kind, date, accuracy and macro-F1', () => {
    const info = toModelInfo('/w/.neural-lens/models/reviews-lstm-1', meta('lstm', {}));
    assert.ok(info);
    assert.equal(info.name, 'reviews-lstm-1');
    assert.equal(info.dataFile, '/w/reviews.csv');
    assert.equal(info.kind, 'lstm');
    assert.equal(info.createdAt, '2025-01-31T14:25:01.000Z');
    assert.equal(info.accuracy, 0.75);
    assert.equal(info.macroF1, 0.7483);
    assert.deepEqual(info.labels, ['negative', 'positive']);
    assert.equal(info.trainSeconds, 4.5);
  });

  it('reads warnings as CoreTexts, and an older bundle\'s English sentences as texts without placeholders', () => {
    const text = { template: 'The labels {0} differ only by case', args: ['"A" and "a"'] };
    assert.deepEqual(toModelInfo('/m', { ...meta('fast', {}), warnings: [text] })?.warnings, [text]);
    assert.deepEqual(toModelInfo('/m', { ...meta('fast', {}), warnings: ['Old warning.'] })?.warnings, [{ template: 'Old warning.', args: [] }]);
  });

  it('refuses what is not a Neural Lens model', () => {
    assert.equal(toModelInfo('/x', { format: 'something-else', kind: 'lstm', labels: ['a', 'b'] }), undefined);
    assert.equal(toModelInfo('/x', null), undefined);
    assert.equal(toModelInfo('/x', { format: 'neural-lens-model', kind: 'lstm' }), undefined);
  });

  it('reads a folder from disk, and nothing from a folder without meta.json or with broken JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-meta-'));
    try {
      const good = path.join(dir, 'good');
      fs.mkdirSync(good);
      fs.writeFileSync(path.join(good, 'meta.json'), JSON.stringify(meta('fast', { rows: 100, dim: 8, classes: 2 })));
      const broken = path.join(dir, 'broken');
      fs.mkdirSync(broken);
      fs.writeFileSync(path.join(broken, 'meta.json'), '{ not json');
      assert.equal(readModelInfo(good)?.name, 'good');
      assert.equal(readModelInfo(good)?.vocabSize, 100);
      assert.equal(readModelInfo(broken), undefined);
      assert.equal(readModelInfo(path.join(dir, 'missing')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists a model whose meta.json the engine would load (one size limit for both), and none beyond it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-meta-'));
    try {
      // 2 MB of description: the list once dropped anything over 1 MB while the CLI loaded it up to 16 MB.
      const big = path.join(dir, 'big');
      fs.mkdirSync(big);
      fs.writeFileSync(path.join(big, 'meta.json'), JSON.stringify({ ...meta('fast', { rows: 1 }), note: 'x'.repeat(2 * 1024 * 1024) }));
      assert.equal(readModelInfo(big)?.name, 'big');
      const huge = path.join(dir, 'huge');
      fs.mkdirSync(huge);
      fs.writeFileSync(path.join(huge, 'meta.json'), JSON.stringify({ ...meta('fast', { rows: 1 }), note: 'x'.repeat(MAX_META_BYTES) }));
      assert.equal(readModelInfo(huge), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads no meta.json that is a FIFO or a link to /dev/zero (on the extension host, the first blocked it for good, the second filled its memory)', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-meta-'));
    try {
      const fifo = path.join(dir, 'fifo');
      fs.mkdirSync(fifo);
      if (spawnSync('mkfifo', [path.join(fifo, 'meta.json')]).status !== 0) {
        console.warn('      skipped: mkfifo is not available here');
        this.skip();
      }
      const zero = path.join(dir, 'zero');
      fs.mkdirSync(zero);
      fs.symlinkSync('/dev/zero', path.join(zero, 'meta.json'));
      // In a process of its own: a read that blocks would block this one too, beyond any timeout.
      const script = `const m = require(${JSON.stringify(path.join(repoRoot, 'out/src/training/modelMeta.js'))});
        console.log(JSON.stringify([m.readModelInfo(process.argv[1]), m.readModelInfo(process.argv[2])].map((x) => x ?? null)));`;
      const r = spawnSync(process.execPath, ['-e', script, fifo, zero], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.signal, null, 'still reading after 10 s');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), [null, null]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('architecture shown for a model', () => {
  it('estimates the lstm from the sizes the tfjs bundle records', () => {
    const info = toModelInfo('/m', meta('lstm', { architecture: { kind: 'lstm', vocabSize: 755, classes: 2, maxLength: 100, embeddingDim: 32, units: 64 } }));
    const view = architectureView(info!);
    assert.ok(view);
    assert.equal(view.estimated, true);
    assert.deepEqual(
      view.layers.map((l) => [l.name, l.params]),
      [
        ['input', 0],
        ['embedding', 755 * 32],
        ['lstm', 24832],
        ['dense', 64 * 2 + 2],
      ],
    );
    assert.match(view.mermaid, /^flowchart TD/);
  });

  it('uses the fast model table size and dimension', () => {
    const view = architectureView(toModelInfo('/m', meta('fast', { rows: 1000, dim: 16, classes: 2 }))!);
    assert.deepEqual(
      view?.layers.map((l) => l.params),
      [0, 16000, 34],
    );
  });

  it('draws a fast model trained in the linear layout as its class scores, whatever the embedding size option', () => {
    const view = architectureView(toModelInfo('/m', meta('fast', { rows: 1000, dim: 8, classes: 2, trainedWith: { layout: 'linear' } }))!);
    assert.deepEqual(
      view?.layers.map((l) => [l.type, l.outputShape, l.params]),
      [
        ['InputLayer', [null, null], 0],
        ['EmbeddingBag(mean)', [null, 2], 2000],
        ['Bias + softmax', [null, 2], 2],
      ],
    );
  });

  it('prefers the layers a bundle reports itself', () => {
    const layers = [
      { name: 'in', type: 'InputLayer', outputShape: [null, 10], params: 0 },
      { name: 'out', type: 'Dense', outputShape: [null, 2], params: 22 },
    ];
    const view = architectureView(toModelInfo('/m', { ...meta('cnn', {}), layers })!);
    assert.equal(view?.estimated, false);
    assert.equal(view?.totalParams, 22);
    assert.deepEqual(view?.layers, layers);
  });

  it('draws nothing when the sizes are unknown', () => {
    assert.equal(architectureView(toModelInfo('/m', meta('lstm', {}))!), undefined);
  });
});
