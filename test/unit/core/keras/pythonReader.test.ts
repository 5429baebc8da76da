// The Python reader under the Keras recogniser: statements, values, spans, and what it leaves as 'other'.
import * as assert from 'node:assert/strict';
import { dottedName, readPython, sourceText, type PyExpr } from '../../../../src/core/keras/pythonReader';

function value(source: string): PyExpr {
  const statements = readPython(source);
  assert.equal(statements.length, 1, JSON.stringify(statements));
  return statements[0].value;
}

describe('Python reader', () => {
  it('reads numbers in every literal form, strings with escapes and prefixes, constants', () => {
    const numbers = ['42', '1_000', '0x1F', '0o17', '0b101', '1e-3', '.5', '2.', '3.25E2'].map((n) => value(n));
    assert.deepEqual(
      numbers.map((n) => (n.type === 'number' ? n.value : n.type)),
      [42, 1000, 31, 15, 5, 0.001, 0.5, 2, 325],
    );
    assert.equal(value('1j').type, 'other');
    const strings = [`'a\\'b'`, `"tab\\tnew\\nline"`, `r'\\d+'`, `'''multi\nline'''`, `"con" 'cat'`, `b"bytes"`].map((s) => value(s));
    assert.deepEqual(
      strings.map((s) => (s.type === 'string' ? s.value : s.type)),
      ["a'b", 'tab\tnew\nline', '\\d+', 'multi\nline', 'concat', 'bytes'],
    );
    assert.equal(value('f"{x}"').type, 'other');
    assert.deepEqual(['True', 'False', 'None'].map((c) => value(c)).map((c) => (c.type === 'constant' ? c.value : c.type)), [true, false, null]);
  });

  it('reads calls with positional, keyword, *args and **kwargs arguments, dotted callees and spans', () => {
    const src = 'tf.keras.layers.LSTM(64, *rest, dropout=0.2, **extra)';
    const call = value(src);
    assert.equal(call.type, 'call');
    if (call.type !== 'call') return;
    assert.deepEqual(dottedName(call.callee), ['tf', 'keras', 'layers', 'LSTM']);
    assert.deepEqual(
      call.args.map((a) => a.type),
      ['number', 'other'],
    );
    assert.deepEqual(
      call.keywords.map((k) => [k.name, sourceText(src, k.value)]),
      [
        ['dropout', '0.2'],
        [undefined, 'extra'],
      ],
    );
    assert.equal(sourceText(src, call), src);
  });

  it('reads assignments: chained, tuple targets, annotated, augmented; statements on their own lines', () => {
    const statements = readPython(['a = b = 1', 'x, (y, z) = f()', 'n: int = 5', 'n += 1', 'obj.attr = 2', 'model.fit(x,', '  epochs=3)'].join('\n'));
    assert.deepEqual(
      statements.map((s) => [s.type, s.type === 'assign' ? s.targets : [], s.line]),
      [
        ['assign', ['a', 'b'], 0],
        ['assign', ['x', 'y', 'z'], 1],
        ['assign', ['n'], 2],
        ['assign', ['n'], 3],
        ['assign', [], 4],
        ['expression', [], 5],
      ],
    );
    // `n += 1` has no value the reader can know.
    assert.equal(statements[3].value.type, 'other');
  });

  it('keeps subscripts, comprehensions, dicts, lambdas and conditions as other, quoting them whole', () => {
    const src = 'f(a[0], [x for x in y], {1: 2}, lambda q: q + 1, 1 if c else 2, not d, len(w) + 1)';
    const call = value(src);
    if (call.type !== 'call') assert.fail('not a call');
    assert.deepEqual(
      call.args.map((a) => [a.type, sourceText(src, a)]),
      [
        ['other', 'a[0]'],
        ['other', '[x for x in y]'],
        ['other', '{1: 2}'],
        ['other', 'lambda q: q + 1'],
        ['other', '1 if c else 2'],
        ['other', 'not d'],
        ['binary', 'len(w) + 1'],
      ],
    );
  });

  it('skips block openers, imports and lines it cannot read, and reads the statements inside blocks', () => {
    const src = ['import tensorflow as tf', 'def build(n):', '    m = Model(n)', '    return m', 'if x: y = 1', 'class A:', '  pass', 'x = $oops', 'ok = 1'].join('\n');
    // `return m` reads as its expression.
    assert.deepEqual(
      readPython(src).map((s) => sourceText(src, s)),
      ['m = Model(n)', 'm', 'ok = 1'],
    );
  });
});
