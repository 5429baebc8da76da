import * as assert from 'node:assert/strict';
import { extractConcepts } from '../../../src/core/concepts';

const article = [
  '# 神经网络简介', //                                      0
  '',
  '神经网络的普遍性体现在：',
  '',
  '```mermaid', //                                           4
  'graph TB',
  '    A[神经网络的普遍性] --> B[适用于多种任务]',
  '```', //                                                  7
  '',
  '## 损失函数 $L(\\theta)$', //                             9
  '',
  '其中 $Z_l$ 表示第 l 层的输出，', //                       11
  '$w_{li}$ 是权重。价格是 $5 and $10，环境变量 `$HOME` 不是公式。',
  '',
  '$$', //                                                   14
  '\\hat{y} = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{否则} \\end{cases}',
  '$$', //                                                   16
  '',
  '```bash', //                                              18
  'echo "$HOME costs $5 $x$"',
  '$$',
  '```',
  '',
  '### 程序', //                                             23
  '',
  '$$程序流程 = [step_1, step_2, ..., step_n]$$', //         25
  '',
  '结果为 $执行结果$，display $$\\sum_{i=1}^{n} x_i$$ 在句中。', // 27
  '',
  '| 符号 | 含义 |',
  '| --- | --- |',
  '| $\\sigma$ | 激活函数 |', //                              31
  '',
  '```mermaid', //                                           33
  'sequenceDiagram',
  '    用户->>模型: 输入',
  '```',
].join('\n');

describe('extractConcepts', () => {
  const concepts = extractConcepts(article);

  it('lists every diagram and formula in document order with its lines', () => {
    assert.deepEqual(
      concepts.map((c) => [c.kind, c.startLine, c.endLine]),
      [
        ['mermaid', 4, 7],
        ['inlineMath', 9, 9],
        ['inlineMath', 11, 11],
        ['inlineMath', 12, 12],
        ['displayMath', 14, 16],
        ['displayMath', 25, 25],
        ['inlineMath', 27, 27],
        ['displayMath', 27, 27],
        ['inlineMath', 31, 31],
        ['mermaid', 33, 36],
      ],
    );
  });

  it('keeps the sources as written, Chinese included', () => {
    assert.equal(concepts[0].source, 'graph TB\n    A[神经网络的普遍性] --> B[适用于多种任务]');
    assert.equal(concepts[1].source, 'L(\\theta)');
    assert.equal(concepts[2].source, 'Z_l');
    assert.equal(concepts[3].source, 'w_{li}');
    assert.match(concepts[4].source, /^\\hat\{y\} = \\begin\{cases\}.*\\text\{否则\} \\end\{cases\}$/);
    assert.equal(concepts[5].source, '程序流程 = [step_1, step_2, ..., step_n]');
    assert.equal(concepts[6].source, '执行结果');
    assert.equal(concepts[7].source, '\\sum_{i=1}^{n} x_i');
    assert.equal(concepts[8].source, '\\sigma');
    assert.equal(concepts[9].source, 'sequenceDiagram\n    用户->>模型: 输入');
  });

  it('files each concept under the heading above it, Chinese headings as plain text', () => {
    assert.deepEqual(
      concepts.map((c) => c.heading?.text),
      ['神经网络简介', '损失函数 L(\\theta)', '损失函数 L(\\theta)', '损失函数 L(\\theta)', '损失函数 L(\\theta)', '程序', '程序', '程序', '程序', '程序'],
    );
    assert.deepEqual(concepts[0].heading, { text: '神经网络简介', level: 1, line: 0 });
    assert.deepEqual(concepts[5].heading, { text: '程序', level: 3, line: 23 });
  });

  it('does not take prices, shell variables, code spans or code fences for formulas', () => {
    const sources = concepts.map((c) => c.source);
    for (const notMath of ['5 and ', 'HOME', 'x', 'HOME costs ']) assert.ok(!sources.includes(notMath), notMath);
    assert.ok(!concepts.some((c) => c.startLine >= 18 && c.startLine <= 21), 'nothing from the bash fence');
    assert.deepEqual(extractConcepts('It costs $5 and $10.\n\nUse `$x$` and:\n\n```\n$$\na\n$$\n```\n'), []);
  });

  it('gives the same id to an unchanged concept after an edit elsewhere, and distinct ids to repeats', () => {
    const edited = extractConcepts(article.replace('神经网络的普遍性体现在：', '神经网络的普遍性体现在这里：\n\n新的一段。'));
    assert.equal(edited.length, concepts.length);
    assert.deepEqual(edited.map((c) => c.id), concepts.map((c) => c.id));
    assert.equal(edited[1].startLine, concepts[1].startLine + 2, 'lines follow the edit');
    const twice = extractConcepts('$a$ and $a$ and $b$');
    assert.equal(new Set(twice.map((c) => c.id)).size, 3);
    assert.equal(twice[0].source, twice[1].source);
  });

  it('counts lines inside multi-line paragraphs, blockquotes and formulas that wrap', () => {
    const found = extractConcepts(['> 引用 $q$', '> 第二行 $$r$$', '', 'line one', 'line two $a', 'b$ then $c$', '', '```math', 'E = mc^2', '```'].join('\n'));
    assert.deepEqual(
      found.map((c) => [c.kind, c.source, c.startLine, c.endLine]),
      [
        ['inlineMath', 'q', 0, 0],
        ['displayMath', 'r', 1, 1],
        ['inlineMath', 'a\nb', 4, 5],
        ['inlineMath', 'c', 5, 5],
        ['displayMath', 'E = mc^2', 7, 9],
      ],
    );
  });

  it('finds diagrams nested in lists and ~~~ fences, whatever the case of the language', () => {
    const found = extractConcepts(['- 一项', '', '  ```Mermaid', '  graph LR', '  A-->B', '  ```', '', '~~~mermaid', 'pie', '~~~'].join('\n'));
    assert.deepEqual(found.map((c) => [c.kind, c.startLine, c.endLine, c.source]), [
      ['mermaid', 2, 5, 'graph LR\nA-->B'],
      ['mermaid', 7, 9, 'pie'],
    ]);
    assert.equal(found[0].heading, undefined);
  });

  it('lists no formula when math is switched off', () => {
    const found = extractConcepts(article, { math: false });
    assert.deepEqual(found.map((c) => c.kind), ['mermaid', 'mermaid']);
  });

  it('marks inline formulas of one symbol ($l$, $\\sigma$), which the view keeps behind a toggle, and no other', () => {
    const found = extractConcepts('第 $l$ 层的 $i$ 个 $\\sigma$、$Z_l$、$w_{li}$、$\\hat{y}$ 和 $x + 1$。\n\n$$\nx\n$$\n');
    assert.deepEqual(
      found.map((c) => [c.source, c.oneSymbol]),
      [
        ['l', true],
        ['i', true],
        ['\\sigma', true],
        ['Z_l', false],
        ['w_{li}', false],
        ['\\hat{y}', false],
        ['x + 1', false],
        ['x', false],
      ],
    );
  });
});
