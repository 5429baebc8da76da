import * as assert from 'node:assert/strict';
import { createMarkdown, defaultStrings, isMermaidFence } from '../../../../src/core/markdown/parser';
import { KATEX_CACHE_BYTES, clearKatexCache, katexCacheStats } from '../../../../src/core/markdown/katexRender';
import { contentHash } from '../../../../src/core/markdown/hash';
import { captureConsole, count, fixture, sample } from './helpers';

const render = (text: string, options: Partial<Parameters<typeof createMarkdown>[0]> = {}, env = {}) =>
  createMarkdown({ math: true, allowHtml: false, ...options }).render(text, env);

/** Number of typeset formulas: KaTeX wraps each one in exactly one <span class="katex">. */
const formulas = (html: string) => count(html, '<span class="katex">');

describe('markdown renderer', () => {
  describe('the sample article', () => {
    const article = sample('article.md');

    it('typesets every one of its 20 formulas and draws a placeholder for each of its 5 diagrams, with no error', () => {
      const { result: html, printed } = captureConsole(() => render(article));
      assert.equal(formulas(html), 20);
      assert.equal(count(html, 'class="nl-mermaid code-line"'), 5);
      assert.equal(count(html, 'nl-error'), 0, 'no error box on valid input');
      assert.deepEqual(printed, [], 'KaTeX printed warnings');
    });

    it('keeps each diagram source intact (Chinese labels included) for the webview to draw', () => {
      const html = render(article);
      for (const kind of ['graph TB', 'graph LR', 'flowchart TD', 'sequenceDiagram', 'classDiagram']) {
        assert.ok(html.includes(`<pre class="nl-mermaid-source">${kind}`), `no ${kind} placeholder`);
      }
      assert.ok(html.includes('A[神经网络的普遍性] --&gt; B[适用于多种任务]'));
    });

    it('renders the ordinary Markdown: headings, table, highlighted code, relative image, links', () => {
      const html = render(article, {}, { resolveResource: (href: string) => `https://webview.invalid/${href}` });
      assert.equal(count(html, /<h[1-6] /), 8);
      assert.match(html, /<table data-line="\d+" class="code-line">/);
      assert.equal(count(html, '<tr'), 4);
      assert.match(html, /<pre class="hljs code-line" data-line="\d+"><code class="language-python"><span class="hljs-keyword">from<\/span>/);
      assert.ok(html.includes('<img src="https://webview.invalid/images/neuron.svg" alt="一个神经元的结构" loading="lazy">'));
      assert.ok(html.includes('<a href="https://keras.io/api/layers/recurrent_layers/lstm/">'));
    });
  });

  describe('dollar signs', () => {
    it('leaves prices, shell variables, code spans and code blocks alone', () => {
      const html = render('Costs $5 and $10 per hour.\n\nUse $HOME and $PATH here.\n\nCode `$x$` and `echo $HOME`.\n\n```\necho "$a$ costs $5"\n```\n');
      assert.equal(formulas(html), 0);
      assert.ok(html.includes('Costs $5 and $10 per hour.'));
      assert.ok(html.includes('Use $HOME and $PATH here.'));
      assert.ok(html.includes('<code>$x$</code>'));
      assert.ok(html.includes('echo &quot;$a$ costs $5&quot;'));
    });

    it('reads an escaped dollar as a dollar', () => {
      const html = render('It costs \\$5, and $x$ is math.');
      assert.equal(formulas(html), 1);
      assert.ok(html.includes('It costs $5, and'));
    });

    it('typesets inline math beside Chinese text, and $$…$$ on its own line as a display formula', () => {
      const html = render('设$Z_l$为第$l$层的输出\n\n$$\ne^{-x}\n$$\n');
      assert.equal(formulas(html), 3);
      assert.equal(count(html, 'class="katex-display"'), 1);
    });

    it('leaves math as text when math is switched off', () => {
      const html = render('$x$ and\n\n$$y$$\n', { math: false });
      assert.equal(formulas(html), 0);
      assert.ok(html.includes('$x$ and'));
    });
  });

  describe('Chinese inside math', () => {
    it('renders $$程序流程 = […]$$ and $执行结果$ with no error and no console warning', () => {
      const { result: html, printed } = captureConsole(() => render('$$程序流程 = [step_1, step_2, ..., step_n]$$\n\n得到 $执行结果$。\n'));
      assert.equal(formulas(html), 2);
      assert.equal(count(html, 'nl-error'), 0);
      assert.deepEqual(printed, []);
      assert.ok(html.includes('程序流程'));
      assert.ok(html.includes('执行结果'));
    });
  });

  describe('formulas the article needs', () => {
    for (const latex of ['\\begin{cases} x, & x > 0 \\\\ 0, & x \\le 0 \\end{cases}', '\\frac{1}{1 + e^{-x}}', '\\sum_{i=1}^{n} w_{li} x_i', '\\sigma(\\hat{y})', '\\log \\hat{y}_i']) {
      it(`typesets ${latex}`, () => {
        const html = render(`$$\n${latex}\n$$\n`);
        assert.equal(formulas(html), 1);
        assert.equal(count(html, 'nl-error'), 0);
      });
    }

    it('applies KaTeX macros from the settings', () => {
      const html = render('$\\RR$', { katexMacros: { '\\RR': '\\mathbb{R}' } });
      assert.equal(count(html, 'nl-error'), 0);
      assert.ok(html.includes('mathbb'), 'the macro expanded to \\mathbb{R}');
    });
  });

  describe('errors in place', () => {
    it('shows each broken formula at its block with the message and the source line, and renders the rest', () => {
      const text = fixture('invalid.md');
      const html = render(text);
      const lines = text.split('\n');
      const brokenBlock = lines.indexOf('\\frac{1}{') - 1; // the $$ line that opens it
      const brokenInline = lines.findIndex((l) => l.includes('$\\sqrt{x$'));
      assert.equal(count(html, 'class="nl-error nl-math-error"'), 2);
      assert.ok(html.includes(`<div class="nl-error nl-math-error" role="alert" data-line="${brokenBlock}"><div class="nl-error-message">Formula error (line ${brokenBlock + 1}): KaTeX parse error:`));
      assert.match(html, new RegExp(`<span class="nl-error nl-math-error" role="alert" data-line="${brokenInline}" title="\\\\sqrt\\{x">Formula error \\(line ${brokenInline + 1}\\): KaTeX parse error`));
      assert.ok(html.includes('<pre class="nl-error-source">\\frac{1}{\n</pre>'), 'the broken source is shown');
      // The valid formulas around them still render: a^2+b^2=c^2, sigma(x) and the display y-hat.
      assert.equal(formulas(html), 3);
      assert.ok(html.includes('The last paragraph still renders.'));
    });

    it('uses the localised labels it is given', () => {
      const html = render('$\\frac{$', { strings: { ...defaultStrings, formulaError: '公式错误', line: (n) => `第 ${n + 1} 行` } });
      assert.ok(html.includes('公式错误 (第 1 行): KaTeX parse error'));
    });
  });

  describe('source lines', () => {
    it('puts data-line (0-based) and class code-line on every block', () => {
      const html = render('# Title\n\nA paragraph\nover two lines.\n\n- one\n- two\n\n$$\nx\n$$\n\n```js\nlet a;\n```\n\n> quote\n');
      // Headings also carry their id (the slug VS Code's preview gives them: parity.test.ts).
      assert.match(html, /<h1 id="title" data-line="0" class="code-line">Title<\/h1>/);
      assert.match(html, /<p data-line="2" class="code-line">A paragraph/);
      assert.match(html, /<ul data-line="5" class="code-line">\s*<li data-line="5" class="code-line">one<\/li>\s*<li data-line="6" class="code-line">two/);
      assert.match(html, /<div class="nl-math code-line" data-line="8">/);
      assert.match(html, /<pre class="hljs code-line" data-line="12"><code class="language-js">/);
      assert.match(html, /<blockquote data-line="16" class="code-line">/);
    });

    it('puts the fence line and a content hash on diagram placeholders', () => {
      const source = 'graph LR\n  A[输入] --> B[输出]\n';
      const html = render(`text\n\n\`\`\`mermaid\n${source}\`\`\`\n`);
      assert.ok(html.includes(`<div class="nl-mermaid code-line" data-line="2" data-hash="${contentHash(source)}">`));
    });

    it('parses without rendering for callers that only list diagrams and formulas', () => {
      const tokens = createMarkdown({ math: true, allowHtml: false }).parse(sample('article.md'), {});
      assert.equal(tokens.filter(isMermaidFence).length, 5);
      assert.equal(tokens.filter((t) => t.type === 'math_block').length, 5);
    });
  });

  describe('formula size', () => {
    it('typesets no formula over the limit (5 MB ran 170 s on the host thread): an error box in its place, the rest renders', () => {
      const formula = 'x + '.repeat(15_000); // 60,000 characters
      const started = performance.now();
      const html = render(`Before $x$.\n\n$$\n${formula}\n$$\n\nAnd inline $${formula.trim()}$ too.\n`, { maxFormulaSize: 10_000 });
      assert.ok(performance.now() - started < 1000, `${(performance.now() - started).toFixed(0)} ms`);
      assert.equal(formulas(html), 1); // $x$
      assert.match(html, /<div class="nl-error nl-math-error" role="alert" data-line="2"><div class="nl-error-message">Formula error \(line 3\): The formula has 600\d\d characters; the limit is 10000 \(setting neuralLens\.preview\.maxFormulaSize\)\.<\/div><pre class="nl-error-source">(x \+ ){50}…<\/pre><\/div>/);
      assert.match(html, /<span class="nl-error nl-math-error" role="alert" data-line="6" title="(x \+ ){50}…">Formula error \(line 7\): The formula has 59999 characters/);
      // Only the beginning of the source goes to the page: it must not carry megabytes either.
      assert.ok(html.length < 5_000, `${html.length} characters of HTML`);
    });

    it('says it in the language it is given, and typesets a formula at the limit', () => {
      const html = render('$a+b+c$', { maxFormulaSize: 4, strings: { ...defaultStrings, formulaError: '公式错误', line: (n) => `第 ${n + 1} 行`, formulaTooLarge: '公式有 {0} 个字符，上限为 {1}。' } });
      assert.ok(html.includes('公式错误 (第 1 行): 公式有 5 个字符，上限为 4。'));
      assert.equal(formulas(render('$a+b$', { maxFormulaSize: 3 })), 1);
    });
  });

  describe('the KaTeX cache', () => {
    it('is bounded by bytes, not only by entries (600 edits of a 10 KB formula held 3.7 GB)', () => {
      clearKatexCache();
      for (let i = 0; i < 40; i++) render(`$$\n${'x_{1} + '.repeat(600)}${i}\n$$\n`);
      const stats = katexCacheStats();
      assert.ok(stats.bytes <= KATEX_CACHE_BYTES, `${stats.bytes} bytes cached`);
      assert.ok(stats.size < 40, `${stats.size} entries kept`);
      assert.ok(stats.size >= 1);
    });

    it('renders a repeated formula once', () => {
      clearKatexCache();
      render('$a+b$ and $a+b$ and $a+b$ and $c$');
      const stats = katexCacheStats();
      assert.equal(stats.misses, 2);
      assert.equal(stats.hits, 2);
    });

    it('keys the cache by macros, so changing a macro changes the output', () => {
      const a = render('$\\V$', { katexMacros: { '\\V': 'a' } });
      const b = render('$\\V$', { katexMacros: { '\\V': 'b' } });
      assert.notEqual(a, b);
    });
  });

  describe('hostile input', () => {
    const html = render(fixture('hostile.md'));

    it('shows raw HTML as text when allowHtml is off (the default)', () => {
      assert.equal(count(html, '<script'), 0);
      assert.equal(count(html, '<img'), 0);
      assert.equal(count(html, '<svg'), 0);
      assert.equal(count(html, '<iframe'), 0);
      assert.ok(html.includes('&lt;script&gt;window.__pwned'));
    });

    it('makes no javascript: or data: link', () => {
      assert.doesNotMatch(html, /href\s*=\s*["']?\s*(javascript|data|vbscript):/i);
      assert.equal(count(html, '<a '), 0);
    });

    it('keeps \\href, \\url, \\htmlId and \\includegraphics inert (KaTeX without trust)', () => {
      assert.doesNotMatch(html, /<a |id="pwn"|<img/);
      assert.ok(html.includes('\\href'), 'the untrusted command is shown as text');
    });

    it('passes raw HTML through only when allowHtml is on (the webview sanitises it with DOMPurify)', () => {
      const on = render('<b>bold</b>\n', { allowHtml: true });
      assert.ok(on.includes('<b>bold</b>'));
      const off = render('<b>bold</b>\n');
      assert.ok(off.includes('&lt;b&gt;bold&lt;/b&gt;'));
    });
  });
});
