import * as assert from 'node:assert/strict';
import {
  architectureMermaid,
  escapeMermaidLabel,
  estimateArchitecture,
  formatCount,
  formatShape,
} from '../../../src/core/layerSummary';

describe('architecture summary', () => {
  it('matches Keras parameter counts for the article LSTM (Embedding 10000x32, LSTM 64, Dense 3)', () => {
    const s = estimateArchitecture({ kind: 'lstm', vocabSize: 10000, classes: 3, maxLength: 100, embeddingDim: 32, units: 64 });
    assert.deepEqual(
      s.layers.map((l) => [l.name, l.outputShape, l.params]),
      [
        ['input', [null, 100], 0],
        ['embedding', [null, 100, 32], 320000],
        // Keras model.summary() prints 24,832 for LSTM(64) over 32-dim inputs.
        ['lstm', [null, 64], 24832],
        ['dense', [null, 3], 195],
      ],
    );
    assert.equal(s.totalParams, 320000 + 24832 + 195);
  });

  it('computes the CNN shapes: valid convolution shortens the sequence by kernel-1', () => {
    const s = estimateArchitecture({ kind: 'cnn', vocabSize: 5000, classes: 2, maxLength: 100, embeddingDim: 32, filters: 64, kernelSize: 5 });
    const conv = s.layers.find((l) => l.name === 'conv1d');
    assert.deepEqual(conv?.outputShape, [null, 96, 64]);
    assert.equal(conv?.params, 5 * 32 * 64 + 64);
    assert.equal(s.layers.find((l) => l.name === 'global_max_pooling1d')?.params, 0);
    assert.equal(s.layers.at(-1)?.params, 64 * 2 + 2);
  });

  it('follows non-default LSTM numbers: units and embedding size in the shapes, 4·units·(input + units + 1) LSTM parameters', () => {
    for (const [units, dim, maxLength] of [
      [128, 64, 100],
      [7, 3, 20],
      [1, 1, 1],
    ]) {
      const s = estimateArchitecture({ kind: 'lstm', vocabSize: 20000, classes: 4, maxLength, embeddingDim: dim, units, dropout: 0.3, recurrentDropout: 0.1 });
      assert.deepEqual(
        s.layers.map((l) => [l.name, l.outputShape, l.params]),
        [
          ['input', [null, maxLength], 0],
          ['embedding', [null, maxLength, dim], 20000 * dim],
          ['lstm', [null, units], 4 * units * (dim + units + 1)],
          ['dense', [null, 4], units * 4 + 4],
        ],
      );
      assert.equal(s.totalParams, 20000 * dim + 4 * units * (dim + units + 1) + units * 4 + 4);
      assert.equal(s.layers[2].type, 'LSTM(dropout 0.3, recurrent_dropout 0.1)');
    }
    // LSTM(128) over 64-dim inputs: Keras prints 98,816.
    assert.equal(estimateArchitecture({ kind: 'lstm', vocabSize: 10, classes: 2, embeddingDim: 64, units: 128 }).layers[2].params, 98816);
  });

  it('follows non-default CNN numbers: filters and kernel size in the shapes and the kernel·input·filters + filters parameters', () => {
    for (const [filters, kernel, dim, maxLength] of [
      [64, 3, 16, 50],
      [200, 7, 48, 100],
      [5, 10, 8, 10],
    ]) {
      const s = estimateArchitecture({ kind: 'cnn', vocabSize: 3000, classes: 3, maxLength, embeddingDim: dim, filters, kernelSize: kernel });
      assert.deepEqual(
        s.layers.map((l) => [l.name, l.outputShape, l.params]),
        [
          ['input', [null, maxLength], 0],
          ['embedding', [null, maxLength, dim], 3000 * dim],
          ['conv1d', [null, maxLength - kernel + 1, filters], kernel * dim * filters + filters],
          ['global_max_pooling1d', [null, filters], 0],
          ['dense', [null, 3], filters * 3 + 3],
        ],
      );
      assert.equal(s.layers[2].type, `Conv1D(kernel ${kernel}, relu)`);
      assert.equal(s.totalParams, 3000 * dim + kernel * dim * filters + filters + filters * 3 + 3);
    }
  });

  it('falls back to the engine defaults (the article model: Embedding 32, LSTM 64; Conv1D 128 filters of width 5)', () => {
    const lstm = estimateArchitecture({ kind: 'lstm', vocabSize: 100, classes: 2 });
    assert.deepEqual(lstm.layers.map((l) => l.outputShape), [[null, 100], [null, 100, 32], [null, 64], [null, 2]]);
    assert.equal(lstm.layers[2].type, 'LSTM', 'no rates shown when they are not known');
    const cnn = estimateArchitecture({ kind: 'cnn', vocabSize: 100, classes: 2 });
    assert.deepEqual(cnn.layers[2].outputShape, [null, 96, 128]);
    assert.equal(cnn.layers[2].params, 5 * 32 * 128 + 128);
  });

  it('describes the fast model as a mean embedding bag and a softmax layer', () => {
    const s = estimateArchitecture({ kind: 'fast', vocabSize: 1000, classes: 2, embeddingDim: 10 });
    assert.deepEqual(
      s.layers.map((l) => l.params),
      [0, 10000, 22],
    );
    assert.equal(s.totalParams, 10022);
  });

  it('formats shapes and counts the way Keras prints them', () => {
    assert.equal(formatShape([null, 100, 32]), '(None, 100, 32)');
    assert.equal(formatShape([null]), '(None,)');
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(999), '999');
  });

  it('draws one Mermaid node per layer, chained top-down', () => {
    const src = architectureMermaid(estimateArchitecture({ kind: 'lstm', vocabSize: 100, classes: 2 }));
    const lines = src.split('\n');
    assert.equal(lines[0], 'flowchart TD');
    assert.equal(lines.filter((l) => /^ {2}L\d+\["/.test(l)).length, 4);
    assert.deepEqual(
      lines.filter((l) => l.includes('-->')),
      ['  L0 --> L1', '  L1 --> L2', '  L2 --> L3'],
    );
    assert.match(src, /L2\["lstm: LSTM<br\/>output \(None, 64\)<br\/>params 24,832"\]/);
  });

  it('escapes layer names so a hostile bundle cannot close the label or inject markup', () => {
    const evil = '"]; click L0 call alert(1) <img src=x onerror=alert(1)> #';
    const escaped = escapeMermaidLabel(evil);
    assert.doesNotMatch(escaped, /["<>]/);
    assert.match(escaped, /#quot;\]; click/);
    const src = architectureMermaid({ layers: [{ name: evil, type: 'X', outputShape: [null, 1], params: 1 }], totalParams: 1 });
    // The only quotes are the label delimiters the generator itself wrote.
    assert.equal((src.match(/"/g) ?? []).length, 2);
  });
});
