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
