import * as assert from 'node:assert/strict';
import { hasScope, lineScopes, scopesOf, tokenize } from './tokenize';

const EMBEDDED = 'meta.embedded.block.mermaid';

describe('mermaid injection grammar (markdown.neuralLens.mermaid)', () => {
  it('highlights a flowchart with Chinese labels: keywords, arrows, node and edge labels, comments', async () => {
    const doc = [
      '```mermaid',
      '%% 神经网络的结构',
      'graph TB',
      '    A[神经网络的普遍性] --> B[适用于多种任务]',
      '    B -- 是 --> C((输出层)) & D{判断}',
      '    C -.->|反向传播| D:::hot',
      '    D ==> E([结束])',
      '    classDef hot fill:#f96,stroke:#333',
      '```',
      'Plain text after graph TB.',
    ].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(hasScope(scopesOf(tokens, 0, 'mermaid'), 'fenced_code.block.language.markdown'));
    assert.ok(hasScope(scopesOf(tokens, 1, '神经网络的结构'), 'comment.line.percentage.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 2, 'graph'), 'keyword.control.diagram.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 2, 'TB'), 'constant.language.direction.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, 'A'), 'variable.other.node.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, '神经网络的普遍性'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, '-->'), 'keyword.operator.arrow.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, '适用于多种任务'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 4, '是'), 'string.unquoted.label.mermaid'), 'text on a link');
    assert.ok(hasScope(scopesOf(tokens, 4, '输出层'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 4, '判断'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 5, '-.->'), 'keyword.operator.arrow.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 5, '反向传播'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 5, 'hot'), 'entity.name.type.class.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 6, '==>'), 'keyword.operator.arrow.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 6, '结束'), 'string.unquoted.label.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 7, 'classDef'), 'keyword.other.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 7, 'fill'), 'support.type.property-name.mermaid'));
    for (let line = 1; line <= 7; line++) assert.ok(lineScopes(tokens, line).has(EMBEDDED), `line ${line} is embedded Mermaid`);
    assert.ok(hasScope(scopesOf(tokens, 8, '```'), 'punctuation.definition.markdown'));
    assert.ok(!lineScopes(tokens, 8).has(EMBEDDED), 'the closing fence is not Mermaid');
    assert.ok(!lineScopes(tokens, 9).has(EMBEDDED), 'the fence closed');
    assert.ok(!lineScopes(tokens, 9).has('keyword.control.diagram.mermaid'), 'outside a fence graph TB is text');
  });

  it('highlights sequence and class diagrams', async () => {
    const doc = [
      '~~~mermaid',
      'sequenceDiagram',
      '    participant U as 用户',
      '    U->>M: 输入文本',
      '    M-->>U: 情感标签',
      '~~~',
      '',
      '```mermaid',
      'classDiagram',
      '    Layer <|-- Dense',
      '    Layer : +int units',
      '```',
    ].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(hasScope(scopesOf(tokens, 1, 'sequenceDiagram'), 'keyword.control.diagram.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 2, 'participant'), 'keyword.other.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, '->>'), 'keyword.operator.arrow.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 3, '输入文本'), 'string.unquoted.message.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 4, '-->>'), 'keyword.operator.arrow.mermaid'));
    assert.ok(!lineScopes(tokens, 6).has(EMBEDDED), 'the ~~~ fence closed');
    assert.ok(hasScope(scopesOf(tokens, 8, 'classDiagram'), 'keyword.control.diagram.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 9, '<|--'), 'keyword.operator.arrow.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 10, 'units'), 'string.unquoted.message.mermaid'));
  });

  it('leaves other fences alone and keeps math out of diagrams', async () => {
    const doc = ['```js', 'graph --> x', '```', '', '```mermaid', 'graph LR', '    A[$x$ 价格 $5] --> B', '```'].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(!lineScopes(tokens, 1).has(EMBEDDED));
    assert.ok(!lineScopes(tokens, 1).has('keyword.operator.arrow.mermaid'));
    const diagramLine = [...lineScopes(tokens, 6)];
    assert.ok(diagramLine.includes(EMBEDDED));
    assert.ok(!diagramLine.some((s) => s.startsWith('markup.math')), diagramLine.join(' '));
  });

  it('is not fooled by a mermaid fence inside a longer fence', async () => {
    const doc = ['````markdown', '```mermaid', 'graph TB', '```', '````', 'text'].join('\n');
    const tokens = await tokenize(doc);
    assert.ok(!lineScopes(tokens, 2).has('keyword.control.diagram.mermaid'));
    assert.ok(hasScope(scopesOf(tokens, 5, 'text'), 'meta.paragraph.markdown'));
  });
});
