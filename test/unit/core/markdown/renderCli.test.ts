import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findDistDir } from '../../../../src/core/markdown/exportFiles';
import { run, titleOf } from '../../../../src/core/markdown/renderCli';
import { count, fixture, repoRoot } from './helpers';

/** Runs the subcommand with stdout/stderr captured. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await run(argv), out, err };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

describe('neural-lens render', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-render-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('explains its usage errors with exit code 2', async () => {
    assert.equal((await cli([])).code, 2);
    const noOut = await cli([path.join(repoRoot, 'samples/article.md')]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.err, /--out FILE\.html is required/);
    assert.equal((await cli(['a.md', '--out', 'b.html', '--theme', 'rainbow'])).code, 2);
    assert.equal((await cli(['a.md', '--bogus'])).code, 2);
  });

  it('renders as the panel does: front matter hidden or as a table, heading ids, footnotes, alerts, \\( \\) formulas', async () => {
    const article = path.join(dir, 'parity.md');
    fs.writeFileSync(article, '---\ntitle: 标题\n---\n\n# 1. 为什么？\n\nA note[^1] and \\(x^2\\).\n\n> [!TIP]\n> Try it.\n\n[^1]: The note.\n');
    const out = path.join(dir, 'parity.html');
    assert.equal((await cli([article, '--out', out])).code, 0);
    const html = fs.readFileSync(out, 'utf8');
    assert.ok(html.includes('<h1 id="1-为什么"'), 'heading id');
    assert.ok(!html.includes('标题'), 'front matter hidden');
    assert.ok(html.includes('<section class="footnotes">') && html.includes('markdown-alert-tip'));
    assert.equal(count(html, 'class="katex"'), 1);
    assert.equal((await cli([article, '--out', out, '--front-matter', 'table', '--no-math-brackets'])).code, 0);
    const table = fs.readFileSync(out, 'utf8');
    assert.ok(table.includes('<tr><th>title</th><td>标题</td></tr>'));
    assert.equal(count(table, 'class="katex"'), 0);
    const bad = await cli([article, '--out', out, '--front-matter', 'list']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--front-matter must be one of hide, table/);
  });

  it('names a missing article and exits 1', async () => {
    const r = await cli([path.join(dir, 'nope.md'), '--out', path.join(dir, 'x.html')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /nope\.md: no such file/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.html')));
  });

  it('does not put a file the article links to from outside its folder into the HTML (a symbolic link to /etc/passwd)', async () => {
    const article = path.join(dir, 'leak');
    fs.mkdirSync(article);
    fs.symlinkSync('/etc/passwd', path.join(article, 'x.png'));
    fs.writeFileSync(path.join(article, 'a.md'), '# Leak\n\n![x](x.png)\n\n![abs](/etc/hostname.png)\n');
    const out = path.join(article, 'a.html');
    const r = await cli([path.join(article, 'a.md'), '--out', out]);
    assert.equal(r.code, 0, r.err);
    const html = fs.readFileSync(out, 'utf8');
    assert.ok(!html.includes(fs.readFileSync('/etc/passwd').toString('base64').slice(0, 40)));
    assert.ok(html.includes('src="x.png"'), 'left as a link');
    assert.match(r.err, /warning: image "x\.png" is outside the article's folder/);
  });

  it('--allow-html without a Chromium to sanitise with says so, exits 1 and writes nothing', async () => {
    const out = path.join(dir, 'unsanitised.html');
    const source = path.join(dir, 'unsanitised.md');
    fs.writeFileSync(source, '# Raw\n\n<b onmouseover="x()">bold</b>\n');
    const r = await cli([source, '--out', out, '--allow-html', '--browser', path.join(dir, 'no-such-chromium')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot sanitise the raw HTML \(--allow-html\): (no Chromium at .*no-such-chromium|playwright-core is not installed)/);
    assert.ok(!fs.existsSync(out));
  });

  it('takes the title from the first heading', () => {
    assert.equal(titleOf('intro\n\n# 神经网络 #\n\n# second'), '神经网络');
    assert.equal(titleOf('no heading'), undefined);
  });

  describe('with headless Chromium', function () {
    this.timeout(180_000);
    const chromium = process.env.NEURAL_LENS_CHROMIUM ?? '/usr/bin/chromium';

    before(function () {
      if (!fs.existsSync(chromium)) {
        console.log(`    (skipped: no Chromium at ${chromium})`);
        this.skip();
      }
      if (!findDistDir(path.join(repoRoot, 'out/src/core/markdown'))) {
        console.log('    (skipped: dist/media/preview.js is not built; run npm run build)');
        this.skip();
      }
    });

    it('prints the article to PDF (--pdf) through the same page: diagrams, formulas and Chinese text on A4 pages', async () => {
      const out = path.join(dir, 'article.pdf');
      const r = await cli([path.join(repoRoot, 'samples/article.md'), '--pdf', '--out', out]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /article\.pdf: 5 diagram\(s\), \d+ KB/);
      const pdf = fs.readFileSync(out);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const pages = count(pdf.toString('latin1'), /\/Type\s*\/Page[^s]/);
      assert.ok(pages >= 3, `${pages} pages`);
      assert.ok(pdf.length > 100_000, `${pdf.length} bytes: fonts and drawings embedded`);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    });

    it('says in one line what to install when Chromium is missing, and writes nothing', async () => {
      const out = path.join(dir, 'missing.pdf');
      const r = await cli([path.join(repoRoot, 'samples/article.md'), '--pdf', '--out', out, '--browser', path.join(dir, 'no-chromium')]);
      assert.equal(r.code, 1);
      assert.match(r.err, /^neural-lens render: cannot draw the 5 Mermaid diagram\(s\): no Chromium at .*no-chromium; this needs playwright-core \(npm install playwright-core\) and Chromium \(apt-get install chromium, or pass --browser PATH/);
      assert.equal(r.err.trim().split('\n').length, 1);
      assert.ok(!fs.existsSync(out));
      const prose = path.join(dir, 'prose.md');
      fs.writeFileSync(prose, '# Prose\n\nNo diagram here.\n');
      const plain = await cli([prose, '--pdf', '--out', out, '--browser', path.join(dir, 'no-chromium')]);
      assert.match(plain.err, /^neural-lens render: cannot print the PDF: no Chromium at /, 'an article without diagrams needs Chromium for PDF only');
    });

    it('writes one offline HTML file: every diagram as SVG with its Chinese labels, every formula typeset, fonts inline, no script', async () => {
      const out = path.join(dir, 'article.html');
      const r = await cli([path.join(repoRoot, 'samples/article.md'), '--out', out]);
      assert.equal(r.code, 0, r.err);
      const html = fs.readFileSync(out, 'utf8');
      const body = html.slice(html.indexOf('<body'));
      assert.equal(count(body, /<div class="nl-mermaid code-line"[^>]*><div class="nl-diagram"><div class="nl-diagram-canvas"><svg /), 5);
      // Mermaid splits labels into <tspan>s by word: compare the SVGs' text content.
      const svgText = (body.match(/<svg [\s\S]*?<\/svg>/g) ?? []).join('\n').replace(/<[^>]+>/g, '');
      for (const label of ['神经网络的普遍性', '适用于多种任务', '隐藏层 1', '读取 CSV：text, label', '开始训练 (CSV, 超参数)', '嵌入层']) {
        assert.ok(svgText.includes(label), `label ${label} missing from the SVGs`);
      }
      assert.equal(count(body, '<span class="katex">'), 20);
      assert.equal(count(body, 'nl-error'), 0);
      assert.equal(count(html, '<script'), 0);
      assert.ok(count(html, 'url(data:font/woff2;base64,') >= 20, 'KaTeX fonts inlined');
      assert.doesNotMatch(html, /url\(["']?\.\/fonts\//, 'no font left as a file reference');
      assert.ok(html.includes('src="data:image/svg+xml;base64,'), 'the relative image is inlined');
    });

    it('--allow-html keeps harmless raw HTML and drops a redirect, a base and a form', async () => {
      const out = path.join(dir, 'raw.html');
      const source = path.join(dir, 'raw.md');
      fs.writeFileSync(source, fixture('raw-html.md').replace(/```mermaid[\s\S]*```\n/, ''));
      const r = await cli([source, '--out', out, '--allow-html']);
      assert.equal(r.code, 0, r.err);
      const html = fs.readFileSync(out, 'utf8');
      const body = html.slice(html.indexOf('<body'));
      assert.doesNotMatch(body, /http-equiv|<base|<form|onerror/i);
      assert.match(body, /<kbd>Ctrl<\/kbd>/);
    });

    it('shows a broken diagram in place with its message and still draws the good one', async () => {
      const out = path.join(dir, 'invalid.html');
      const r = await cli([path.join(repoRoot, 'test/fixtures/markdown/invalid.md'), '--out', out]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /2 diagram\(s\), 1 with errors/);
      const html = fs.readFileSync(out, 'utf8');
      assert.equal(count(html, '<svg '), 1);
      assert.equal(count(html, 'class="nl-error nl-diagram-error"'), 1);
      assert.equal(count(html, 'class="nl-error nl-math-error"'), 2);
      assert.ok(html.includes('The last paragraph still renders.'));
    });
  });
});
