// A long, deterministic article shaped like the ones Neural Lens is for: Chinese prose and headings,
// inline and display formulas (cases, fractions, sums, Chinese inside math), Mermaid flowcharts,
// sequence and class diagrams with Chinese labels, and dollar signs that are not math.

export interface ArticleShape {
  sections: number;
}

const topics = ['感知机', '激活函数', '反向传播', '损失函数', '卷积网络', '循环网络', '注意力机制', '正则化'];

export function diagram(i: number): string {
  switch (i % 4) {
    case 0:
      return [
        'graph TB',
        `    A${i}[神经网络的普遍性 ${i}] --> B${i}[适用于多种任务]`,
        `    B${i} --> C${i}{是否可微}`,
        `    C${i} -->|是| D${i}[梯度下降]`,
        `    C${i} -->|否| E${i}[进化策略]`,
        `    D${i} --> F${i}((收敛))`,
      ].join('\n');
    case 1:
      return [
        'graph LR',
        `    X${i}[输入层] --> H${i}1[隐藏层 1]`,
        `    H${i}1 --> H${i}2[隐藏层 2]`,
        `    H${i}2 --> Y${i}[输出层 ŷ]`,
        `    Y${i} -.-> L${i}[损失 ${i}]`,
      ].join('\n');
    case 2:
      return [
        'sequenceDiagram',
        '    participant 用户',
        '    participant 模型',
        `    用户->>模型: 输入文本 ${i}`,
        '    模型-->>用户: 情感标签',
        '    Note over 用户,模型: 前向传播',
      ].join('\n');
    default:
      return [
        'classDiagram',
        `    class Layer${i} {`,
        '        +int units',
        '        +forward(x)',
        '    }',
        `    class Dense${i}`,
        `    Layer${i} <|-- Dense${i}`,
        `    Layer${i} : +激活函数 sigma`,
      ].join('\n');
  }
}

function section(i: number): string {
  const topic = topics[i % topics.length];
  return [
    `## 第 ${i + 1} 节：${topic}`,
    '',
    `在第 ${i + 1} 层，$Z_{${i}}$ 表示输出，$w_{${i}j}$ 是权重，$b_{${i}}$ 是偏置，激活为 $\\sigma(Z_{${i}})$。`,
    `这台 GPU 的价格是 $5 and $10 之间的某个数（不是公式），环境变量 \`$HOME\` 也不是。`,
    '',
    '$$',
    `\\hat{y}_{${i}} = \\begin{cases} \\frac{1}{1+e^{-x_{${i}}}} & x_{${i}} \\ge 0 \\\\ 0 & \\text{否则} \\end{cases}`,
    '$$',
    '',
    `交叉熵损失 $L_{${i}} = -\\sum_{k=1}^{n} y_k \\log \\hat{y}_k$，学习率 $\\eta_{${i}} = 10^{-${(i % 4) + 2}}$，步数 $t = ${i * 10}$。`,
    '',
    '```mermaid',
    diagram(i),
    '```',
    '',
    `- 梯度：$\\frac{\\partial L_{${i}}}{\\partial w_{${i}j}}$`,
    `- 中文公式：$执行结果_{${i}}$`,
    '',
    `$$程序流程_{${i}} = [step_1, step_2, ..., step_{${i + 2}}]$$`,
    '',
    '```bash',
    `echo "$HOME costs $${i}"`,
    '```',
    '',
  ].join('\n');
}

/** Per section: 1 diagram, 11 formulas (9 inline, 2 display). */
/** `count` sections of a heading, a sentence and a diagram: an article whose cost is all in its diagrams. */
export function generateDiagramArticle(count: number): string {
  return Array.from({ length: count }, (_, i) => `## 第 ${i + 1} 节\n\n${topics[i % topics.length]}的结构如下图。\n\n\`\`\`mermaid\n${diagram(i)}\n\`\`\`\n`).join('\n');
}

export function generateArticle(shape: ArticleShape): string {
  const parts = ['# 神经网络的普遍性：一篇长文', '', '本文用于基准测试：图表、公式与中文。', ''];
  for (let i = 0; i < shape.sections; i++) parts.push(section(i));
  return parts.join('\n');
}

/** The wide `graph TB` of three small trees side by side (natural width about 1,266 px), as in issue 13. */
export const THREE_TREES = [
  'graph TB',
  '    A[神经网络] --> A1[感知机]',
  '    A --> A2[多层感知机]',
  '    A --> A3[卷积网络]',
  '    B[训练] --> B1[前向传播]',
  '    B --> B2[反向传播 Backprop]',
  '    C[应用] --> C1[图像分类]',
  '    C --> C2[情感分析]',
].join('\n');

/** A formula by number: every fifth a display formula (its own block), the others inline. */
function formula(n: number): { display: boolean; tex: string } {
  const i = n % 7;
  if (n % 5 === 4) return { display: true, tex: `\\hat{y}_{${n}} = \\begin{cases} \\frac{1}{1+e^{-x_{${n}}}} & x_{${n}} \\ge 0 \\\\ 0 & \\text{否则} \\end{cases}` };
  return {
    display: false,
    tex: [`Z_{${n}}`, `w_{${n}j}`, `\\sigma(Z_{${n}})`, `L_{${n}} = -\\sum_{k=1}^{n} y_k \\log \\hat{y}_k`, `\\eta_{${n}} = 10^{-${i + 2}}`, `\\frac{\\partial L_{${n}}}{\\partial w_{${n}j}}`, `执行结果_{${n}}`][i],
  };
}

/**
 * An article of exactly `diagrams.length` diagrams and `formulas` formulas, spread over one section per diagram,
 * as a reader's article is: headings, Chinese prose with inline formulas, display formulas, a diagram each. It
 * begins with a paragraph holding the word `probe` (edits go at its end) and ends with the heading END-OF-ARTICLE (its id
 * `end-of-article` in both previews says the whole text is on the page).
 */
export function generateSizedArticle(diagrams: string[], formulas: number): string {
  const parts = ['# 神经网络的普遍性', '', '第一段：本文的 probe 段落，编辑从这里开始。', ''];
  let next = 0;
  for (let s = 0; s < diagrams.length; s++) {
    const upTo = Math.round((formulas * (s + 1)) / diagrams.length);
    parts.push(`## 第 ${s + 1} 节：${topics[s % topics.length]}`, '');
    let sentence: string[] = [];
    const flush = () => {
      if (sentence.length > 0) parts.push(`在这一层，${sentence.join('，')}。`, '');
      sentence = [];
    };
    for (; next < upTo; next++) {
      const f = formula(next);
      if (f.display) {
        flush();
        parts.push('$$', f.tex, '$$', '');
      } else sentence.push(`$${f.tex}$ 是第 ${next + 1} 个量`);
    }
    flush();
    parts.push('```mermaid', diagrams[s], '```', '', '图后的段落。', '');
  }
  parts.push('## END-OF-ARTICLE', '', '文末。', '');
  return parts.join('\n');
}
