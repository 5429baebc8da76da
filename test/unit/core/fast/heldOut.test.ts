// Validation rows scored from the training state (core/fast/heldOut.ts) give the logits the collapsed model gives.
import * as assert from 'node:assert/strict';
import { FastModel, type Pooling } from '../../../../src/core/fast/fastModel';
import { DEFAULT_FEATURES, Featurizer } from '../../../../src/core/fast/features';
import { encodeHeldOut, heldOutScores } from '../../../../src/core/fast/heldOut';
import { IdIndex } from '../../../../src/core/fast/idIndex';
import { mulberry32 } from '../../../../src/core/split';

describe('fast model: held-out rows scored from the training state', () => {
  const training = ['the room was clean and quiet', 'terrible service, dirty bathroom', '房间很干净，服务很好', '非常差，不推荐'];
  const heldOut = ['clean and quiet!', 'dirty room 服务很差', 'nothing seen here: zzz qqq', ''];
  for (const pooling of [{ norm: 2, idf: true, unseenWeight: 0 }, { norm: 1, idf: false, unseenWeight: 0.5 }] as Pooling[]) {
    it(`equals FastModel.logitsInto of the collapsed table (norm ${pooling.norm}, idf ${pooling.idf}, unseen weight ${pooling.unseenWeight})`, () => {
      const index = new IdIndex();
      const fz = new Featurizer(DEFAULT_FEATURES);
      for (const t of training) {
        const n = fz.run(t);
        for (let j = 0; j < n; j++) index.add(fz.ids[j]);
      }
      const rows = index.size;
      const dim = 4;
      const classes = 3;
      const random = mulberry32(3);
      const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 2 - 1);
      const state = { emb: fill(rows * dim), out: fill(classes * dim), bias: fill(classes), dim, classes };
      const rowWeights = pooling.idf ? Float32Array.from({ length: rows }, () => 1 + random()) : undefined;
      const table = new Float32Array(rows * classes);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < classes; c++) {
          let z = 0;
          for (let d = 0; d < dim; d++) z += state.emb[r * dim + d] * state.out[c * dim + d];
          table[r * classes + c] = z;
        }
      }
      const model = new FastModel(['a', 'b', 'c'], DEFAULT_FEATURES, pooling, index.ids(), table, state.bias, rowWeights, dim);
      const y = [0, 1, 2, 0];
      const encoded = encodeHeldOut(heldOut, y, DEFAULT_FEATURES, pooling, (id) => index.get(id), rowWeights);
      const { logits, accuracy } = heldOutScores(encoded, state);
      let correct = 0;
      heldOut.forEach((text, i) => {
        const expected = new Float64Array(classes);
        model.logitsInto(text, expected);
        for (let c = 0; c < classes; c++) assert.ok(Math.abs(logits[i * classes + c] - expected[c]) < 1e-5, `${text}: ${logits[i * classes + c]} ≠ ${expected[c]}`);
        const best = expected.indexOf(Math.max(...expected));
        if (best === y[i]) correct++;
      });
      assert.equal(accuracy, correct / heldOut.length);
      assert.ok(encoded.feats.length > 0 && encoded.offsets[3] === encoded.offsets[2], 'seen features kept; the unseen text has none');
      // Sized from the training texts' occurrences per character; grown when that falls short.
      const many = Array.from({ length: 300 }, (_, i) => training[i % training.length]);
      const rowOf = (id: number): number => index.get(id);
      const short = encodeHeldOut(many, many.map(() => 0), DEFAULT_FEATURES, pooling, rowOf, rowWeights, 0);
      const sized = encodeHeldOut(many, many.map(() => 0), DEFAULT_FEATURES, pooling, rowOf, rowWeights, 3);
      assert.ok(short.feats.length > 1024, 'more occurrences than the smallest array holds');
      assert.deepEqual(short.feats, sized.feats);
      assert.deepEqual(short.offsets, sized.offsets);
    });
  }
});
