import * as assert from 'node:assert/strict';
import { invalidModelName, modelFolderName, uniqueName } from '../../../src/core/modelName';

describe('model folder names', () => {
  const when = new Date(2025, 0, 31, 14, 25, 1);

  it('joins the data file stem, the kind and a local timestamp', () => {
    assert.equal(modelFolderName('/work/samples/reviews.csv', 'lstm', when), 'reviews-lstm-20250131-142501');
    assert.equal(modelFolderName('C:\\data\\my reviews (v2).csv', 'fast', when), 'my-reviews-v2-fast-20250131-142501');
  });

  it('keeps letters of any script and falls back when nothing is left', () => {
    assert.equal(modelFolderName('评论数据.csv', 'cnn', when), '评论数据-cnn-20250131-142501');
    assert.equal(modelFolderName('/x/!!!.csv', 'fast', when), 'data-fast-20250131-142501');
  });

  it('produces names that pass its own validity check', () => {
    for (const file of ['a.csv', '../..//weird:name?.csv', '.hidden.csv', 'con.csv', ' spaced .csv']) {
      const name = modelFolderName(file, 'fast', when);
      assert.equal(invalidModelName(name), undefined, name);
    }
  });

  it('adds a counter when the name is taken', () => {
    const taken = new Set(['m', 'm-2']);
    assert.equal(uniqueName('m', (n) => taken.has(n)), 'm-3');
    assert.equal(uniqueName('free', (n) => taken.has(n)), 'free');
  });

  it('rejects names that would escape the models folder or break on some file system', () => {
    for (const bad of ['', '  ', '../up', 'a/b', 'a\\b', '.hidden', 'x:y', 'nul', 'COM1.txt', 'trailing.', 'tab\there', 'x'.repeat(101), ' lead']) {
      assert.ok(invalidModelName(bad), `should reject ${JSON.stringify(bad)}`);
    }
    for (const good of ['my model', 'reviews-lstm-v2', '评论模型', 'a.b']) {
      assert.equal(invalidModelName(good), undefined, good);
    }
  });
});
