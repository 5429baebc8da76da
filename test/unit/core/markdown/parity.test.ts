// What VS Code's built-in preview and GitHub render beyond markdown-it itself (src/core/markdown/markdownParity.ts):
// heading ids with the built-in preview's slugs, front matter, footnotes, task lists, alerts, `\(…\)` / `\[…\]`.
import * as assert from 'node:assert/strict';
import { IncrementalRenderer } from '../../../../src/core/markdown/blocks';
import { createMarkdown, defaultStrings, type MarkdownOptions } from '../../../../src/core/markdown/parser';
import { extractConcepts } from '../../../../src/core/concepts';
import { count } from './helpers';

const render = (text: string, options: Partial<MarkdownOptions> = {}) => createMarkdown({ math: true, mathBrackets: true, allowHtml: false, ...options }).render(text);
const ids = (html: string) => [...html.matchAll(/<h\d id="([^"]*)"/g)].map((m) => m[1]);

describe('Markdown as the built-in preview renders it', () => {
  describe('heading ids', () => {
    it("are the slugs VS Code's preview gives: CJK kept, punctuation (full-width too) dropped, spaces to hyphens, repeats numbered", () => {
      // Expected: VS Code's githubSlugifier (extensions/markdown-language-features/src/slugify.ts) on the heading's
      // text as its engine reads it (text, code and emoji only; formulas are not text there).
      const cases: [string, string][] = [
        ['1. 为什么是神经网络？', '1-为什么是神经网络'],
        ['神经网络入门：从感知机到 LSTM（Neural Networks, from the Perceptron to the LSTM）', '神经网络入门从感知机到-lstmneural-networks-from-the-perceptron-to-the-lstm'],
        ['Hello, World! (v2.0)', 'hello-world-v20'],
        ['4.1 代码', '41-代码'],
        ['C++ & C# — 比较', 'c--c--比较'],
        ['`code` 与 $x^2$', 'code-与'],
        ['🚀 Launch', '-launch'],
        ['![图](a.png) 图片 *强调*', '图-图片-强调'],
        ['Intro', 'intro'],
        ['Intro', 'intro-1'],
        ['Intro-1', 'intro-1-1'],
      ];
      assert.deepEqual(ids(render(cases.map(([h]) => `## ${h}`).join('\n\n'))), cases.map(([, id]) => id));
    });

    it('make [x](#section) links and tables of contents land on their heading', () => {
      const html = render('- [为什么](#1-为什么是神经网络)\n- [Hello](#hello-world-v20)\n\n## 1. 为什么是神经网络？\n\n## Hello, World! (v2.0)\n');
      const targets = [...html.matchAll(/href="#([^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
      assert.deepEqual(targets, ids(html));
    });

    it('are part of a block’s key: a repeated heading added above renumbers the one below, which is sent again', () => {
      const renderer = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false }));
      renderer.update('## Setup\n\ntext\n');
      const next = renderer.update('## Setup\n\nnew\n\n## Setup\n\ntext\n');
      const headings = next.blocks.filter((b) => b.html?.startsWith('<h2'));
      assert.deepEqual(headings.map((b) => ids(b.html!)[0]), ['setup-1']);
    });
  });

  describe('front matter', () => {
    const article = '---\ntitle: 神经网络\ntags: [ml, 入门]\n---\n\n# Title\n';

    it('is hidden by default, and the lines after it keep their numbers', () => {
      const html = render(article);
      assert.ok(!html.includes('神经网络') && !html.includes('<hr') && !html.includes('<h2'), html);
      assert.match(html, /^<h1 id="title" data-line="5" class="code-line">Title<\/h1>/);
    });

    it('is a small table of its keys with the table setting, and says so when it is not YAML', () => {
      const html = render(article, { frontMatter: 'table' });
      assert.match(html, /<table class="nl-front-matter code-line" data-line="0"><tbody>\n<tr><th>title<\/th><td>神经网络<\/td><\/tr>\n<tr><th>tags<\/th><td>\[ml, 入门\]<\/td><\/tr>/);
      const broken = render('---\ntitle: [unclosed\n---\n\ntext\n', { frontMatter: 'table' });
      assert.match(broken, /<div class="nl-error nl-front-matter-error code-line" role="alert" data-line="0"><div class="nl-error-message">Front matter is not valid YAML: /);
      assert.ok(broken.includes('<pre class="nl-error-source">title: [unclosed</pre>'));
      assert.ok(render('---\nx: <script>alert(1)</script>\n---\n', { frontMatter: 'table' }).includes('&lt;script&gt;'), 'values are escaped');
    });
  });

  it('renders footnotes as references and a list at the end, without source lines in it (scroll sync needs them in order)', () => {
    const html = render('A claim[^1] and another[^note].\n\n[^1]: First.\n[^note]: Second, with $x$.\n\nLast paragraph.\n');
    assert.match(html, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
    assert.match(html, /<sup class="footnote-ref"><a href="#fn2" id="fnref2">\[2\]<\/a><\/sup>/);
    const list = html.slice(html.indexOf('<section class="footnotes">'));
    assert.match(list, /<li id="fn1" class="footnote-item"><p>First\. <a href="#fnref1" class="footnote-backref">/);
    assert.equal(count(list, 'class="katex"'), 1, 'a formula in a footnote');
    assert.ok(!list.includes('data-line'), list);
    const lines = [...html.matchAll(/data-line="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'source lines in document order');
  });

  it('sends the block of a footnote reference again when the footnotes are renumbered', () => {
    const renderer = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false }));
    renderer.update('Later[^b].\n\n[^a]: A.\n[^b]: B.\n');
    const next = renderer.update('First[^a].\n\nLater[^b].\n\n[^a]: A.\n[^b]: B.\n');
    const later = next.blocks.find((b) => b.line === 2);
    assert.ok(later?.html?.includes('[2]'), 'the reference is now number 2, and re-rendered');
  });

  it('renders task lists with read-only checkboxes', () => {
    const html = render('- [ ] todo\n- [x] done\n- plain\n');
    assert.match(html, /<ul class="contains-task-list code-line" data-line="0">/);
    assert.match(html, /<li class="task-list-item code-line" data-line="0"><input class="task-list-item-checkbox" disabled="" type="checkbox"> todo<\/li>/);
    assert.match(html, /<input class="task-list-item-checkbox" checked="" disabled="" type="checkbox"> done/);
    assert.match(html, /<li data-line="2" class="code-line">plain<\/li>/);
  });

  describe('GitHub alerts', () => {
    it('render > [!NOTE] … > [!CAUTION] with their titles, in any case, keeping their source line', () => {
      const kinds = ['NOTE', 'tip', 'Important', 'WARNING', 'CAUTION'];
      const html = render(kinds.map((k) => `> [!${k}]\n> About ${k}.`).join('\n\n'));
      for (const [i, kind] of ['note', 'tip', 'important', 'warning', 'caution'].entries()) {
        assert.match(html, new RegExp(`<div class="markdown-alert markdown-alert-${kind} code-line" data-line="${i * 3}"><p class="markdown-alert-title"><svg[^]*?</svg>${defaultStrings.alertTitles[kind as 'note']}</p>`));
      }
      assert.ok(!html.includes('[!'), 'no marker left');
    });

    it('take the titles they are given, and escape a custom title', () => {
      const html = render('> [!NOTE]\n> x\n\n> [!WARNING] <img src=x onerror=alert(1)>\n> y', { strings: { ...defaultStrings, alertTitles: { ...defaultStrings.alertTitles, note: '注意' } } });
      assert.ok(html.includes('</svg>注意</p>'));
      assert.ok(html.includes('</svg>&lt;img src=x onerror=alert(1)&gt;</p>'));
      assert.ok(!html.includes('<img'));
    });

    it('leave an ordinary blockquote alone', () => {
      assert.match(render('> just a quote'), /^<blockquote data-line="0" class="code-line">/);
    });
  });

  describe('\\( … \\) and \\[ … \\] formulas', () => {
    it('are typeset like $ … $ and $$ … $$ (the Concepts view lists them too), a numbered one with its tag', () => {
      const text = 'Inline \\(a^2 + b^2\\) and $c^2$.\n\n\\[\nE = mc^2\n\\]\n\n\\[ x = 1 \\] (3)\n';
      const html = render(text);
      assert.equal(count(html, 'class="katex"'), 4);
      assert.equal(count(html, '<div class="nl-math code-line" data-line="'), 2);
      assert.ok(html.includes('<span class="tag">'), 'the equation number');
      assert.deepEqual(
        extractConcepts(text).map((c) => [c.kind, c.source]),
        [
          ['inlineMath', 'a^2 + b^2'],
          ['inlineMath', 'c^2'],
          ['displayMath', 'E = mc^2'],
          ['displayMath', 'x = 1'],
        ],
      );
    });

    it('stay text with the setting off, or with math off', () => {
      for (const options of [{ mathBrackets: false }, { math: false }]) {
        const html = render('Inline \\(a^2\\) here.', options);
        assert.ok(!html.includes('katex') && html.includes('(a^2)'), html);
      }
      assert.deepEqual(extractConcepts('Inline \\(a^2\\) here.', { mathBrackets: false }), []);
    });
  });
});
