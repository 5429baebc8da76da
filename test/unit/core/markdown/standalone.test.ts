import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeSkippedImage, imageAsDataUri, writeFileAtomic, type SkippedImage } from '../../../../src/core/markdown/exportFiles';
import { inlineFontUrls, listDiagrams, renderStandaloneHtml } from '../../../../src/core/markdown/standalone';
import type { HeadlessPreview } from '../../../../src/core/markdown/headlessPreview';
import { count, fixture, headlessPreviewOrSkip, repoRoot, sample } from './helpers';

const options = { math: true, allowHtml: false };

describe('standalone HTML export', () => {
  const article = sample('article.md');

  it('lists every diagram in document order with its fence line', () => {
    const list = listDiagrams(article, options);
    assert.equal(list.length, 5);
    assert.deepEqual(
      list.map((d) => d.source.split('\n')[0]),
      ['graph TB', 'graph LR', 'flowchart TD', 'sequenceDiagram', 'classDiagram'],
    );
    const lines = article.split('\n');
    for (const d of list) assert.equal(lines[d.line], '```mermaid');
  });

  it('inlines drawn diagrams as SVG, shows diagram errors in place, and carries no script', async () => {
    const list = listDiagrams(article, options);
    const diagrams = new Map(list.map((d, i) => [d.hash, i === 1 ? { error: 'Parse error on line 2' } : { svg: `<svg id="d${i}"><text>图${i}</text></svg>` }]));
    const html = await renderStandaloneHtml({ markdown: article, title: 'T', options, diagrams, css: 'body{}' });
    assert.equal(count(html, '<svg id="d'), 4);
    assert.equal(count(html, 'class="nl-error nl-diagram-error"'), 1);
    assert.ok(html.includes('Diagram error (line '));
    assert.equal(count(html, '<span class="katex">'), 20);
    assert.equal(count(html, '<script'), 0);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; font-src data:; base-uri 'none'; form-action 'none'">/);
  });

  it('keeps a diagram it was not given as readable source', async () => {
    const html = await renderStandaloneHtml({ markdown: '```mermaid\ngraph TD\nA-->B\n```\n', title: 'T', options, diagrams: new Map(), css: '' });
    assert.ok(html.includes('<pre class="nl-mermaid-source">graph TD'));
  });

  it('inlines KaTeX fonts as woff2 data: URIs and drops the woff/ttf fallbacks', () => {
    const katexDir = path.join(repoRoot, 'node_modules/katex/dist');
    const css = fs.readFileSync(path.join(katexDir, 'katex.min.css'), 'utf8');
    const faces = count(css, '@font-face');
    assert.ok(faces >= 20);
    const inlined = inlineFontUrls(css, (url) => fs.readFileSync(path.join(katexDir, url)));
    assert.equal(count(inlined, 'url(data:font/woff2;base64,'), faces);
    assert.equal(count(inlined, '.woff)'), 0);
    assert.equal(count(inlined, '.ttf)'), 0);
    assert.equal(count(inlined, 'url(fonts/'), 0);
  });

  it('leaves a font it cannot read as it was', () => {
    const css = '@font-face{font-family:X;src:url(fonts/x.woff2) format("woff2")}';
    assert.equal(inlineFontUrls(css, () => undefined), css);
  });

  it('turns relative images into data: URIs and leaves remote ones alone', () => {
    const resolve = imageAsDataUri(path.join(repoRoot, 'samples/article.md'));
    const uri = resolve('images/neuron.svg');
    assert.ok(uri?.startsWith('data:image/svg+xml;base64,'));
    assert.ok(Buffer.from(uri!.split(',')[1], 'base64').toString('utf8').includes('<svg'));
    assert.equal(resolve('https://example.com/a.png'), undefined);
    assert.equal(resolve('missing.png'), undefined);
  });

  describe('inlines only regular files under the article folder (or the workspace)', () => {
    let dir: string;
    let article: string;
    let outside: string;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-images-'));
      fs.mkdirSync(path.join(dir, 'article', 'img'), { recursive: true });
      article = path.join(dir, 'article', 'a.md');
      fs.writeFileSync(path.join(dir, 'article', 'img', 'ok.png'), png);
      outside = path.join(dir, 'secret.png');
      fs.writeFileSync(outside, 'SECRET');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function resolver(options: Parameters<typeof imageAsDataUri>[1] = {}) {
      const skipped: SkippedImage[] = [];
      return { resolve: imageAsDataUri(article, { ...options, onSkipped: (s) => skipped.push(s) }), skipped };
    }

    it('inlines a file of the article folder, through a symbolic link that stays inside too', () => {
      fs.symlinkSync(path.join(dir, 'article', 'img', 'ok.png'), path.join(dir, 'article', 'link.png'));
      const { resolve, skipped } = resolver();
      assert.equal(resolve('img/ok.png'), `data:image/png;base64,${png.toString('base64')}`);
      assert.equal(resolve('link.png'), `data:image/png;base64,${png.toString('base64')}`);
      assert.deepEqual(skipped, []);
    });

    it('leaves ../ paths, absolute paths and symbolic links that lead outside as links, and says so', () => {
      fs.symlinkSync(outside, path.join(dir, 'article', 'x.png'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'article', 'passwd.png'));
      const { resolve, skipped } = resolver();
      for (const href of ['../secret.png', outside, 'x.png', 'passwd.png']) assert.equal(resolve(href), undefined, href);
      assert.deepEqual(
        skipped.map((s) => [s.href, s.reason]),
        [
          ['../secret.png', 'outside'],
          [outside, 'outside'],
          ['x.png', 'outside'],
          ['passwd.png', 'outside'],
        ],
      );
      assert.match(describeSkippedImage(skipped[2]), /x\.png.*outside the article's folder.*left as a link/);
    });

    it('never reads a device, a folder or a file over the size cap', () => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'article', 'zero.png'));
      fs.mkdirSync(path.join(dir, 'article', 'folder.png'));
      fs.writeFileSync(path.join(dir, 'article', 'big.png'), Buffer.alloc(2048));
      const { resolve, skipped } = resolver({ maxBytes: 1024, roots: ['/dev'] });
      const started = Date.now();
      for (const href of ['zero.png', 'folder.png', 'big.png']) assert.equal(resolve(href), undefined, href);
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(
        skipped.map((s) => s.reason),
        ['not-a-file', 'not-a-file', 'too-large'],
      );
    });

    it('inlines from an extra root (the workspace) and reports a missing file', () => {
      const { resolve, skipped } = resolver({ roots: [dir] });
      assert.equal(resolve('../secret.png'), `data:image/png;base64,${Buffer.from('SECRET').toString('base64')}`);
      assert.equal(resolve('nope.png'), undefined);
      assert.deepEqual(skipped.map((s) => s.reason), ['missing']);
    });
  });

  it('refuses to export raw HTML without a sanitiser', async () => {
    await assert.rejects(() => renderStandaloneHtml({ markdown: '<b>x</b>', title: 'T', options: { math: true, allowHtml: true }, diagrams: new Map(), css: '' }), /raw HTML.*sanitiser/);
  });

  describe('with raw HTML allowed (sanitised by the preview script in headless Chromium)', function () {
    this.timeout(120_000);
    const allowHtml = { math: true, allowHtml: true };
    let headless: HeadlessPreview | undefined;
    before(async function () {
      headless = await headlessPreviewOrSkip(this);
    });
    after(async () => headless?.close());
    const sanitize = (html: string) => headless!.sanitize(html);
    const diagrams = (markdown: string) => new Map(listDiagrams(markdown, allowHtml).map((d) => [d.hash, { svg: '<svg id="drawn"><style>#drawn{fill:red}</style><text>A</text></svg>' }]));

    it('sanitises it as the webview does: no redirect, no base, no form, no handler; the harmless HTML and the drawn diagram stay', async () => {
      const markdown = fixture('raw-html.md');
      const html = await renderStandaloneHtml({ markdown, title: 'T', options: allowHtml, diagrams: diagrams(markdown), css: '', sanitize });
      const body = html.slice(html.indexOf('<body'));
      assert.doesNotMatch(body, /http-equiv|<base|<form|formaction|onerror|<script/i);
      assert.equal(count(html, 'http-equiv'), 1, 'only our own CSP meta');
      assert.match(body, /<p style="color: teal">Harmless <b>bold<\/b> raw HTML stays, <a href="https:\/\/example.com\/">and its link<\/a>\.<\/p>/);
      assert.match(body, /<kbd>Ctrl<\/kbd>/);
      assert.equal(count(body, '<span class="katex">'), 1);
      assert.equal(count(body, '<svg id="drawn"><style>#drawn{fill:red}</style>'), 1, 'the diagram is inserted as drawn, after sanitising');
      assert.match(html, /base-uri 'none'; form-action 'none'/);
    });

    it('sanitises the hostile fixture: nothing that runs is left', async () => {
      const markdown = fixture('hostile.md');
      const html = await renderStandaloneHtml({ markdown, title: 'T', options: allowHtml, diagrams: new Map(), css: '', sanitize });
      assert.equal(count(html, '<script'), 0);
      // In tags, that is: the fixture's text (and its diagrams' sources) still reads "onerror=" and "javascript:".
      assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=|<[^>]*=\s*["']?\s*javascript:|<iframe/i);
    });
  });

  it('writes atomically: the target appears whole, no temporary file is left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-export-'));
    const file = path.join(dir, 'out.html');
    writeFileAtomic(file, '<p>ok</p>');
    assert.equal(fs.readFileSync(file, 'utf8'), '<p>ok</p>');
    assert.deepEqual(fs.readdirSync(dir), ['out.html']);
    fs.rmSync(dir, { recursive: true });
  });

  it('escapes the hostile fixture in the export too', async () => {
    const html = await renderStandaloneHtml({ markdown: fixture('hostile.md'), title: '<script>x</script>', options, diagrams: new Map(), css: '' });
    assert.equal(count(html, '<script'), 0);
    assert.doesNotMatch(html, /href\s*=\s*["']?\s*javascript:/i);
  });
});
