import * as assert from 'node:assert/strict';
import { hasScope, lineScopes, scopesOf, tokenize } from './tokenize';

const MATH = 'markup.math';

describe('math injection grammar (markdown.neuralLens.math)', () => {
  it('highlights inline math inside a Chinese sentence, with LaTeX scopes', async () => {
    const tokens = await tokenize('其中$Z_l$表示第 l 层的输出，$w_{li}$ 是权重。');
    assert.ok(hasScope(scopesOf(tokens, 0, 'Z'), 'markup.math.inline.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 0, 'Z'), 'meta.embedded.math.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 0, '_'), 'keyword.operator.script.latex'));
    assert.ok(hasScope(scopesOf(tokens, 0, 'li'), 'meta.embedded.math.markdown'));
    assert.ok(!hasScope(scopesOf(tokens, 0, '表示'), MATH), 'the text after the closing $ is not math');
    assert.ok(hasScope(scopesOf(tokens, 0, '表示'), 'meta.paragraph.markdown'));
  });

  it('highlights a multi-line display block: commands, environments, and ends at the closing $$', async () => {
    const doc = [
      '$$',
      '\\hat{y} = \\begin{cases} \\frac{1}{1+e^{-x}} & x \\ge 0 \\\\',
      '\\sum_{i=1}^{n} \\sigma(x_i) & \\text{否则}',
      '\\end{cases}',
      '$$',
      'After the block, **bold** text.',
    ].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(hasScope(scopesOf(tokens, 0, '$$'), 'punctuation.definition.math.begin.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 1, 'hat'), 'support.function.latex'));
    assert.ok(hasScope(scopesOf(tokens, 1, '\\begin'), 'keyword.control.environment.latex'));
    assert.ok(hasScope(scopesOf(tokens, 1, 'cases'), 'variable.parameter.environment.latex'));
    assert.ok(hasScope(scopesOf(tokens, 1, 'frac'), 'support.function.latex'));
    assert.ok(hasScope(scopesOf(tokens, 1, '&'), 'keyword.operator.alignment.latex'));
    assert.ok(hasScope(scopesOf(tokens, 1, '\\\\'), 'keyword.operator.linebreak.latex'));
    assert.ok(hasScope(scopesOf(tokens, 2, 'sum'), 'support.function.latex'));
    assert.ok(hasScope(scopesOf(tokens, 2, '否则'), 'meta.embedded.math.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 3, '\\end'), 'keyword.control.environment.latex'));
    assert.ok(hasScope(scopesOf(tokens, 4, '$$'), 'punctuation.definition.math.end.markdown'));
    assert.ok(!lineScopes(tokens, 5).has('markup.math.block.markdown'), 'the block ends at $$');
    assert.ok(hasScope(scopesOf(tokens, 5, 'bold'), 'markup.bold.markdown'));
  });

  it('highlights one-line display math with Chinese inside', async () => {
    const tokens = await tokenize('$$程序流程 = [step_1, step_2, ..., step_n]$$\n\n结果为 $执行结果$。');
    assert.ok(hasScope(scopesOf(tokens, 0, '程序流程'), 'meta.embedded.math.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 0, '='), 'keyword.operator.math.latex'));
    assert.ok(!lineScopes(tokens, 1).has('markup.math.block.markdown'), 'a one-line block closes on its own line');
    assert.ok(hasScope(scopesOf(tokens, 2, '执行结果'), 'markup.math.inline.markdown'));
  });

  it('highlights $$…$$ inside a sentence', async () => {
    const tokens = await tokenize('The loss $$L = -\\log p$$ is minimised.');
    assert.ok(hasScope(scopesOf(tokens, 0, 'log'), 'support.function.latex'));
    assert.ok(!hasScope(scopesOf(tokens, 0, 'minimised'), MATH));
  });

  it('leaves prices and shell variables alone', async () => {
    const doc = [
      'It costs $5 and $10 today.',
      'Between $5,$10 or so.',
      'Set $HOME and $PATH first.',
      'An escaped \\$x\\$ is text.',
      'A word$x$ glued to a word is text.',
    ].join('\n\n');
    const tokens = await tokenize(doc);
    for (let line = 0; line < 10; line += 2) {
      const scopes = [...lineScopes(tokens, line)];
      assert.ok(!scopes.some((s) => s.startsWith(MATH)), `line ${line} has no math: ${scopes.join(' ')}`);
    }
  });

  it('does not highlight math inside code spans, fenced code or indented code', async () => {
    const doc = [
      'Use `$x$` or `echo $HOME$` in a shell.',
      '',
      '```bash',
      'echo "$x$ costs $5"',
      '$$',
      '```',
      '',
      '    $y$ in indented code',
      '',
      'but $z$ here is math.',
    ].join('\n');
    const tokens = await tokenize(doc);
    for (const line of [0, 3, 4, 7]) {
      const scopes = [...lineScopes(tokens, line)];
      assert.ok(!scopes.some((s) => s.startsWith(MATH)), `line ${line} has no math: ${scopes.join(' ')}`);
    }
    assert.ok(hasScope(scopesOf(tokens, 0, '$x$'), 'markup.inline.raw.string.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 9, 'z'), 'markup.math.inline.markdown'), 'a $$ inside the fence did not open a block');
  });

  it('keeps the paragraph when a line starts with inline math', async () => {
    const tokens = await tokenize('$x$ starts the line and **strong** is bold.');
    assert.ok(hasScope(scopesOf(tokens, 0, 'x'), 'markup.math.inline.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 0, 'strong'), 'markup.bold.markdown'));
  });

  it('highlights math in headings, list items and table cells', async () => {
    const doc = ['## 损失函数 $L(\\theta)$', '', '- 权重 $w_{li}$', '', '| 符号 | 含义 |', '| --- | --- |', '| $Z_l$ | 输出 |'].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(hasScope(scopesOf(tokens, 0, 'theta'), 'support.function.latex'));
    assert.ok(hasScope(scopesOf(tokens, 0, 'theta'), 'markup.heading.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 2, 'li'), 'markup.math.inline.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 6, 'Z'), 'markup.math.inline.markdown'));
  });
});
